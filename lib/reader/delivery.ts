/**
 * Delivery until acknowledged, for the content script. A batch stays here until the
 * background answers that it stored it; only then is it forgotten. The service worker can
 * be stopped by the browser at any moment, so a failed send is not an error to report but
 * a reason to wait and send again (the store dedupes by message id, so a batch that was
 * stored but whose answer was lost is harmless to send twice).
 *
 * Three kinds of failure, told apart by `classify`:
 * - retry: the worker is gone or restarting; back off (doubling) and send again.
 * - refused: the background says the batch itself is invalid; sending it again cannot help.
 *   It is dropped, counted once under the field that was wrong, and reading goes on.
 * - quota: the disk is full; nothing more is sent until a probe succeeds (space freed),
 *   and nothing queued is dropped.
 *
 * Kept free of zod and of browser APIs: it runs in every chat tab, and tests drive it with
 * fake timers.
 */

import { MAX_INGEST_EVENTS } from '../messaging/ingest-limits';

export type DeliveryFailure = 'retry' | 'refused' | 'quota';
export type DeliveryState = 'ok' | 'retrying' | 'quota';

export interface DeliveryStatus {
  state: DeliveryState;
  /** Batches and events waiting or in flight. */
  queuedBatches: number;
  queuedEvents: number;
  /** Field → batches refused for it. */
  refused: Record<string, number>;
  /** Events the background acknowledged but did not store: the tab is past its ingest budget. */
  dropped: number;
}

export interface DeliveryBatch {
  events: unknown[];
}

export interface DeliveryOptions<B extends DeliveryBatch> {
  send: (batch: B) => Promise<unknown>;
  classify: (error: unknown) => { kind: DeliveryFailure; field?: string };
  /** Joins two queued batches into one request when they go to the same place, else null. */
  merge?: (a: B, b: B) => B | null;
  /** Events per request when merging; the background refuses more than MAX_INGEST_EVENTS. */
  maxEvents?: number;
  /** Requests outstanding at once: two keeps the background busy without piling up work behind a slow one. */
  maxInFlight?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** How often a full disk is probed again. */
  quotaRetryMs?: number;
  signal?: AbortSignal;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onStatus?: (status: DeliveryStatus) => void;
  onDelivered?: (batch: B, reply: unknown) => void;
  /** How many of a delivered batch's events the background dropped (over the tab's budget). */
  droppedIn?: (reply: unknown) => number;
}

export function createDelivery<B extends DeliveryBatch>(options: DeliveryOptions<B>) {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const maxInFlight = options.maxInFlight ?? 2;
  const maxEvents = options.maxEvents ?? MAX_INGEST_EVENTS;
  const firstRetryMs = options.firstRetryMs ?? 200;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const quotaRetryMs = options.quotaRetryMs ?? 15_000;

  const queue: B[] = [];
  let inFlight = 0;
  let inFlightEvents = 0;
  let state: DeliveryState = 'ok';
  let retryMs = firstRetryMs;
  let timer: unknown = null;
  let stopped = false;
  const refused: Record<string, number> = {};
  let dropped = 0;

  const status = (): DeliveryStatus => ({
    state,
    queuedBatches: queue.length + inFlight,
    queuedEvents: queue.reduce((sum, b) => sum + b.events.length, 0) + inFlightEvents,
    refused: { ...refused },
    dropped,
  });
  const report = () => options.onStatus?.(status());

  /** The head of the queue, with the batches behind it that can join it. */
  const takeNext = (): B => {
    let batch = queue.shift() as B;
    while (queue.length > 0 && options.merge) {
      const next = queue[0] as B;
      if (batch.events.length + next.events.length > maxEvents) break;
      const merged = options.merge(batch, next);
      if (!merged) break;
      batch = merged;
      queue.shift();
    }
    return batch;
  };

  const wait = (ms: number) => {
    if (timer !== null || stopped) return;
    timer = setTimer(() => {
      timer = null;
      pump();
    }, ms);
  };

  function pump() {
    if (stopped || timer !== null) return;
    // While retrying or out of space, one request probes; the rest wait for its answer.
    const limit = state === 'ok' ? maxInFlight : 1;
    while (inFlight < limit && queue.length > 0) {
      const batch = takeNext();
      inFlight++;
      inFlightEvents += batch.events.length;
      let sending: Promise<unknown>;
      try {
        sending = options.send(batch);
      } catch (error) {
        sending = Promise.reject(error);
      }
      sending.then(
        (reply) => {
          inFlight--;
          inFlightEvents -= batch.events.length;
          state = 'ok';
          retryMs = firstRetryMs;
          dropped += Math.max(0, options.droppedIn?.(reply) ?? 0);
          options.onDelivered?.(batch, reply);
          report();
          pump();
        },
        (error: unknown) => {
          inFlight--;
          inFlightEvents -= batch.events.length;
          if (stopped) return;
          const failure = options.classify(error);
          if (failure.kind === 'refused') {
            const field = failure.field || 'batch';
            refused[field] = (refused[field] ?? 0) + 1;
            report();
            pump();
            return;
          }
          // Back to the front: order is kept as far as it can be, and nothing is lost.
          queue.unshift(batch);
          if (failure.kind === 'quota') {
            state = 'quota';
            wait(quotaRetryMs);
          } else {
            state = state === 'quota' ? 'quota' : 'retrying';
            wait(retryMs);
            retryMs = Math.min(maxRetryMs, retryMs * 2);
          }
          report();
        },
      );
    }
  }

  const stop = () => {
    stopped = true;
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  options.signal?.addEventListener('abort', stop, { once: true });

  return {
    /** Keeps `batch` until the background acknowledges it. */
    push(batch: B) {
      if (stopped) return;
      queue.push(batch);
      pump();
      report();
    },
    /** Send now instead of waiting for the back-off (e.g. the user freed space). */
    retryNow() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      pump();
    },
    status,
    stop,
  };
}

export type Delivery<B extends DeliveryBatch> = ReturnType<typeof createDelivery<B>>;

/** "ingest: events.3.ts: Invalid input" → "events.ts": the field, without the row it was found in. */
export function refusedField(message: string, request = 'ingest'): string {
  let rest = message;
  while (rest.startsWith(`${request}: `)) rest = rest.slice(request.length + 2);
  const match = /^([\w.]+): /.exec(rest);
  return match ? (match[1] as string).replace(/\.\d+(?=\.|$)/g, '') : 'batch';
}
