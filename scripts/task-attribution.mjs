// Which of the page's main-thread time is the extension's content script, from a CPU profile
// of the page's renderer (DevTools protocol `Profiler`, which samples every world of the page's
// isolate, the content script's isolated world included). Used by `npm run bench:ingest`.
//
// A long task on the page is not the extension's just because the extension is loaded: the
// page's own frames (appending rows, laying out a growing document) are long without it too,
// and on a shared machine they stretch when other processes want the cores. What the content
// script can answer for is its own share of the page's thread:
//
//   slice  an unbroken run of samples whose stack holds a frame of the content script (a
//          callback, a mutation-observer batch, a promise continuation, and whatever it forced,
//          such as a layout read while the page's layout was dirty). Garbage collection met
//          inside a slice counts toward it; idle, the renderer's own work and the page's script
//          end it. Two of our tasks back to back with nothing between them count as one slice,
//          so the figure errs against us.
//   share  the content script's samples inside one long task of the page.
//
// Both are wall time, as a long task is: when the machine's cores are all busy, the page's
// thread is sometimes not running for a while in the middle of our code, and the sample taken
// when it runs again stands for the whole gap. So each slice also gets an on-CPU estimate in
// which no sample stands for more than `ON_CPU_SAMPLE_CAP_MS` (ten sampling intervals).
//
// A long task "caused by the extension" is one that would have stayed under 50 ms without the
// content script's share in it; counted twice, with the share in wall time and on CPU.

/** A frame belongs to the content script when its script is served from the extension. */
export const isContentScriptUrl = (url) => url.startsWith('chrome-extension://') || url.startsWith('moz-extension://');

/** The name of the function `CLOCK_MARK_SOURCE` runs; its samples place the page's clock on the profile's. */
export const CLOCK_MARK_FUNCTION = 'gsBenchClockMark';

/**
 * Source for `page.evaluate`: spins the page's thread for a few milliseconds in a function with
 * a known name and returns the performance.now() at which it started.
 */
export const CLOCK_MARK_SOURCE = `(function ${CLOCK_MARK_FUNCTION}() { const start = performance.now(); while (performance.now() - start < 6) {} return start; })()`;

/**
 * Samples of a profile in time order: when each was taken (ms, the profile's clock), how long it
 * stands for (ms, until the next sample), and what it was.
 * @returns {Array<{at: number, ms: number, kind: 'ours' | 'gc' | 'other', mark: boolean}>}
 */
export function profileSamples(profile, isOurs = isContentScriptUrl) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const kindOf = new Map();
  const markOf = new Map();
  const classify = (id) => {
    if (kindOf.has(id)) return;
    let ours = false;
    let mark = false;
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at).callFrame;
      if (isOurs(frame.url)) ours = true;
      if (frame.functionName === CLOCK_MARK_FUNCTION) mark = true;
    }
    const name = byId.get(id).callFrame.functionName;
    kindOf.set(id, ours ? 'ours' : name === '(garbage collector)' ? 'gc' : 'other');
    markOf.set(id, mark);
  };
  const samples = [];
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const id = profile.samples[i];
    classify(id);
    samples.push({ at: at / 1000, ms: (profile.timeDeltas[i + 1] ?? 0) / 1000, kind: kindOf.get(id), mark: markOf.get(id) });
  }
  return samples;
}

/** The most one sample stands for in a slice's on-CPU estimate (the profile samples every 0.1 ms). */
export const ON_CPU_SAMPLE_CAP_MS = 1;

/** The content script's slices: each unbroken run of its samples (see above), wall and on-CPU. */
export function contentScriptSlices(samples) {
  const slices = [];
  let current = null;
  for (const sample of samples) {
    if (sample.kind === 'ours' || (sample.kind === 'gc' && current)) {
      current ??= { at: sample.at, ms: 0, onCpuMs: 0 };
      current.ms += sample.ms;
      current.onCpuMs += Math.min(sample.ms, ON_CPU_SAMPLE_CAP_MS);
    } else if (current) {
      slices.push(current);
      current = null;
    }
  }
  if (current) slices.push(current);
  return slices;
}

/** Profile clock minus page clock (ms), from the first sample inside the clock mark. */
export function clockOffset(samples, markStartedAt) {
  const first = samples.find((s) => s.mark);
  if (!first) throw new Error(`the profile holds no sample of ${CLOCK_MARK_FUNCTION}: was the page profiled while it ran?`);
  return first.at - markStartedAt;
}

/**
 * Each long task ([startTime, duration] in the page's clock) with the content script's share of
 * it, and whether it would have stayed under `limitMs` without that share.
 */
export function attributeLongTasks(samples, spans, offsetMs, limitMs = 50) {
  return spans.map(([start, duration]) => {
    const from = start + offsetMs;
    const to = from + duration;
    let oursMs = 0;
    let oursOnCpuMs = 0;
    for (const s of samples) {
      if (s.kind !== 'ours' || s.at < from || s.at >= to) continue;
      oursMs += s.ms;
      oursOnCpuMs += Math.min(s.ms, ON_CPU_SAMPLE_CAP_MS);
    }
    return {
      start,
      duration,
      oursMs,
      oursOnCpuMs,
      causedByExtension: duration > limitMs && duration - oursMs <= limitMs,
      // Counting only our on-CPU estimate: the thread waiting for a core in the middle of our
      // code is charged to the machine's load, not to us.
      causedByExtensionOnCpu: duration > limitMs && duration - oursOnCpuMs <= limitMs,
    };
  });
}
