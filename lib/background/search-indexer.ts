import type { Database } from '../db/open';
import { indexQueued } from '../db/repos/search';

export interface SearchIndexerDeps {
  db: Database;
  /**
   * Messages indexed per transaction. Its transaction shares stores with ingest, so a page
   * batch that arrives meanwhile waits for it: a few hundred keeps that wait short.
   */
  batchSize?: number;
  /** True while page batches wait to be stored: storing goes first, indexing resumes after. */
  ingestBusy?: () => boolean;
  /** A round failed (disk full, ...): the queue keeps the messages and the next kick retries. */
  onError?: (error: unknown) => void;
}

/**
 * Drains the search queue (lib/db/repos/search.ts) after ingest has committed: the
 * acknowledgement the chat tab waits for no longer includes writing the index, and the
 * terms are written in transactions of a few hundred while no page batch waits. Kicked after
 * every ingest commit and when the worker starts (a worker stopped mid-way left messages in
 * the queue; they are indexed then). Until a message is indexed, search reads it from the
 * queue directly, so results are complete either way.
 */
export function createSearchIndexer({ db, batchSize = 500, ingestBusy = () => false, onError }: SearchIndexerDeps) {
  let running: Promise<void> | null = null;
  let again = false;

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (ingestBusy()) break;
        const taken = await indexQueued(db, batchSize);
        if (taken < batchSize) break;
      }
    } while (again && !ingestBusy());
  }

  return {
    /** Index what is queued, unless a drain is already running (it picks up the new entries). */
    kick(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = drain()
        .catch((error: unknown) => onError?.(error))
        .finally(() => {
          running = null;
        });
      return running;
    },
    /** Resolves when the queue is empty (tests, benchmarks); indexes even while ingest is busy. */
    async flush(): Promise<void> {
      await running;
      while ((await indexQueued(db, batchSize)) > 0);
    },
  };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
