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
