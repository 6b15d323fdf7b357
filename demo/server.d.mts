export interface DemoServerOptions {
  port?: number;
  host?: string;
  interval?: number;
  historyShare?: number;
  extraHistory?: number;
  now?: () => number;
}
export interface DemoServer {
  port: number;
  url: string;
  tick(): void;
  close(): Promise<void>;
}
export function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;
