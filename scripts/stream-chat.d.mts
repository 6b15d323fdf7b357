export function isSpam(n: number): boolean;
export function spamText(n: number): string;
export interface StreamChat {
  port: number;
  url: string;
  close(): Promise<void>;
}
export function startStreamChat(options?: { port?: number }): Promise<StreamChat>;
