import { client, type XmlElement, xml } from '@xmpp/client';
import type { XmppServer } from './prosody';

export interface XmppParticipant {
  /** The nick the participant has in the room now (changeNick changes it). */
  readonly nick: string;
  /** Groupchat messages received from the room, in arrival order (history included). */
  readonly heard: Array<{ nick: string; text: string; id?: string }>;
  /** Private messages (XEP-0045 room PMs) received from occupants, in arrival order. */
  readonly heardPrivately: Array<{ nick: string; text: string }>;
  /** Sends a groupchat message with the given stanza id; returns the time it was sent. */
  say(text: string, id?: string): Promise<number>;
  /** Sends a private message to another occupant through the room (room/nick). */
  sayPrivately(nick: string, text: string): Promise<void>;
  /** Takes another nick in the room (XEP-0045 7.6) and waits until the room confirms it. */
  changeNick(nick: string): Promise<void>;
  leave(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

/** A real XMPP client (@xmpp/client) that joins a MUC as `nick`. */
export async function joinRoomAsParticipant(
  xmpp: XmppServer,
  options: { username: string; password: string; room: string; nick: string },
): Promise<XmppParticipant> {
  const connection = client({
    service: `xmpp://127.0.0.1:${xmpp.c2sPort}`,
    domain: xmpp.domain,
    username: options.username,
    password: options.password,
    resource: `e2e-${options.nick}`,
  });
  connection.on('error', () => {
    // Errors surface through start()/send(); a closing socket at stop() is expected.
  });
  const heard: XmppParticipant['heard'] = [];
  const heardPrivately: XmppParticipant['heardPrivately'] = [];
  let nick = options.nick;
  let joined: () => void = () => {};
  const joinedPromise = new Promise<void>((resolve) => {
    joined = resolve;
  });
  /** Resolves when the room reflects our own presence under a nick we asked for. */
  const confirmations: Array<{ nick: string; resolve: () => void }> = [];
  connection.on('stanza', (stanza: XmlElement) => {
    const from = stanza.attrs.from ?? '';
    if (!from.toLowerCase().startsWith(`${options.room.toLowerCase()}/`)) return;
    const sender = from.slice(options.room.length + 1);
    if (stanza.is('presence') && stanza.attrs.type !== 'unavailable') {
      if (sender === options.nick) joined();
      for (const waiting of confirmations.filter((c) => c.nick === sender)) {
        confirmations.splice(confirmations.indexOf(waiting), 1);
        waiting.resolve();
      }
    }
    if (stanza.is('message') && stanza.attrs.type === 'groupchat') {
      const text = stanza.getChildText('body');
      if (text !== null) heard.push({ nick: sender, text, id: stanza.attrs.id });
    }
    if (stanza.is('message') && stanza.attrs.type === 'chat') {
      const text = stanza.getChildText('body');
      if (text !== null) heardPrivately.push({ nick: sender, text });
    }
  });
  await connection.start();
  await connection.send(xml('presence', { to: `${options.room}/${options.nick}` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' }, xml('history', { maxchars: '0' }))));
  await joinedPromise;
  return {
    get nick() {
      return nick;
    },
    heard,
    heardPrivately,
    async say(text, id = `e2e-${nick}-${Date.now()}-${counter++}`) {
      const sentAt = Date.now();
      await connection.send(xml('message', { to: options.room, type: 'groupchat', id }, xml('body', {}, text)));
      return sentAt;
    },
    async changeNick(newNick) {
      const confirmed = new Promise<void>((resolve) => confirmations.push({ nick: newNick, resolve }));
      await connection.send(xml('presence', { to: `${options.room}/${newNick}` }));
      await confirmed;
      nick = newNick;
    },
    async sayPrivately(nick, text) {
      const id = `e2e-pm-${nick}-${Date.now()}-${counter++}`;
      await connection.send(
        xml('message', { to: `${options.room}/${nick}`, type: 'chat', id }, xml('body', {}, text), xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' })),
      );
    },
    async leave() {
      await connection.send(xml('presence', { to: `${options.room}/${nick}`, type: 'unavailable' }));
    },
    async stop() {
      await connection.stop().catch(() => {});
    },
  };
}
