/**
 * Parts of the content script needed only after a person does something (setup, the "/"
 * picker) are built as files of their own and loaded into the content script's world the
 * first time: the content script runs on every chat page and stays small (size budget in
 * scripts/budgets.mjs). Such a file registers itself on that world's global under its key
 * (the page's own global is another object, so a page cannot plant or read it).
 *
 * Imports `url` once and returns what it registered under `key`; rejects, naming the file,
 * when it registered nothing that `isModule` accepts. A failed load (the extension updated
 * meanwhile) is tried again on the next call.
 */
export function createModuleLoader<T>(
  url: string,
  key: string,
  isModule: (value: unknown) => value is T,
  importer: (url: string) => Promise<unknown>,
  scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  name = 'module',
): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= importer(url).then(() => {
      const module = scope[key];
      if (!isModule(module)) throw new Error(`${name} at ${url} did not register`);
      return module;
    });
    loading.catch(() => {
      loading = null;
    });
    return loading;
  };
}

/** True for an object whose listed members are all functions. */
export function hasFunctions<T>(value: unknown, names: readonly (keyof T & string)[]): value is T {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}
