// irc-framework ships no types; this declares the part the tests use.
declare module 'irc-framework' {
  import { EventEmitter } from 'node:events';

  export class Client extends EventEmitter {
    constructor(options?: Record<string, unknown>);
    connected: boolean;
    user: { nick: string };
    connect(options: { host: string; port: number; nick: string; username?: string; gecos?: string }): void;
    join(channel: string, key?: string): void;
    part(channel: string, message?: string): void;
    say(target: string, message: string): void;
    notice(target: string, message: string): void;
    action(target: string, message: string): void;
    changeNick(nick: string): void;
    raw(...line: string[]): void;
    quit(message?: string): void;
  }
}
