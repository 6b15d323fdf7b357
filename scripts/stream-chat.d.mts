export function isSpam(n: number): boolean;
export function spamText(n: number): string;
export function messageText(n: number): string;
export const STREAM_GROUP: { externalId: string; title: string };
export function messageId(n: number): string;
export function authorOf(n: number, members: number): { externalId: string; name: string };
export interface StreamChat {
  port: number;
  url: string;
  close(): Promise<void>;
}
export function startStreamChat(options?: { port?: number; holdBody?: () => Promise<void> }): Promise<StreamChat>;
