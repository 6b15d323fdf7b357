import type { AuthorRef, ChatAdapter, GroupRef } from '../adapters/types';
import type { ChatEvent } from '../model';
import { createBatcher } from './batcher';
import { RecentKeys } from './dedupe';
import { createDelivery, type DeliveryFailure, type DeliveryStatus } from './delivery';
import { createRosterWatcher } from './roster';

export interface ReaderBatch {
  site: string;
  group: GroupRef;
  events: ChatEvent[];
}

export interface ReaderHealth {
  state: 'ok' | 'no-chat' | 'degraded' | 'broken';
  rowsSeen: number;
  rowsParsed: number;
  misses: Record<string, number>;
  /** Batches not yet acknowledged by the background, and why (worker gone, disk full, refused). */
  delivery?: DeliveryStatus;
}

export interface ReaderStatus {
  group: GroupRef | null;
  messagesRead: number;
  health: ReaderHealth;
}

export interface ReaderOptions {
  adapter: ChatAdapter;
  root: Document;
  /** Resolves once the background stored the batch; until then the reader keeps it and sends it again. */
  send: (batch: ReaderBatch) => Promise<unknown>;
  /** Why a send failed: worker gone (retry), batch invalid (refused, with the field), disk full (quota). */
  classifyFailure?: (error: unknown) => { kind: DeliveryFailure; field?: string };
  /** How many events of a stored batch the background dropped (over the tab's ingest budget), from its reply. */
  droppedIn?: (reply: unknown) => number;
  /** Back-off and timers for the delivery queue (tests pass fakes). */
  delivery?: {
    firstRetryMs?: number;
    maxRetryMs?: number;
    quotaRetryMs?: number;
    maxInFlight?: number;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
  };
  signal: AbortSignal;
  now?: () => number;
  onStatus?: (status: ReaderStatus) => void;
  batchSize?: number;
  batchDelayMs?: number;
  dedupeCapacity?: number;
  /** Injected so tests and benchmarks can observe synchronously. */
  createObserver?: (callback: MutationCallback) => MutationObserver;
  /** Rows read per slice of the initial scan; the rest wait for the next task. */
  scanSliceRows?: number;
  /** How the scan yields to the page between slices (tests pass a synchronous one). */
  yieldToPage?: (next: () => void) => void;
  /** Main-thread time one slice of reading new rows may take before it yields (ms). */
  sliceBudgetMs?: number;
  /** Clock for the slice budget (performance.now). */
  clock?: () => number;
  /** How long a member list keeps filling after a chat opens before changes count as joins and leaves. */
  rosterSettleMs?: number;
}

/**
 * A page that keeps thousands of rows (no virtualisation) would otherwise be scanned in
 * one long task that freezes the chat; slices of this size stay well under 50 ms.
 */
const DEFAULT_SCAN_SLICE_ROWS = 250;

/** Share of failing rows above which health reports "degraded". */
const DEGRADED_SHARE = 0.05;

/**
 * The one reading pipeline for every site: scans the open chat, then watches mutations,
 * parses each new row once, dedupes by message id across re-renders and chat switches,
 * batches, and sends. Stops for good when `signal` aborts (page left, extension updated).
 */
export function startReader(options: ReaderOptions) {
  const { adapter, root, signal } = options;
  const now = options.now ?? Date.now;
  const parsedRows = new WeakSet<Element>();
  const seenIds = new RecentKeys(options.dedupeCapacity ?? 50_000);
  const health: ReaderHealth = { state: 'no-chat', rowsSeen: 0, rowsParsed: 0, misses: {} };
  let group: GroupRef | null = null;
  let messagesRead = 0;
  let stopped = false;

  const status = (): ReaderStatus => ({ group, messagesRead, health: { ...health, misses: { ...health.misses }, delivery: delivery.status() } });
  const report = () => options.onStatus?.(status());

  const miss = (key: string) => {
    health.misses[key] = (health.misses[key] ?? 0) + 1;
  };

  const updateHealth = () => {
    const failures = health.rowsSeen - health.rowsParsed;
    if (!group) health.state = 'no-chat';
    else if (health.misses.messageContainer && health.rowsSeen === 0) health.state = 'broken';
    else if (health.rowsSeen > 0 && health.rowsParsed === 0) health.state = 'broken';
    else if (health.rowsSeen > 0 && failures / health.rowsSeen > DEGRADED_SHARE) health.state = 'degraded';
    else health.state = 'ok';
  };

  const delivery = createDelivery<ReaderBatch>({
    send: options.send,
    classify: options.classifyFailure ?? (() => ({ kind: 'retry' })),
    droppedIn: options.droppedIn,
    // Batches that waited (worker restarting) go out together, up to what one request holds.
    merge: (a, b) => (a.site === b.site && a.group.externalId === b.group.externalId ? { ...b, events: [...a.events, ...b.events] } : null),
    ...options.delivery,
    onDelivered(batch) {
      messagesRead += batch.events.length;
      report();
    },
    onStatus(deliveryStatus) {
      const changed =
        deliveryStatus.state !== health.delivery?.state ||
        deliveryStatus.dropped !== health.delivery?.dropped ||
        JSON.stringify(deliveryStatus.refused) !== JSON.stringify(health.delivery?.refused);
      health.delivery = deliveryStatus;
      if (changed) report();
    },
  });

  const batcher = createBatcher<{ group: GroupRef; event: ChatEvent }>({
    maxSize: options.batchSize ?? 200,
    maxDelayMs: options.batchDelayMs ?? 150,
    flush(items) {
      // A batch may straddle a chat switch; send one request per group.
      const byGroup = new Map<string, ReaderBatch>();
      for (const { group: g, event } of items) {
        const batch = byGroup.get(g.externalId) ?? { site: adapter.id, group: g, events: [] };
        byGroup.set(g.externalId, batch);
        batch.events.push(event);
      }
      for (const batch of byGroup.values()) delivery.push(batch);
    },
  });

  // Rows that failed to parse, with the key that missed. A row is counted once however
  // often it is retried, and a row filled in late stops counting as a failure once it parses.
  const failedRows = new WeakMap<Element, string>();
  const unmiss = (key: string) => {
    const left = (health.misses[key] ?? 0) - 1;
    if (left > 0) health.misses[key] = left;
    else delete health.misses[key];
  };

  const readRow = (row: Element) => {
    if (parsedRows.has(row) || !group) return;
    const earlierMiss = failedRows.get(row);
    if (earlierMiss === undefined) health.rowsSeen++;
    else unmiss(earlierMiss);
    const result = adapter.parseRow(row, { now: now() });
    if (!result.ok) {
      // Left unmarked: a row filled in after insertion parses on a later mutation.
      miss(result.missed);
      failedRows.set(row, result.missed);
      return;
    }
    failedRows.delete(row);
    parsedRows.add(row);
    health.rowsParsed++;
    const rowGroup = result.group ?? group;
    const key = `${rowGroup.externalId}\u0000${result.event.externalId}`;
    // Marked read as it is queued: the delivery queue keeps it until the background has it.
    if (!seenIds.add(key)) return;
    batcher.push({ group: rowGroup, event: result.event });
  };

  const roster = adapter.members ? createRosterWatcher({ settleMs: options.rosterSettleMs ?? 3_000, now }) : null;
  const readRoster = () => {
    if (!roster || !group) return;
    const current = group;
    const removed = adapter.removedByStaff ? (member: AuthorRef, since: number) => adapter.removedByStaff?.(root, member, since) === true : undefined;
    for (const event of roster.update(adapter.members?.(root) ?? null, removed)) batcher.push({ group: current, event });
  };

  const checkGroup = () => {
    const current = adapter.currentGroup(root);
    if (current?.externalId !== group?.externalId || current?.title !== group?.title) {
      batcher.flush();
      if (current?.externalId !== group?.externalId) roster?.reset();
      group = current;
      return true;
    }
    return false;
  };

  // The first scan of the page has read every row it found (or the reader stopped): what a
  // page reflow may wait for (see sidebar-frame.ts, roomAfter).
  let firstScanDone: () => void = () => {};
  const firstScan = new Promise<void>((resolve) => {
    firstScanDone = resolve;
  });

  const sliceRows = options.scanSliceRows ?? DEFAULT_SCAN_SLICE_ROWS;
  const yieldToPage = options.yieldToPage ?? ((next: () => void) => setTimeout(next, 0));
  let scanGeneration = 0;

  const scan = () => {
    checkGroup();
    const generation = ++scanGeneration;
    const container = group ? adapter.messageContainer(root) : null;
    if (group && !container) miss('messageContainer');
    const rows = container ? container.querySelectorAll(adapter.rowSelector) : [];
    let next = 0;
    // The first slice runs now, so a short chat is read before startReader returns; rows
    // read by a mutation meanwhile are skipped by readRow, and a newer scan (chat switch)
    // ends this one.
    readRoster();
    const slice = () => {
      if (stopped || generation !== scanGeneration) {
        firstScanDone();
        return;
      }
      const end = Math.min(rows.length, next + sliceRows);
      for (; next < end; next++) readRow(rows[next] as Element);
      updateHealth();
      report();
      if (next < rows.length) yieldToPage(slice);
      else firstScanDone();
    };
    slice();
  };

  // New rows are read in their own tasks, not in the observer callback: that callback runs
  // at the end of the page's own task (the one that appended the rows), and 200 rows parsed
  // there turned the page's frame into a long task. Each slice stops after `sliceBudgetMs`.
  const sliceBudgetMs = options.sliceBudgetMs ?? 8;
  const clock = options.clock ?? (() => performance.now());
  /** Rows added to the page and not read yet, in page order. */
  let added: Element[] = [];
  let addedNext = 0;
  let readScheduled = false;

  const readAdded = (budgetMs: number) => {
    if (stopped || !group) {
      added = [];
      addedNext = 0;
      return;
    }
    readRoster();
    const before = { seen: health.rowsSeen, parsed: health.rowsParsed };
    const start = clock();
    while (addedNext < added.length) {
      readRow(added[addedNext++] as Element);
      // The clock is read every 16 rows: reading it costs more than a row does.
      if ((addedNext & 15) === 0 && clock() - start >= budgetMs) break;
    }
    if (addedNext >= added.length) {
      added = [];
      addedNext = 0;
    }
    if (health.rowsSeen !== before.seen || health.rowsParsed !== before.parsed) {
      updateHealth();
      report();
    }
  };

  const readSlice = () => {
    readScheduled = false;
    readAdded(sliceBudgetMs);
    if (added.length > 0) scheduleRead();
  };
  const scheduleRead = () => {
    if (readScheduled || stopped) return;
    readScheduled = true;
    yieldToPage(readSlice);
  };

  const onMutations: MutationCallback = (records) => {
    if (stopped) return;
    const current = adapter.currentGroup(root);
    if (current?.externalId !== group?.externalId || current?.title !== group?.title) {
      // Rows added before the switch belong to the chat they were added to.
      readAdded(Number.POSITIVE_INFINITY);
      checkGroup();
      scan();
      return;
    }
    if (!group) return;
    // Which nodes are rows is decided now, while they are in the page (row selectors name
    // their container); only the parsing waits.
    const before = added.length;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) {
          // Text put into a row that was empty when it appeared (its body rendered later).
          const holder = node.nodeType === 3 ? node.parentElement?.closest(adapter.rowSelector) : null;
          if (holder && failedRows.has(holder)) added.push(holder);
          continue;
        }
        const element = node as Element;
        if (element.matches(adapter.rowSelector)) added.push(element);
        else {
          const row = element.closest(adapter.rowSelector);
          if (row) added.push(row);
          else if (element.firstElementChild) for (const inner of element.querySelectorAll(adapter.rowSelector)) added.push(inner);
        }
      }
    }
    if (added.length > before) scheduleRead();
    else readRoster();
  };

  const observer = options.createObserver?.(onMutations) ?? new MutationObserver(onMutations);
  const target = root.body ?? root.documentElement;

  const stop = () => {
    if (stopped) return;
    // Rows the page already showed are read before the last flush.
    readAdded(Number.POSITIVE_INFINITY);
    stopped = true;
    observer.disconnect();
    // One last send of what is pending (it goes through if the extension is still there,
    // e.g. the reader alone was stopped); no retries after that.
    batcher.flush();
    delivery.stop();
    firstScanDone();
  };
  if (signal.aborted) {
    firstScanDone();
    return { stop, status, rescan: scan, flush: batcher.flush, firstScan };
  }
  signal.addEventListener('abort', stop, { once: true });
  observer.observe(target, { childList: true, subtree: true, characterData: false });
  scan();

  return {
    stop,
    status,
    /** Re-read the page, e.g. after SPA navigation. */
    rescan: scan,
    /** Resolves once the first scan has read the rows the page held when reading started. */
    firstScan,
    flush: () => batcher.flush(),
    /** Send waiting batches now instead of after the back-off. */
    retryDelivery: () => delivery.retryNow(),
    /** Records the observer has queued but not yet delivered, and rows not yet read, for benchmarks. */
    takeRecords: () => {
      onMutations(observer.takeRecords(), observer);
      readAdded(Number.POSITIVE_INFINITY);
    },
  };
}
