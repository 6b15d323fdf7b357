import { useEffect } from 'preact/hooks';
import type { Template, TemplateUseVia } from '../lib/model';
import { suggestFaqInQuestionLanguage } from '../lib/templates/faq-language';
import { formatTemplateDate, renderTemplate } from '../lib/templates/render';
import type { SidebarStore, SidebarTab } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';
import type { FlaggedMessageView } from '../lib/messaging/protocol';
import { stepText } from '../lib/moderation/notice';
import { GroupPanelView } from './GroupPanelView';
import { SuggestionList } from './SuggestionList';
import { HealthBanner } from './HealthBanner';
import { PickedBar } from './PickedBar';
import { SetupPanel } from './SetupPanel';
import type { SetupStore } from '../lib/state/setup-store';
import { StoreMemberCard } from './StoreMemberCard';
import { SearchPanel } from './SearchPanel';
import { SectionNav } from './SectionNav';
import { TemplatePicker } from './TemplatePicker';
import { GroupLanguagePicker } from './GroupLanguagePicker';
import { pickVariant } from '../lib/templates/variants';

interface SidebarProps {
  store: SidebarStore;
  language: string;
  /**
   * Category names as public notices use them, in the notice's language (which may not be
   * the interface's). Defaults to the interface's own words.
   */
  noticeCategoryName?: (category: string, lang: 'zh' | 'en') => string;
  /**
   * Closes the sidebar (the page's own toggle tab is hidden while the sidebar is open, so it
   * never covers the chat's composer or send button). Left out where there is no page, e.g. tests.
   */
  onClose?: () => void;
  /** Point-and-click setup and repair (left out where no page can be picked, e.g. tests). */
  setup?: SetupStore;
}

export function Sidebar({ store, language, noticeCategoryName, onClose, setup }: SidebarProps) {
  const t = useT();
  const categoryName = noticeCategoryName ?? ((category: string) => t(`noticeCategory_${category}`));
  // Each jump (a click in the nav, a name clicked in the chat) brings its section into view.
  const jumps = store.jumps.value;
  useEffect(() => {
    if (jumps > 0) document.getElementById(`gs-panel-${store.tab.peek()}`)?.scrollIntoView({ block: 'start' });
  }, [jumps, store.tab]);
  const context = store.context.value;
  const card = store.card.value;
  // Search as the user types, once typing pauses.
  const searchFilters = store.search.filters.value;
  const selectedMemberId = store.selectedMemberId.value;
  const contextGroupId = context?.groupId ?? null;
  useEffect(() => {
    const timer = setTimeout(() => void store.search.run({ groupId: contextGroupId, memberId: selectedMemberId }), 150);
    return () => clearTimeout(timer);
  }, [searchFilters, contextGroupId, selectedMemberId, store.search]);
  const tabs: Array<{ key: SidebarTab; label: string }> = [
    { key: 'member', label: t('tabMember') },
    { key: 'group', label: store.suggestions.value.length ? `${t('tabGroup')} (${store.suggestions.value.length})` : t('tabGroup') },
    { key: 'templates', label: t('tabTemplates') },
  ];
  const templateValues = {
    member: card?.member.name,
    group: context?.groupTitle ?? undefined,
    staff: store.settings.value?.staffName || undefined,
    date: formatTemplateDate(store.now(), store.templateLanguage.value),
    rule: undefined as string | undefined,
  };

  // The group's language picks the variant, not the interface language: an English
  // interface still sends the Chinese warning into a Chinese group.
  const templateLang = store.templateLanguage.value;
  /** Renders a template for `member` and inserts it, or says which values are missing. */
  const insertFor = (template: Template, member: string, via: TemplateUseVia = 'sidebar') => {
    const rendered = renderTemplate(template.body, { ...templateValues, member });
    if (rendered.missing.length > 0) store.error.value = t('templateMissingValues', rendered.missing.map((n) => `{${n}}`).join(' '));
    else void store.insert(rendered.text, template.sendDirectly, { templateId: template.id, via });
  };
  const welcome = (name: string) => {
    const template = pickVariant(store.templates.value, 'welcome', templateLang);
    if (!template) {
      store.error.value = t('noWelcomeTemplate');
      return;
    }
    insertFor(template, name);
  };

  /** The team's "post the group rules" template for this group, filled in, as a group's starting rules. */
  const standardRules = () => {
    const template = pickVariant(store.templates.value, 'rules', templateLang);
    if (!template) return null;
    const rendered = renderTemplate(template.body, templateValues);
    return rendered.missing.length > 0 ? null : rendered.text;
  };

  /** The ladder step's template, filled for the flagged message, goes out through the step's channel. */
  const act = (item: FlaggedMessageView, reason: string) => {
    const { templateId, channel } = item.choice;
    if (!templateId || channel === 'staff' || channel === null) {
      void store.act(item, null, reason);
      return;
    }
    // The group's language picks the variant (a Chinese group gets the Chinese notice).
    const result = stepText(store.templates.value, templateId, templateLang, item.categories.map((c) => c.category), categoryName, {
      ...templateValues,
      member: item.authorName,
    });
    if (result.ok) void store.act(item, result.text, reason, result.template.id);
    else if (result.problem === 'no-template') store.error.value = t('noTemplateForStep', item.choice.step, result.templateId);
    else store.error.value = t('templateMissingValues', result.missing.map((n) => `{${n}}`).join(' '));
  };
  const suggestionList = (
    <SuggestionList
      suggestions={store.suggestions.value}
      language={language}
      windowDays={store.settings.value?.warningWindowDays ?? 30}
      staffName={store.settings.value?.staffName ?? ''}
      onSaveStaffName={(name) => store.saveStaffName(name)}
      onAct={act}
      onConfirm={(item, reason) => void store.confirmAction(item, reason)}
      onCancel={(item) => void store.cancelAction(item)}
      onDismiss={(item, code, text) => void store.dismissSuggestion(item, code, text)}
      onSelectMember={(id) => {
        void store.select(id);
        store.setTab('member');
      }}
    />
  );

  return (
    <main class="sidebar" data-testid="gs-sidebar">
      <header class="sidebar-header">
        <div class="sidebar-title">
          <h1>{t('extName')}</h1>
          {onClose && (
            <button type="button" class="link sidebar-close" data-testid="gs-sidebar-close" title={t('sidebarClose')} aria-label={t('sidebarClose')} onClick={onClose}>
              ×
            </button>
          )}
        </div>
        {context?.groupTitle && <p class="group-title">{context.groupTitle}</p>}
        {context && context.adapterId !== '' && (
          <HealthBanner
            state={context.health.state}
            misses={context.health.misses}
            adapterLabel={context.adapterLabel}
            verified={context.verified}
            delivery={context.health.delivery}
          />
        )}
        {setup && <SetupPanel store={setup} context={context} />}
      </header>
      {store.error.value && (
        <p class="error" role="alert" data-testid="gs-error">
          {store.error.value}
        </p>
      )}
      {store.actionNotice.value && (
        <p class="ok" role="status" data-testid="gs-action-notice" data-notice={store.actionNotice.value}>
          {t(`actionNotice_${store.actionNotice.value.replaceAll('-', '_')}`)}
        </p>
      )}
      {store.notice.value && (
        <p class="ok" role="status" data-testid="gs-notice">
          {store.notice.value === 'sent' ? t('insertedSent') : t('insertedReview')}
        </p>
      )}
      <SectionNav
        sections={tabs}
        active={store.tab.value}
        onJump={(key) => store.setTab(key)}
        label={t('sectionsNav')}
        trailing={
          // The banner sits at the top; staff working further down (a member's history) still
          // learn at once that the chat stopped being read, and get to the repair in one click.
          (context?.health.state === 'broken' || context?.health.state === 'degraded') && (
            <button
              type="button"
              class="health-jump"
              data-testid="gs-health-jump"
              title={t('healthJumpTitle')}
              onClick={() => document.querySelector('.sidebar-header')?.scrollIntoView({ block: 'start' })}
            >
              {t('healthJump')}
            </button>
          )
        }
      />
      <SearchPanel
        filters={searchFilters}
        onFilters={(next) => {
          store.search.filters.value = next;
        }}
        results={store.search.results.value}
        error={store.search.error.value}
        language={language}
        hasGroup={Boolean(contextGroupId)}
        hasMember={Boolean(selectedMemberId)}
        onOpen={(message) => {
          store.setTab('member');
          void store.openMessage(message);
        }}
      />
      <section id="gs-panel-member" class="panel-section" aria-labelledby="gs-heading-member">
        <h2 id="gs-heading-member" class="section-heading">
          {t('tabMember')}
        </h2>
        <PickedBar picked={store.picked.value} onTag={(name) => store.tagPicked(name)} onClear={() => store.clearPicked()} />
        {card ? (
          <StoreMemberCard store={store} card={card} language={language} groupId={context?.groupId ?? null} />
        ) : (
          <>
            <p class="hint">{store.selectedMemberId.value && !store.loading.value ? t('memberNotStored') : t('selectMemberHint')}</p>
            <p class="hint">{t('pickHint')}</p>
          </>
        )}
      </section>
      <section id="gs-panel-group" class="panel-section" aria-labelledby="gs-heading-group">
        <h2 id="gs-heading-group" class="section-heading">
          {t('tabGroup')}
        </h2>
        {context?.groupId && store.groupLanguage.value && (
          <GroupLanguagePicker value={store.groupLanguage.value} onChange={(next) => void store.setGroupLanguage(next)} />
        )}
        {context?.groupId && suggestionList}
        {store.groupPanel.value ? (
          <GroupPanelView
            panel={store.groupPanel.value}
            language={language}
            now={store.now()}
            clock={store.now}
            onSelectMember={(id) => {
              void store.select(id);
              store.setTab('member');
            }}
            onSaveRules={store.setGroupRules}
            onPostRules={(rules) => void store.insert(rules)}
            standardRules={standardRules()}
            onBulkTag={store.addTagToMembers}
            onWelcome={welcome}
            faqFor={(question) => suggestFaqInQuestionLanguage(question, store.templates.value, 2).map((m) => m.template)}
            onAnswer={(template, member) => insertFor(template, member, 'faq')}
            onReply={(question) => store.replyTo(question)}
            onMarkQuestion={(messageId, mark) => void store.markQuestion(messageId, mark)}
            onUnansweredShown={store.showUnanswered}
            flag={{
              staffName: store.settings.value?.staffName ?? '',
              onSaveStaffName: store.saveStaffName,
              // A flagged message (an ad, an insult) is not a question waiting for an answer,
              // as with messages the rules flag.
              onFlag: async (messageId, category, reason) => {
                const done = await store.flagMessage(messageId, category, reason);
                if (done) await store.markQuestion(messageId, 'not-question');
                return done;
              },
            }}
            healthConfig={{ load: store.loadHealthConfig, save: store.saveHealthConfig }}
          />
        ) : (
          <p class="hint">{t('healthNoChat')}</p>
        )}
      </section>
      <section id="gs-panel-templates" class="panel-section" aria-labelledby="gs-heading-templates">
        <h2 id="gs-heading-templates" class="section-heading">
          {t('tabTemplates')}
        </h2>
        {store.replyingTo.value && (
          <p class="reply-target" data-testid="gs-reply-target" data-message-id={store.replyingTo.value.messageId}>
            <span class="muted">{t('replyingTo', store.replyingTo.value.authorName)}</span> <q class="waiting-text">{store.replyingTo.value.text}</q>{' '}
            <button
              type="button"
              class="link"
              data-testid="gs-reply-target-clear"
              aria-label={t('replyingToClear')}
              onClick={() => {
                store.replyingTo.value = null;
              }}
            >
              ×
            </button>
          </p>
        )}
        <TemplatePicker
          templates={store.foundTemplates.value}
          query={store.templateQuery.value}
          onQuery={(q) => {
            store.templateQuery.value = q;
          }}
          values={templateValues}
          onInsert={(text, send, template) => store.insert(text, send, template && { templateId: template.id, via: 'sidebar' })}
          onStaffName={(name) => void store.rememberStaffName(name)}
          allLanguages={{
            checked: store.allLanguages.value,
            onChange: (checked) => {
              store.allLanguages.value = checked;
            },
          }}
        />
      </section>
    </main>
  );
}
