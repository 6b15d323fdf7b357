import { clampText, MAX_GROUP_TITLE, MAX_NAME, toChatEvent, toGroupRef } from '../../../lib/model/chat-event';

// Issue #11, finding 6: a nick over 200 characters failed validation and the member was
// never recorded; a title over 500 characters made every batch of that group fail.

describe('names and titles are cut, not dropped', () => {
  it('cuts with an ellipsis, within the limit, never splitting a surrogate pair', () => {
    expect(clampText('short', 10)).toBe('short');
    expect(clampText('a'.repeat(11), 10)).toBe(`${'a'.repeat(9)}…`);
    const emoji = '😀'.repeat(10);
    const cut = clampText(emoji, 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toBe('😀😀…');
  });

  it('keeps an event whose author name or new name is too long', () => {
    const event = toChatEvent({
      externalId: 'm1',
      kind: 'rename',
      author: { externalId: 'u1', name: 'N'.repeat(5_000) },
      role: 'customer',
      text: '',
      ts: 1,
      newName: 'M'.repeat(300),
    });
    expect(event?.author.name).toHaveLength(MAX_NAME);
    expect(event?.newName).toHaveLength(MAX_NAME);
  });

  it('cuts a group title to the length the protocol accepts', () => {
    expect(toGroupRef('g', 'T'.repeat(2_000)).title).toHaveLength(MAX_GROUP_TITLE);
  });
});
