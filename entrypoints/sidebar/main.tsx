import { browser } from 'wxt/browser';
import { Sidebar } from '../../components/Sidebar';
import { isPageEvent } from '../../lib/content/bridge';
import { createSidebarStore } from '../../lib/state/sidebar-store';
import { startPage } from '../../lib/ui/page';

const channel = new URLSearchParams(location.hash.slice(1)).get('channel') ?? '';
let store: ReturnType<typeof createSidebarStore> | null = null;
const early: unknown[] = [];

// Registered before anything async: the content script sends the page context as soon as
// the frame loads.
browser.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== browser.runtime.id || !isPageEvent(message, channel)) return undefined;
  if (!store) early.push(message);
  else handle(message);
  return undefined;
});

function handle(message: unknown) {
  if (!store || !isPageEvent(message, channel)) return;
  if (message.type === 'context') store.setContext(message.context);
  else if (message.type === 'select-member') void store.select(message.memberId);
}

void startPage(document.getElementById('root') as HTMLElement, (env) => {
  store = createSidebarStore(env.client);
  for (const message of early.splice(0)) handle(message);
  return <Sidebar store={store} language={env.language} />;
});
