import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { DashMemberPanel } from '../../components/DashMemberPanel';
import { Dashboard } from '../../components/Dashboard';
import { isChangeNotice } from '../../lib/messaging/changes';
import type { RequestInput } from '../../lib/messaging/protocol';
import type { Message } from '../../lib/model';
import { createSidebarStore } from '../../lib/state/sidebar-store';
import { downloadText, todayIn } from '../../lib/ui/download';
import { startPage } from '../../lib/ui/page';

void startPage(document.getElementById('root') as HTMLElement, ({ client, language, t }) => {
  const params = new URLSearchParams(location.search);
  // The sidebar's store, with no chat composer behind it: the card, notes and tags work as there.
  const cardStore = createSidebarStore({ client, insertText: async () => ({ ok: false, error: t('dashNoComposer') }), uiLanguage: language === 'en' ? 'en' : 'zh' });
  void cardStore.start();
  browser.runtime.onMessage.addListener((message, sender) => {
    if (sender.id === browser.runtime.id && isChangeNotice(message)) cardStore.noteChange(message);
    return undefined;
  });
  const cardOpen = signal(false);
  const panel = () =>
    cardOpen.value ? (
      <DashMemberPanel
        store={cardStore}
        language={language}
        onClose={() => {
          cardOpen.value = false;
          void cardStore.select(null);
        }}
      />
    ) : null;
  // Stable callbacks: the dashboard reloads its figures when `load` changes, not when the card opens.
  const load = (query: RequestInput<'getDashboard'>) => client.request('getDashboard', query);
  const drill = (query: RequestInput<'drillDown'>) => client.request('drillDown', query);
  const onExport = (fileName: string, csv: string) => downloadText(fileName, csv, 'text/csv');
  const onWeeklyReport = () => {
    location.href = `./report.html${location.search}`;
  };
  const onOpenMessage = (message: Pick<Message, 'memberId' | 'id' | 'ts'>) => {
    cardOpen.value = true;
    void cardStore.openMessage(message).then(() => document.querySelector('[data-testid="gs-dash-member"]')?.scrollIntoView({ block: 'nearest' }));
  };
  // Opened from a miss notification: that question in its member's history.
  const [member, messageId, ts] = [params.get('member'), params.get('message'), Number(params.get('ts'))];
  if (member && messageId && Number.isFinite(ts)) onOpenMessage({ memberId: member, id: messageId, ts });
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, Date.now());
  const Page = () => (
    <Dashboard
      language={language}
      today={today}
      initialGroupId={params.get('group') ?? undefined}
      load={load}
      drill={drill}
      onExport={onExport}
      onWeeklyReport={onWeeklyReport}
      onOpenMessage={onOpenMessage}
      memberPanel={panel()}
    />
  );
  return <Page />;
});
