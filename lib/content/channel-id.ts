/**
 * The secret channel name the content script hands to its sidebar frame: a version-4 UUID
 * (122 random bits), the shape the sidebar checks (sidebar-channel.ts).
 *
 * Not `crypto.randomUUID()`: that exists only in secure contexts, and many company chats are
 * served over plain http on an intranet address (http://10.0.0.5:8080/). There it is
 * undefined and the content script died before it opened the sidebar. `getRandomValues`
 * works in every context and draws from the same generator.
 */
export function newChannelId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
