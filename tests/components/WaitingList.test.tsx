import { act, fireEvent, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WaitingList } from '../../components/WaitingList';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { GroupPanel } from '../../lib/messaging/protocol';
import type { Template } from '../../lib/model';
import { suggestFaqInQuestionLanguage } from '../../lib/templates/faq-language';
import { message, MINUTE, T0 } from '../unit/db/records';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);

const question = message({ id: 'q-1', text: '年费怎么算？<b>hi</b>', ts: T0 });
const panel = (over: Partial<GroupPanel['unanswered'][number]> = {}): GroupPanel => ({
  group: { id: 'demo:g', site: 'demo', externalId: 'g', title: 'g', firstSeen: T0, lastSeen: T0, rulesText: '' },
  health: { targetMinutes: 5, computedAt: T0 + MINUTE },
  members: [],
  unanswered: [{ message: question, waitingMs: MINUTE, businessWaitingMs: MINUTE, clockRunning: true, level: 'ok', overdue: false, ...over }],
  recentJoins: [],
});
const template = (id: string, lang: Template['lang']): Template => ({ id, name: `faq-${id}`, category: 'faq', keywords: ['年费', 'annual fee'], lang, body: 'x', sendDirectly: false, createdAt: 0, updatedAt: 0 });

describe('WaitingList', () => {
  afterEach(() => vi.useRealTimers());

  it('waiting times move every 30 s without new messages, turning amber then red', () => {
    vi.useFakeTimers();
    let clock = T0 + MINUTE;
    render(
      <I18nContext.Provider value={t}>
        <WaitingList panel={panel()} now={() => clock} onSelectMember={() => {}} faqFor={() => []} onAnswer={() => {}} onMark={() => {}} />
      </I18nContext.Provider>,
    );
    const item = screen.getByTestId('gs-unanswered-item');
    expect(item.dataset.state).toBe('ok');
    expect(item.textContent).toContain('waiting 1 min');
    // Text from the page is shown as text.
    expect(item.querySelector('b')).toBeNull();

    clock = T0 + 3 * MINUTE;
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(item.dataset.state).toBe('due');
    expect(item.textContent).toContain('waiting 3 min');

    clock = T0 + 6 * MINUTE;
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(item.dataset.state).toBe('missed');
    expect(item.textContent).toContain('target missed');
  });

  it('offers mark answered and not a question for that message only', () => {
    const marks: string[] = [];
    render(
      <I18nContext.Provider value={t}>
        <WaitingList panel={panel()} now={() => T0 + MINUTE} onSelectMember={() => {}} faqFor={() => []} onAnswer={() => {}} onMark={(id, mark) => marks.push(`${id}:${mark}`)} />
      </I18nContext.Provider>,
    );
    fireEvent.click(screen.getByTestId('gs-question-answered'));
    fireEvent.click(screen.getByTestId('gs-question-dismiss'));
    expect(marks).toEqual(['q-1:answered', 'q-1:not-question']);
  });

  it('FAQ suggestions follow the language of the question', () => {
    const templates = [template('en', 'en'), template('zh', 'zh'), template('any', 'any')];
    expect(suggestFaqInQuestionLanguage('年费怎么算？', templates).map((m) => m.template.id)).toEqual(['zh', 'any']);
    expect(suggestFaqInQuestionLanguage('how is the annual fee charged?', templates).map((m) => m.template.id)).toEqual(['en', 'any']);
  });

  it('flags a waiting message in the category chosen, quoting it as text', async () => {
    const flags: string[] = [];
    render(
      <I18nContext.Provider value={t}>
        <WaitingList
          panel={panel()}
          now={() => T0 + MINUTE}
          onSelectMember={() => {}}
          faqFor={() => []}
          onAnswer={() => {}}
          onMark={() => {}}
          flag={{
            staffName: '小美',
            onSaveStaffName: async () => true,
            onFlag: async (id, category, reason) => {
              flags.push(`${id}:${category}:${reason}`);
              return true;
            },
          }}
        />
      </I18nContext.Provider>,
    );
    expect(screen.queryByTestId('gs-flag-form')).toBeNull();
    fireEvent.click(screen.getByTestId('gs-flag-message'));
    const form = screen.getByTestId('gs-flag-form');
    expect(form.querySelector('.flag-quote')?.textContent).toBe('年费怎么算？<b>hi</b>');
    expect(form.querySelector('b')).toBeNull();
    fireEvent.change(screen.getByTestId('gs-flag-category'), { target: { value: 'insult' } });
    fireEvent.input(screen.getByTestId('gs-flag-reason'), { target: { value: '骂人' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('gs-flag-confirm'));
    });
    expect(flags).toEqual(['q-1:insult:骂人']);
    expect(screen.queryByTestId('gs-flag-form')).toBeNull();
  });

  it('a long list shows its oldest 50 and grows by 50 on request, with the full count in the header', () => {
    const many: GroupPanel = {
      ...panel(),
      unanswered: Array.from({ length: 120 }, (_, i) => ({
        message: message({ id: `q-${i}`, text: `question ${i}`, ts: T0 + i }),
        waitingMs: MINUTE,
        businessWaitingMs: MINUTE,
        clockRunning: true,
        level: 'ok' as const,
        overdue: false,
      })),
    };
    const asked: string[] = [];
    render(
      <I18nContext.Provider value={t}>
        <WaitingList panel={many} now={() => T0 + MINUTE} onSelectMember={() => {}} faqFor={(text) => {
          asked.push(text);
          return [];
        }} onAnswer={() => {}} onMark={() => {}} />
      </I18nContext.Provider>,
    );
    expect(screen.getByRole('heading').textContent).toContain('(120)');
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(50);
    expect(screen.getAllByTestId('gs-unanswered-item')[0]?.textContent).toContain('question 0');
    // FAQ suggestions are worked out only for the questions shown.
    expect(asked).toHaveLength(50);
    expect(screen.getByTestId('gs-show-more').textContent).toBe('Show 50 more (70 not shown)');
    fireEvent.click(screen.getByTestId('gs-show-more'));
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(100);
    expect(screen.getByTestId('gs-show-more').textContent).toBe('Show 20 more (20 not shown)');
    fireEvent.click(screen.getByTestId('gs-show-more'));
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(120);
    expect(screen.queryByTestId('gs-show-more')).toBeNull();
  });

  it('a panel read with the first questions only counts all of them, and asks for a page more than it shows as it shows more', () => {
    const item = (i: number) => ({ message: message({ id: `q-${i}`, text: `question ${i}`, ts: T0 + i }), waitingMs: MINUTE, businessWaitingMs: MINUTE, clockRunning: true, level: 'ok' as const, overdue: false });
    const firstRead: GroupPanel = { ...panel(), unanswered: Array.from({ length: 100 }, (_, i) => item(i)), unansweredTotal: 5_702 };
    const shown: number[] = [];
    const view = (p: GroupPanel) => (
      <I18nContext.Provider value={t}>
        <WaitingList panel={p} now={() => T0 + MINUTE} onSelectMember={() => {}} faqFor={() => []} onAnswer={() => {}} onMark={() => {}} onShown={(n) => shown.push(n)} />
      </I18nContext.Provider>
    );
    const { rerender } = render(view(firstRead));
    expect(screen.getByRole('heading').textContent).toContain('(5702)');
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(50);
    expect(screen.getByTestId('gs-show-more').textContent).toBe('Show 50 more (5652 not shown)');
    expect(shown).toEqual([100]);
    // The next page was read with the first: shown at once, and the one after is asked for.
    fireEvent.click(screen.getByTestId('gs-show-more'));
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(100);
    expect(shown).toEqual([100, 150]);
    rerender(view({ ...firstRead, unanswered: Array.from({ length: 150 }, (_, i) => item(i)) }));
    fireEvent.click(screen.getByTestId('gs-show-more'));
    expect(screen.getAllByTestId('gs-unanswered-item')).toHaveLength(150);
    expect(screen.getAllByTestId('gs-unanswered-item')[149]?.textContent).toContain('question 149');
    expect(shown).toEqual([100, 150, 200]);
    // A new read (a message arrived) changes nothing of what is asked for.
    rerender(view({ ...firstRead, unanswered: Array.from({ length: 200 }, (_, i) => item(i)), unansweredTotal: 5_703 }));
    expect(shown).toEqual([100, 150, 200]);
    expect(screen.getByRole('heading').textContent).toContain('(5703)');
  });

  it('shows a long wait in hours, and business hours apart when they differ', () => {
    const long = panel({ waitingMs: 1079 * MINUTE, businessWaitingMs: 125 * MINUTE, level: 'missed', overdue: true });
    render(
      <I18nContext.Provider value={t}>
        <WaitingList panel={{ ...long, health: { ...long.health, computedAt: T0 } }} now={() => T0} onSelectMember={() => {}} faqFor={() => []} onAnswer={() => {}} onMark={() => {}} />
      </I18nContext.Provider>,
    );
    expect(screen.getByTestId('gs-unanswered-wait').textContent).toBe(' · waiting 17 h 59 min (2 h 5 min in business hours)');
  });
});
