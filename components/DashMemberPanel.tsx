import type { SidebarStore } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';
import { MemberCard } from './MemberCard';

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
        <MemberCard
          card={card}
          tagSuggestions={store.tagSuggestions.value}
          language={language}
          onAddTag={store.addTag}
          onRemoveTag={(id) => void store.removeTag(id)}
          onAddNote={store.addNote}
          onDeleteNote={(id) => void store.deleteNote(id)}
          onStageChange={(stage) => void store.setStage(stage)}
          onTierChange={(tier) => void store.setTier(tier)}
          onEditNote={store.editNote}
          groupId={null}
          onRevokeWarnings={(groupId, all) => void store.revokeWarnings(groupId, all)}
          onForget={() => {
            void store.forgetSelected().then((done) => done && onClose());
          }}
          onLoadMoreHistory={() => void store.history.loadMore()}
          focusMessageId={store.history.focusMessageId.value}
          flag={{ staffName: store.settings.value?.staffName ?? '', onSaveStaffName: store.saveStaffName, onFlag: store.flagMessage }}
        />
      ) : (
        <p class="hint">{store.loading.value ? t('loading') : t('memberNotStored')}</p>
      )}
    </aside>
  );
}
