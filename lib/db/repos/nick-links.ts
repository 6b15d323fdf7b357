import { currentHolder, holderAt, indexNickLinks, nickLinkId } from '../../identity/nicks';
import { memberKey, type NickLink } from '../../model';
import type { Database } from '../open';

/** Every key of one nick's links, in time order. */
export const nickLinkRange = (site: string, nick: string) => IDBKeyRange.bound(nickLinkId(site, nick, 0), `${site}\u0000${nick}\u0000\uffff`);

export function getNickLinks(db: Database, site: string, nick: string): Promise<NickLink[]> {
  return db.getAll('nickLinks', nickLinkRange(site, nick));
}

/** The links that make nicks resolve to this member (their later nicks), oldest first. */
export async function getLinksToMember(db: Database, site: string, externalId: string): Promise<NickLink[]> {
  return (await db.getAllFromIndex('nickLinks', 'byHolder', [site, externalId])).sort((a, b) => a.since - b.since);
}

/**
 * The member a nick seen on the page stands for (a click on a name): who held it at `at` (the
 * row's time) when given, else who holds it now; a nick whose present holder has no record
 * yet (a freed nick nobody took) falls back to the member who held it last, so a click on the
 * renamed member's old rows still opens their card.
 */
export async function resolveMemberId(db: Database, site: string, nick: string, at?: number): Promise<string> {
  const links = await getNickLinks(db, site, nick);
  if (links.length === 0) return memberKey(site, nick);
  const index = indexNickLinks(links);
  if (at !== undefined) return memberKey(site, holderAt(index, site, nick, at));
  const now = memberKey(site, currentHolder(index, site, nick));
  if (await db.getKey('members', now)) return now;
  for (let i = links.length - 2; i >= -1; i--) {
    const earlier = memberKey(site, i >= 0 ? (links[i] as NickLink).holder : nick);
    if (await db.getKey('members', earlier)) return earlier;
  }
  return now;
}

/**
 * For members whose key is not their nick now: the nick each has now, by member id (the
 * latest link to them: a rename's new nick, or the freed nick a newcomer took). Members
 * never linked are left out (their key is their nick). One read per member.
 */
export async function currentKeysOf(db: Database, memberIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    memberIds.map(async (memberId) => {
      const colon = memberId.indexOf(':');
      if (colon < 0) return;
      const links = await getLinksToMember(db, memberId.slice(0, colon), memberId.slice(colon + 1));
      const latest = links.at(-1);
      if (latest) found.set(memberId, latest.nick);
    }),
  );
  return found;
}
