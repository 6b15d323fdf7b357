import type { MemberCard as MemberCardData } from '../lib/messaging/protocol';
import type { SidebarStore } from '../lib/state/sidebar-store';
import { MemberCard } from './MemberCard';

interface StoreMemberCardProps {
  store: SidebarStore;
  card: MemberCardData;
  language: string;
  /** The group open in the chat, if any: warnings are revoked there. */
  groupId: string | null;
  /** After the member was forgotten (the card is gone). */
  onForgotten?: () => void;
}

/** The member card wired to the sidebar store: the sidebar and the dashboard show one and the same card. */
export function StoreMemberCard({ store, card, language, groupId, onForgotten }: StoreMemberCardProps) {
  return (
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
      groupId={groupId}
      onRevokeWarnings={(revokeIn, all) => void store.revokeWarnings(revokeIn, all)}
      onForget={() => {
        void store.forgetSelected().then((done) => {
          if (done) onForgotten?.();
        });
      }}
      onLoadMoreHistory={() => void store.history.loadMore()}
      focusMessageId={store.history.focusMessageId.value}
      flag={{ staffName: store.settings.value?.staffName ?? '', onSaveStaffName: store.saveStaffName, onFlag: store.flagMessage }}
    />
  );
}
