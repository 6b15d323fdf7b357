import { describe, expect, it } from 'vitest';
import {
  attributeLongTasks,
  CLOCK_MARK_FUNCTION,
  type CpuProfile,
  clockOffset,
  contentScriptSlices,
  profileSamples,
} from '../../../scripts/task-attribution.mjs';

const CONTENT = 'chrome-extension://abcdefghijklmnop/content-scripts/chat.js';
const PAGE = 'http://127.0.0.1:5173/page.js';

/**
 * A profile as the DevTools protocol gives it: a call tree, and samples (a node id each) taken
 * `timeDeltas` µs apart. `timeline` lists what each sample was, one per 100 µs unless a gap says
 * otherwise.
 */
function profileOf(timeline: Array<keyof typeof NODE | [keyof typeof NODE, number]>): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const entry of timeline) {
    const [name, gapUs] = Array.isArray(entry) ? entry : [entry, 100];
    samples.push(NODE[name]);
    timeDeltas.push(gapUs);
  }
  return { nodes: NODES, startTime: 1_000_000, samples, timeDeltas };
}
const NODE = { idle: 2, program: 3, gc: 4, page: 5, pageLayout: 6, ours: 7, oursLayout: 8, oursCalledByPage: 9, mark: 10 } as const;
const NODES: CpuProfile['nodes'] = [
  { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 3, 4, 5, 7, 10] },
  { id: 2, callFrame: { functionName: '(idle)', url: '' } },
  { id: 3, callFrame: { functionName: '(program)', url: '' } },
  { id: 4, callFrame: { functionName: '(garbage collector)', url: '' } },
  { id: 5, callFrame: { functionName: 'frame', url: PAGE }, children: [6, 9] },
  { id: 6, callFrame: { functionName: 'append', url: '' } },
  { id: 7, callFrame: { functionName: 'readSlice', url: CONTENT }, children: [8] },
  // A native call inside our code (a layout forced by reading a box) is ours.
  { id: 8, callFrame: { functionName: 'getBoundingClientRect', url: '' } },
  // The page calling into something of ours (an event listener we added) is ours too.
  { id: 9, callFrame: { functionName: 'onMutations', url: CONTENT } },
  { id: 10, callFrame: { functionName: CLOCK_MARK_FUNCTION, url: '' } },
];

const times = (n: number, name: keyof typeof NODE) => Array.from({ length: n }, () => name);

describe('content-script attribution from a page profile (bench:ingest)', () => {
  it('finds each unbroken run of our samples, native work and garbage collection inside it included', () => {
    const samples = profileSamples(
      profileOf([...times(10, 'page'), ...times(5, 'ours'), ...times(5, 'oursLayout'), ...times(3, 'gc'), ...times(2, 'ours'), 'program', ...times(4, 'oursCalledByPage'), 'idle', 'idle']),
    );
    const slices = contentScriptSlices(samples);
    expect(slices.map((s) => Number(s.ms.toFixed(3)))).toEqual([1.5, 0.4]);
    // Garbage collection does not start a slice of ours.
    expect(contentScriptSlices(profileSamples(profileOf(['page', 'gc', 'gc', 'page'])))).toEqual([]);
  });

  it('gives each slice an on-CPU estimate in which a long gap between samples counts one millisecond', () => {
    // The page's thread was off the core for 40 ms in the middle of our code.
    const slices = contentScriptSlices(profileSamples(profileOf(['page', 'ours', 'ours', ['ours', 100], ['ours', 40_000], 'ours', 'page', 'idle'])));
    expect(slices).toHaveLength(1);
    expect(slices[0]?.ms).toBeCloseTo(40.4, 3);
    expect(slices[0]?.onCpuMs).toBeCloseTo(1.4, 3);
  });

  it('puts long tasks on the profile clock by the mark and says which ones our share made long', () => {
    // Samples every 10 ms from 1,000 ms (profile clock): the mark at 1,010, then a 70 ms page task
    // with 30 ms of ours, then a 70 ms page task with 5 ms of ours.
    const timeline: Array<[keyof typeof NODE, number]> = [
      ['idle', 0],
      ['mark', 10_000],
      ...times(4, 'page').map((n): [keyof typeof NODE, number] => [n, 10_000]),
      ...times(3, 'ours').map((n): [keyof typeof NODE, number] => [n, 10_000]),
      ...times(5, 'page').map((n): [keyof typeof NODE, number] => [n, 10_000]),
      ['ours', 10_000],
      ['idle', 10_000],
    ];
    const samples = profileSamples(profileOf(timeline));
    // The page's clock read 200 ms when the mark started: the profile clock is 810 ms ahead.
    const offset = clockOffset(samples, 200);
    expect(offset).toBeCloseTo(810, 6);
    const tasks = attributeLongTasks(samples, [
      [210, 70],
      [280, 70],
    ], offset);
    expect(tasks.map((t) => [Math.round(t.oursMs), t.causedByExtension])).toEqual([
      [30, true],
      [10, false],
    ]);
    // On CPU each of those 10 ms samples counts 1 ms (the thread was mostly waiting for a core):
    // the 30 ms share is 3 ms of ours, too little to have made the task long.
    expect(tasks.map((t) => [Math.round(t.oursOnCpuMs), t.causedByExtensionOnCpu])).toEqual([
      [3, false],
      [1, false],
    ]);
  });

  it('refuses to guess the clock when the mark is not in the profile', () => {
    expect(() => clockOffset(profileSamples(profileOf(['page', 'ours'])), 0)).toThrow(CLOCK_MARK_FUNCTION);
  });
});
