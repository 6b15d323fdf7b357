import { cleanup, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthBanner } from '../../components/HealthBanner';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { DeliveryStatus } from '../../lib/reader/delivery';

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8')) as LocaleMessages;
const EN = createTranslator(load('en'));
const ZH = createTranslator(load('zh_CN'), load('en'));

const show = (t: typeof EN, delivery: DeliveryStatus) =>
  render(
    <I18nContext.Provider value={t}>
      <HealthBanner state="ok" misses={{}} adapterLabel="Demo" verified delivery={delivery} />
    </I18nContext.Provider>,
  );

describe('HealthBanner: storing held up', () => {
  afterEach(cleanup);

  it('says plainly that the disk is full, how many messages wait, and that none are lost, in both languages', () => {
    const full: DeliveryStatus = { state: 'quota', queuedBatches: 3, queuedEvents: 412, refused: {}, dropped: 0 };
    show(EN, full);
    const alert = screen.getByTestId('gs-health-quota');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('The disk is full: new messages are not being stored (412 waiting in this tab, none lost). Free some space; storing resumes by itself.');
    cleanup();
    show(ZH, full);
    expect(screen.getByTestId('gs-health-quota').textContent).toBe('磁盘已满：新消息暂未保存（此标签页中有 412 条在等待，不会丢失）。请释放一些空间，保存会自动恢复。');
  });

  it('names the field of a refused batch once, and shows nothing about storage when all is well', () => {
    show(EN, { state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: { 'events.ts': 2 }, dropped: 0 });
    expect(screen.getByTestId('gs-health-refused').textContent).toBe('Some messages were refused as invalid and skipped (field: events.ts).');
    expect(screen.queryByTestId('gs-health-quota')).toBeNull();
    cleanup();
    show(ZH, { state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: {}, dropped: 0 });
    expect(screen.queryByTestId('gs-health-refused')).toBeNull();
    expect(screen.queryByTestId('gs-health-quota')).toBeNull();
  });
});

describe('HealthBanner: what was not found, in staff words', () => {
  afterEach(cleanup);
  const broken = (t: typeof EN, state: string, misses: Record<string, number>) =>
    render(
      <I18nContext.Provider value={t}>
        <HealthBanner state={state} misses={misses} adapterLabel="Kestrel" verified={false} />
      </I18nContext.Provider>,
    );

  it('names the part of the chat, most missed first, never the reader key; the keys stay in data-missing', () => {
    broken(EN, 'degraded', { 'selectors.author': 3, 'selectors.authorName': 1, 'selectors.time.format': 5 });
    const banner = screen.getByTestId('gs-health');
    expect(banner.textContent).toContain("Some messages could not be read (missing: the time, the author's name).");
    expect(banner.textContent).not.toContain('selectors');
    expect(banner.getAttribute('data-missing')).toBe('selectors.author selectors.authorName selectors.time.format');
    cleanup();
    broken(ZH, 'broken', { messageContainer: 1, content: 2 });
    expect(screen.getByTestId('gs-health').textContent).toContain('未找到以下部分：消息正文、消息行。');
  });

  it('says "a part of the page" for a key it does not know, and nothing when all is well', () => {
    broken(EN, 'broken', { 'something-new': 1 });
    expect(screen.getByTestId('gs-health').textContent).toContain('these parts were not found: a part of the page.');
    cleanup();
    broken(EN, 'ok', {});
    expect(screen.getByTestId('gs-health').hasAttribute('data-missing')).toBe(false);
  });
});
