import { Client } from 'irc-framework';

export interface IrcParticipant {
  readonly nick: string;
  readonly client: Client;
  /** Lines other people said in `channel`, in arrival order. */
  readonly heard: Array<{ nick: string; target: string; text: string }>;
  say(target: string, text: string): void;
  quit(reason?: string): Promise<void>;
}

/** A real IRC client (irc-framework) for the other side of the conversation. */
export async function connectIrcParticipant(options: { host: string; port: number; nick: string; join?: string }): Promise<IrcParticipant> {
  const client = new Client({ auto_reconnect: false });
  const heard: IrcParticipant['heard'] = [];
  client.on('message', (event: { nick: string; target: string; message: string; type: string }) => {
    if (event.type === 'privmsg' || event.type === 'notice') heard.push({ nick: event.nick, target: event.target, text: event.message });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.nick} could not register on IRC`)), 20_000);
    client.once('registered', () => {
      clearTimeout(timer);
      resolve();
    });
    client.connect({ host: options.host, port: options.port, nick: options.nick, username: options.nick, gecos: options.nick });
  });
  if (options.join) {
    const channel = options.join;
    await new Promise<void>((resolve) => {
      const onJoin = (event: { nick: string; channel: string }) => {
        if (event.nick === client.user.nick && event.channel.toLowerCase() === channel.toLowerCase()) {
          client.removeListener('join', onJoin);
          resolve();
        }
      };
      client.on('join', onJoin);
      client.join(channel);
    });
  }
  return {
    nick: options.nick,
    client,
    heard,
    say: (target, text) => client.say(target, text),
    async quit(reason = 'bye') {
      if (!client.connected) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        client.quit(reason);
      });
    },
  };
}
