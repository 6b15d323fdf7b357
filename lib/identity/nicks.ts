import type { ChatEvent, NickLink } from '../model';

/**
 * Renames follow the person. On IRC (The Lounge) and in XMPP rooms (Converse.js) a member's
 * key is their nick, and `/nick` changes it: without this, a member reminded and warned as X
 * would start over as Y, their history and notes split in two. A rename X → Y at time t is a
 * point-in-time fact:
 *   - from t on, Y is the member who was X (their messages, cases and pending steps are one
 *     member's: the events are stored under the member's first key);
 *   - up to t, X was that member, and their rows read later (a scroll, a reload) still are;
 *   - after t, X is free: IRC lets anyone take it, so whoever posts as X after t is someone
 *     else, a member of their own (key `X#t`), unless the member renames back to X.
 * Nicks that were never renamed resolve to themselves, so nothing changes for them.
 */

/** Per site, per nick: that nick's links, oldest first. */
export type NickIndex = Map<string, NickLink[]>;

const indexKey = (site: string, nick: string) => `${site}\u0000${nick}`;

/** The id a link is stored under: one per site, nick and moment, so a rename read twice writes it once. */
export const nickLinkId = (site: string, nick: string, since: number) => `${site}\u0000${nick}\u0000${String(since).padStart(16, '0')}`;

/** The key given to whoever takes a nick its member left at `since` (the time keeps it apart from any nick). */
export const vacatedHolder = (nick: string, since: number) => `${nick}#${since}`;

export function indexNickLinks(links: readonly NickLink[]): NickIndex {
  const index: NickIndex = new Map();
  for (const link of links) addToIndex(index, link);
  return index;
}

function addToIndex(index: NickIndex, link: NickLink): void {
  const key = indexKey(link.site, link.nick);
  const list = index.get(key) ?? [];
  const at = list.findIndex((l) => l.since >= link.since);
  if (at >= 0 && list[at]?.since === link.since) list[at] = link;
  else if (at >= 0) list.splice(at, 0, link);
  else list.push(link);
  index.set(key, list);
}

/** The key of the member who held `nick` on `site` at `ts` (the nick itself when it was never renamed). */
export function holderAt(index: NickIndex, site: string, nick: string, ts: number): string {
  const list = index.get(indexKey(site, nick));
  if (!list) return nick;
  let holder = nick;
  for (const link of list) {
    if (link.since > ts) break;
    holder = link.holder;
  }
  return holder;
}

/** The member holding `nick` now: the latest link's, or the nick itself. */
export function currentHolder(index: NickIndex, site: string, nick: string): string {
  return index.get(indexKey(site, nick))?.at(-1)?.holder ?? nick;
}

/**
 * A batch's events with each author's key resolved to the member who held that nick when the
 * event happened, and the links its renames make, in page order: a rename and the renamed
 * member's next message often arrive in one batch. `index` is updated with the new links.
 * The author's name stays as the page showed it (the card lists earlier names).
 */
export function resolveNicks(index: NickIndex, site: string, groupId: string, events: readonly ChatEvent[]): { events: ChatEvent[]; links: NickLink[] } {
  const links: NickLink[] = [];
  const resolved = events.map((event) => {
    const holder = holderAt(index, site, event.author.externalId, event.ts);
    // Only chats keyed by nick say the key changes; a renamed display name keeps its member.
    const newKey = event.kind === 'rename' ? event.newExternalId : undefined;
    if (newKey && newKey !== event.author.externalId) {
      const made: NickLink[] = [
        { id: nickLinkId(site, newKey, event.ts), site, nick: newKey, since: event.ts, holder, groupId, renamedFrom: event.author.externalId },
        // The old nick is free from just after the rename: a row of it in the same instant is still theirs.
        { id: nickLinkId(site, event.author.externalId, event.ts + 1), site, nick: event.author.externalId, since: event.ts + 1, holder: vacatedHolder(event.author.externalId, event.ts), groupId },
      ];
      for (const link of made) {
        addToIndex(index, link);
        links.push(link);
      }
    }
    return holder === event.author.externalId ? event : { ...event, author: { ...event.author, externalId: holder } };
  });
  return { events: resolved, links };
}
