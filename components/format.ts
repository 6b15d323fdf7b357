/** Dates in the UI language; shared by the components. */
export function formatDateTime(ts: number, language: string): string {
  return new Intl.DateTimeFormat(language === 'zh_CN' ? 'zh-CN' : 'en', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ts);
}
