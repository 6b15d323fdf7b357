import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupPanelView } from '../../components/GroupPanelView';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { GroupMember, GroupPanel } from '../../lib/messaging/protocol';

// Counts how often a member row renders its date (once per row render).
const dates = vi.hoisted(() => ({ formatted: 0 }));
vi.mock('../../components/format', async (original) => {
  const actual = await original<typeof import('../../components/format')>();
  return {
    ...actual,
    formatDateTime: (...args: Parameters<typeof actual.formatDateTime>) => {
      dates.formatted++;
      return actual.formatDateTime(...args);
    },
  };
});

const EN = JSON.parse(readFileSync(resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
/** One translator for the page's life, as the sidebar has (a new one re-renders every row that reads it). */
const t = createTranslator(EN);
const T0 = Date.UTC(2026, 10, 29, 9);

const member = (i: number, over: Partial<GroupMember> = {}): GroupMember => ({
  memberId: `demo:u-${i}`,
  name: `Member ${i}`,
  tags: [],
  firstSeen: T0,
  lastSeen: T0 + i * 1000,
  messageCount: 1,
  left: false,
  ...over,
});
/** A panel as each re-read delivers it: new objects every time, even for what did not change. */
const panelOf = (members: GroupMember[]): GroupPanel => ({
  group: { id: 'demo:g', site: 'demo', externalId: 'g', title: 'g', firstSeen: T0, lastSeen: T0, rulesText: '' },
  health: { targetMinutes: 5, computedAt: T0 },
  members: members.map((m) => ({ ...m, tags: m.tags.map((tag) => ({ ...tag })) })),
  unanswered: [],
  recentJoins: [],
});

function view(panel: GroupPanel, props: { onSelectMember?: (id: string) => void; onBulkTag?: (ids: string[], name: string) => Promise<boolean> } = {}) {
  return (
    <I18nContext.Provider value={t}>
      <GroupPanelView
        panel={panel}
        language="en"
        now={T0}
        clock={() => T0}
        onSelectMember={props.onSelectMember ?? (() => {})}
        onSaveRules={async () => true}
        onPostRules={() => {}}
        standardRules={null}
        onBulkTag={props.onBulkTag ?? (async () => true)}
        onWelcome={() => {}}
        faqFor={() => []}
        onAnswer={() => {}}
        onMarkQuestion={() => {}}
      />
    </I18nContext.Provider>
  );
}
const rows = () => screen.queryAllByTestId('gs-group-member');
const row = (i: number) => {
  const found = rows()[i];
  if (!found) throw new Error(`no member row ${i}`);
  return found;
};
const checkbox = (i: number) => row(i).querySelector('input[type="checkbox"]') as HTMLInputElement;

afterEach(cleanup);

describe('GroupPanelView member list', () => {
  it('shows 50 members at a time, the header keeps the full count, and show more adds 50', () => {
    const members = Array.from({ length: 120 }, (_, i) => member(i));
    render(view(panelOf(members)));
    expect(rows()).toHaveLength(50);
    expect(screen.getByText('(120/120)')).toBeTruthy();
    const more = screen.getByTestId('gs-show-more');
    expect(more.dataset.list).toBe('members');
    fireEvent.click(more);
    expect(rows()).toHaveLength(100);
    fireEvent.click(screen.getByTestId('gs-show-more'));
    expect(rows()).toHaveLength(120);
    expect(screen.queryByTestId('gs-show-more')).toBeNull();
  });

  it('re-renders only the rows whose member changed when the panel is read again', () => {
    const members = Array.from({ length: 30 }, (_, i) => member(i));
    const { rerender } = render(view(panelOf(members)));
    expect(dates.formatted).toBeGreaterThanOrEqual(30);
    dates.formatted = 0;
    // The same members as new objects: nothing renders again.
    rerender(view(panelOf(members)));
    expect(dates.formatted).toBe(0);
    // One member spoke (last seen moved), another got a tag: those two rows render.
    const next = members.map((m, i) => (i === 3 ? { ...m, lastSeen: m.lastSeen + 60_000 } : i === 7 ? { ...m, tags: [{ id: 't-1', name: 'VIP', color: '#c00', favourite: false, createdAt: T0 }] } : m));
    rerender(view(panelOf(next)));
    expect(dates.formatted).toBe(2);
    expect(row(7).textContent).toContain('VIP');
  });

  it('keeps ticked members and the latest handlers across re-reads', async () => {
    const members = Array.from({ length: 5 }, (_, i) => member(i));
    const tagged: string[][] = [];
    const onBulkTag = async (ids: string[]) => {
      tagged.push(ids);
      return true;
    };
    const selectedBy: string[] = [];
    const { rerender } = render(view(panelOf(members), { onBulkTag, onSelectMember: (id) => selectedBy.push(`first:${id}`) }));
    fireEvent.click(checkbox(1));
    rerender(view(panelOf(members), { onBulkTag, onSelectMember: (id) => selectedBy.push(`second:${id}`) }));
    fireEvent.click(checkbox(3));
    expect(checkbox(1).checked).toBe(true);
    // A row that did not render again still calls the handler the panel was given last.
    fireEvent.click(row(2).querySelector('button') as HTMLButtonElement);
    expect(selectedBy).toEqual(['second:demo:u-2']);
    const input = screen.getByTestId('gs-bulk-tag-input') as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'lead' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(tagged).toEqual([['demo:u-1', 'demo:u-3']]));
  });
});
