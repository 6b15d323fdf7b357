import { converseAdapter } from './converse';
import { demoAdapter } from './demo';
import { theLoungeAdapter } from './thelounge';
import type { ChatAdapter } from './types';

/** Built-in adapters, most specific first. */
export const BUILT_IN_ADAPTERS: readonly ChatAdapter[] = [theLoungeAdapter, converseAdapter, demoAdapter];

export function findAdapter(url: URL, root: Document, adapters: readonly ChatAdapter[] = BUILT_IN_ADAPTERS): ChatAdapter | null {
  for (const adapter of adapters) {
    try {
      if (adapter.matches(url, root)) return adapter;
    } catch {
      // An adapter's detection must never break the page; treat it as not matching.
    }
  }
  return null;
}
