export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
export interface ProfileSample {
  at: number;
  ms: number;
  kind: 'ours' | 'gc' | 'other';
  mark: boolean;
}
export interface Slice {
  at: number;
  ms: number;
  onCpuMs: number;
}
export interface AttributedTask {
  start: number;
  duration: number;
  oursMs: number;
  oursOnCpuMs: number;
  causedByExtension: boolean;
  causedByExtensionOnCpu: boolean;
}
export const CLOCK_MARK_FUNCTION: string;
export const CLOCK_MARK_SOURCE: string;
export const ON_CPU_SAMPLE_CAP_MS: number;
export function isContentScriptUrl(url: string): boolean;
export function profileSamples(profile: CpuProfile, isOurs?: (url: string) => boolean): ProfileSample[];
export function contentScriptSlices(samples: ProfileSample[]): Slice[];
export function clockOffset(samples: ProfileSample[], markStartedAt: number): number;
export function attributeLongTasks(samples: ProfileSample[], spans: Array<[number, number]>, offsetMs: number, limitMs?: number): AttributedTask[];
