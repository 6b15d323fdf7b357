import type { SidebarStore } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';
import { HealthBanner } from './HealthBanner';
import { MemberCard } from './MemberCard';

interface SidebarProps {
  store: SidebarStore;
  language: string;
}

export function Sidebar({ store, language }: SidebarProps) {
  const t = useT();
  const context = store.context.value;
  const card = store.card.value;
  return (
    <div class="sidebar" data-testid="gs-sidebar">
      <header class="sidebar-header">
        <h1>{t('extName')}</h1>
        {context?.groupTitle && <p class="group-title">{context.groupTitle}</p>}
        {context && (
          <HealthBanner state={context.health.state} misses={context.health.misses} adapterLabel={context.adapterLabel} verified={context.verified} />
        )}
      </header>
      {store.error.value && (
        <p class="error" role="alert" data-testid="gs-error">
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
        />
      ) : (
        <p class="hint">{store.selectedMemberId.value && !store.loading.value ? t('memberNotStored') : t('selectMemberHint')}</p>
      )}
    </div>
  );
}
