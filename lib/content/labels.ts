import { createTranslator, type LocaleMessages, type Translate } from '../i18n/translate';

/** Every string the content script draws into the page; fetched in the language chosen in the options. */
export const PAGE_LABEL_KEYS = [
  'commandToggleSidebar',
  'templateMissingValues',
  'noTemplatesFound',
  'badgeWarnings',
  'templateField_member',
  'templateField_group',
  'templateField_staff',
  'templateField_rule',
  'templateField_date',
  'templateFormHint',
  'templateGuessedMember',
  'sidebarResize',
  'setupStep_row',
  'setupStep_author',
  'setupStep_text',
  'setupStep_composer',
  'setupStep_send',
] as const;

/**
 * Labels from the chosen language, else the browser's own (`browser.i18n.getMessage`, which
 * only knows the browser language), else the key.
 */
export function pageTranslator(messages: LocaleMessages, browserMessage: (key: string, substitutions: string[]) => string): Translate {
  const chosen = createTranslator(messages);
  return (key, ...substitutions) => {
    if (messages[key]) return chosen(key, ...substitutions);
    return browserMessage(key, substitutions.map(String)) || key;
  };
}
