const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Dates in the UI language; shared by the components. Formatters are cached: building an
 * Intl.DateTimeFormat costs ~20× formatting with one, and lists format hundreds of dates.
 */
export function formatDateTime(ts: number, language: string): string {
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language === 'zh_CN' ? 'zh-CN' : 'en', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(language, formatter);
  }
  return formatter.format(ts);
}
