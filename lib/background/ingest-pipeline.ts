import { MAX_INGEST_EVENTS } from '../messaging/ingest-limits';
import type { Database } from '../db/open';
import { MemberContextCache } from '../db/repos/context-cache';
import { type IngestInput, type IngestResult, type IngestStep, ingestBatch } from '../db/repos/ingest';
import { queueSearchIndexing } from '../db/repos/search';
import type { Case } from '../model';
import type { CompiledRules } from '../rules/engine';
import type { GroupSignals } from '../rules/group-signals';
import { contextReadFor, suggestStep } from './suggest';

export interface IngestOutcome extends IngestResult {
  /** Rule suggestions written with these messages. */
  suggestions: number;
}

/** Run once a batch has committed (change notices, caches); a failure here never fails the batch. */
export type AfterCommit = (results: readonly IngestOutcome[], cases: readonly Case[]) => void | Promise<void>;

export interface IngestPipelineDeps {
  db: Database;
  now: () => number;
  /** The compiled rules as they are now (cached by the caller, recompiled when rules change). */
  rules: () => Promise<CompiledRules>;
  /** Turns page events into what is stored (staff names from the settings, ...). */
  prepare?: (input: IngestInput) => Promise<IngestInput> | IngestInput;
  /** Further steps inside the transaction, after rules and search (e.g. analytics aggregates). */
  steps?: readonly IngestStep[];
  afterCommit?: readonly AfterCommit[];
  /** Known domains per group and recent texts across groups, for scored rules. */
  signals?: GroupSignals;
  /** Batches waiting together are merged into one transaction of at most this many events. */
  maxEvents?: number;
  /** Every waiting batch is stored: work deferred behind ingest (the search index) may run. */
  onIdle?: () => void;
}

interface Waiting {
  input: IngestInput;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The background's one way into the store for page batches. Requests that arrive while a
 * transaction is running wait and are then written together (up to `maxEvents`), so two
 * tabs or a content script catching up after a worker restart cost one transaction, not
 * one per request. Each request is answered only after its transaction committed: that
 * answer is the content script's acknowledgement, and until it comes the content script
 * keeps the batch and sends it again. A merged transaction that fails is retried one
 * request at a time, so one bad batch cannot fail the others.
 */
export function createIngestPipeline(deps: IngestPipelineDeps) {
  const maxEvents = deps.maxEvents ?? MAX_INGEST_EVENTS;
  const queue: Waiting[] = [];
  let running = false;
  // Members' rule context as the last transactions left it: a busy chat's next batch reads
  // only members it has not seen lately.
  const contextCache = new MemberContextCache();

  async function write(group: Waiting[]): Promise<void> {
    const compiled = await deps.rules();
    const inputs = await Promise.all(group.map((w) => deps.prepare?.(w.input) ?? w.input));
    let cases: Case[] = [];
    const steps: IngestStep[] = [suggestStep(compiled, (written) => (cases = written), undefined, deps.signals), queueSearchIndexing, ...(deps.steps ?? [])];
    const results = await ingestBatch(deps.db, inputs, deps.now(), { ...contextReadFor(compiled), steps, contextCache });
    const casesByMessage = new Map<string, number>();
    for (const c of cases) if (c.messageId) casesByMessage.set(c.messageId, (casesByMessage.get(c.messageId) ?? 0) + 1);
    const outcomes = results.map((r) => ({ ...r, suggestions: r.stored.reduce((sum, m) => sum + (casesByMessage.get(m.id) ?? 0), 0) }));
    for (const [i, outcome] of outcomes.entries()) group[i]?.resolve(outcome);
    for (const after of deps.afterCommit ?? []) {
      try {
        await after(outcomes, cases);
      } catch {
        // Stored is stored: a notice that could not go out must not make the page send again.
      }
    }
  }

  async function drain() {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const group: Waiting[] = [];
        let events = 0;
        while (queue.length > 0) {
          const next = queue[0] as Waiting;
          if (group.length > 0 && events + next.input.events.length > maxEvents) break;
          group.push(next);
          events += next.input.events.length;
          queue.shift();
        }
        try {
          await write(group);
        } catch (error) {
          if (group.length === 1) (group[0] as Waiting).reject(error);
          else
            for (const one of group) {
              await write([one]).catch(one.reject);
            }
        }
      }
    } finally {
      running = false;
    }
    deps.onIdle?.();
  }

  return {
    submit(input: IngestInput): Promise<IngestOutcome> {
      return new Promise<IngestOutcome>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        void drain();
      });
    },
    /** Messages were deleted or replaced outside ingest (erasure, import, retention): read context from the store again. */
    forgetContext() {
      contextCache.clear();
    },
    get waiting() {
      return queue.length;
    },
    /** A transaction is running or batches wait for one. */
    get busy() {
      return running || queue.length > 0;
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
