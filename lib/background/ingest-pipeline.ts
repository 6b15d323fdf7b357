import { MAX_INGEST_EVENTS } from '../messaging/ingest-limits';
import type { Database } from '../db/open';
import { MemberContextCache } from '../db/repos/context-cache';
import { type HeldMembers, MemberWriteBehind } from '../db/repos/member-journal';
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
  /**
   * Hold member and membership writes behind ingest (lib/db/repos/member-journal.ts): each
   * transaction writes one journal record for them, and `settleMembers` writes them out.
   * Whoever reads members or memberships outside ingest must call `settleMembers` first.
   */
  writeBehind?: boolean;
  /**
   * A stream that never pauses still writes its members out between batches, once this many
   * transactions are held or the oldest was held this long (whichever comes first).
   */
  maxHeldTransactions?: number;
  maxHeldMs?: number;
}

/**
 * The journal grows by a record per transaction (a few tens of KB for a few hundred
 * members); what is held in memory only by the members touched. A 10,000-message burst
 * takes 15-35 transactions and a few seconds here: it is written out once, after it.
 */
const MAX_HELD_TRANSACTIONS = 64;
const MAX_HELD_MS = 10_000;

interface Waiting {
  input: IngestInput;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/** Work that must not overlap a batch (writing members out, an erasure): run between batches. */
interface Job {
  run: () => Promise<unknown>;
  /** Write out what ingest holds before running. */
  settle: boolean;
  resolve: (value: unknown) => void;
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
  const jobs: Job[] = [];
  let running = false;
  const behind = deps.writeBehind ? new MemberWriteBehind() : null;
  const maxHeld = deps.maxHeldTransactions ?? MAX_HELD_TRANSACTIONS;
  const maxHeldMs = deps.maxHeldMs ?? MAX_HELD_MS;
  /** When the oldest record held now was committed (null: nothing held). */
  let heldSince: number | null = null;
  const writeOut = async () => {
    if (!behind) return;
    await behind.writeOut(deps.db);
    heldSince = null;
  };
  // Members' rule context as the last transactions left it: a busy chat's next batch reads
  // only members it has not seen lately.
  const contextCache = new MemberContextCache();

  async function write(group: Waiting[]): Promise<void> {
    const compiled = await deps.rules();
    const inputs = await Promise.all(group.map((w) => deps.prepare?.(w.input) ?? w.input));
    let cases: Case[] = [];
    const steps: IngestStep[] = [suggestStep(compiled, (written) => (cases = written), undefined, deps.signals), queueSearchIndexing, ...(deps.steps ?? [])];
    // A journal a stopped worker left is read before anything is stored on top of it.
    await behind?.load(deps.db);
    const results = await ingestBatch(deps.db, inputs, deps.now(), { ...contextReadFor(compiled), steps, contextCache, ...(behind ? { writeBehind: behind } : {}) });
    if (behind && behind.waiting > 0) heldSince ??= deps.now();
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
      while (queue.length > 0 || jobs.length > 0) {
        // Jobs first: a staff request waiting for members to be written out is not held
        // behind a backlog of page batches.
        const job = jobs.shift();
        if (job) {
          try {
            if (job.settle) await writeOut();
            job.resolve(await job.run());
          } catch (error) {
            job.reject(error);
          }
          continue;
        }
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
        // A stream that never pauses still writes its members out now and then.
        if (behind && heldSince !== null && (behind.waiting >= maxHeld || deps.now() - heldSince >= maxHeldMs)) await writeOut().catch(() => undefined);
      }
    } finally {
      running = false;
    }
    deps.onIdle?.();
  }

  /** Runs `run` between batches (after the held members are written out, when `settle`). */
  function between<T>(run: () => Promise<T> | T, settle: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      jobs.push({ run: async () => run(), settle, resolve: resolve as (value: unknown) => void, reject });
      void drain();
    });
  }

  return {
    /**
     * Members and memberships are in their stores once this resolves (everything ingest held
     * back is written out); call it before reading them outside ingest. At once when nothing
     * is held.
     */
    settleMembers(): Promise<void> {
      if (!behind || (behind.loaded && behind.waiting === 0)) return Promise.resolve();
      return between(() => undefined, true);
    },
    /**
     * Runs `work` with no batch stored meanwhile, after the held members are written out: for
     * what rewrites or deletes members, memberships or messages wholesale (import, erasure),
     * which a batch computed before it and written after must not undo.
     */
    exclusive<T>(work: () => Promise<T> | T): Promise<T> {
      return between(work, true);
    },
    /** Runs `work` with no batch stored meanwhile (a read that must line up with what ingest feeds after it). */
    betweenBatches<T>(work: () => Promise<T> | T): Promise<T> {
      return between(work, false);
    },
    /**
     * What ingest holds back, for a frequent reader (the group panel while a chat streams) that
     * lays it over the stores instead of waiting for a write-out. Take it before reading the stores.
     */
    async heldMembers(): Promise<HeldMembers | null> {
      if (!behind) return null;
      await behind.load(deps.db);
      return behind.snapshot();
    },
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
