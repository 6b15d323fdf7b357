/** The slice of the browser APIs this needs (fakes in tests). */
export interface ReinjectApi {
  queryTabs(urls: string[]): Promise<Array<{ id?: number }>>;
  executeScript(tabId: number, file: string): Promise<unknown>;
  /**
   * Whether this extension's content script answers in the tab. Given, tabs that answer are
   * left alone; an orphaned copy (from before an update or a disable) cannot answer this
   * extension, so its tab gets the new one.
   */
  answers?(tabId: number): Promise<boolean>;
}

/**
 * After an install or update (and when the extension is switched off and on again, which
 * fires no install event: so this also runs on every worker start, asking each tab first),
 * chat tabs that are already open still run the old content
 * script (orphaned: it stops itself when its extension context dies) or none at all.
 * Injecting the new one lets reading resume without a reload; storage dedupes what the new
 * script reads again.
 */
export async function reinjectIntoOpenChats(patterns: readonly string[], api: ReinjectApi, file: string): Promise<number> {
  const tabs = await api.queryTabs([...patterns]).catch(() => []);
  let injected = 0;
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    if (api.answers && (await api.answers(tab.id).catch(() => false))) continue;
    // A tab may be closing or show a page we may not script: skip it, do the rest.
    if (await api.executeScript(tab.id, file).then(() => true, () => false)) injected++;
  }
  return injected;
}
