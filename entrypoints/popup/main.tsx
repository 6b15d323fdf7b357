import { browser } from 'wxt/browser';
import { PopupView } from '../../components/PopupView';
import { startPage, tabCommands } from '../../lib/ui/page';

void startPage(document.getElementById('root') as HTMLElement, async ({ client }) => {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const tabId = tab?.id;
  const status = tabId === undefined ? null : await client.request('getTabStatus', { tabId }).catch(() => null);
  return (
    <PopupView
      status={status}
      onToggleSidebar={() => {
        if (tabId !== undefined) void tabCommands.request(tabId, 'toggle-sidebar', {}).catch(() => {});
        window.close();
      }}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
});
