import { browser } from 'wxt/browser';
import { PopupView } from '../../components/PopupView';
import { startPage, tabCommands } from '../../lib/ui/page';
import { canSetUpHere, setUpHere } from '../../lib/ui/setup-here';

void startPage(document.getElementById('root') as HTMLElement, async ({ client, t }) => {
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
      onSetUpHere={
        tabId !== undefined && !status && canSetUpHere(tab?.url)
          ? async () => {
              try {
                const started = await setUpHere(tabId, {
                  // Opening this popup granted activeTab for the tab: enough to inject, until it navigates.
                  inject: (id) => browser.scripting.executeScript({ target: { tabId: id }, files: ['/content-scripts/chat.js'] }),
                  answers: (id) => tabCommands.request(id, 'get-context', {}).then(() => true, () => false),
                  startSetup: (id) => tabCommands.request(id, 'setup', { command: { action: 'start' } }),
                  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
                });
                if (started === 'started') {
                  window.close();
                  return null;
                }
                return t('popupSetupNoAnswer');
              } catch (error) {
                return t('popupSetupFailed', error instanceof Error ? error.message : String(error));
              }
            }
          : undefined
      }
    />
  );
});
