import type { SidebarStore } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';
import { StoreMemberCard } from './StoreMemberCard';

interface DashMemberPanelProps {
  /** The sidebar's own store, without a chat composer: the card here is the sidebar's card. */
  store: SidebarStore;
  language: string;
  onClose: () => void;
}

/**
 * The member card beside the dashboard, opened at one message (a question behind a figure),
 * the way a search result opens it in the sidebar: same store, same card, same history.
 */
export function DashMemberPanel({ store, language, onClose }: DashMemberPanelProps) {
  const t = useT();
  const card = store.card.value;
  return (
    <aside class="dash-member" data-testid="gs-dash-member" aria-label={t('dashMemberHistory')}>
      <div class="dash-block-head">
        <h3>{t('dashMemberHistory')}</h3>
        <button type="button" class="secondary" data-testid="gs-dash-member-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {store.error.value && (
        <p class="error" role="alert">
          {store.error.value}
        </p>
      )}
      {card ? (
        <StoreMemberCard store={store} card={card} language={language} groupId={null} onForgotten={onClose} />
      ) : (
        <p class="hint">{store.loading.value ? t('loading') : t('memberNotStored')}</p>
      )}
    </aside>
  );
}
