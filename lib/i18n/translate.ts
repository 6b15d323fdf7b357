// Apart from index.ts (which brings Preact's context along) so the content script can
// translate its in-page labels without loading Preact.
export type LocaleMessages = Record<string, { message: string; description?: string }>;
export type Translate = (key: string, ...substitutions: Array<string | number>) => string;

/**
 * A translator over one `_locales/<lang>/messages.json`. Pages load the file for the
 * language the user chose (the browser's own i18n API cannot switch language at runtime).
 * A missing key shows the key itself, which the locale parity test prevents from shipping.
 */
export function createTranslator(messages: LocaleMessages, fallback: LocaleMessages = {}): Translate {
  return (key, ...substitutions) => {
    const template = messages[key]?.message ?? fallback[key]?.message ?? key;
    return template.replace(/\$(\d)/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ''));
  };
}

export type UiLanguage = 'en' | 'zh_CN';

/** '' follows the browser: any Chinese locale gets Simplified Chinese, the rest English. */
export function resolveLanguage(setting: '' | UiLanguage, browserLanguage: string): UiLanguage {
  if (setting) return setting;
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en';
}
