import { missedParts, readPartOf } from '../../../lib/reader/missed-part';

describe('readPartOf: every miss key an adapter or a site profile reports has a part staff can name', () => {
  it.each([
    ['selectors.row', 'row'],
    ['selectors.id', 'row'],
    ['row-id', 'row'],
    ['row-kind', 'row'],
    ['messageContainer', 'row'],
    ['record', 'row'],
    ['selectors.author', 'author'],
    ['selectors.author.keyAttribute', 'author'],
    ['selectors.authorName', 'author'],
    ['author', 'author'],
    ['new-nick', 'author'],
    ['selectors.text', 'text'],
    ['content', 'text'],
    ['text', 'text'],
    ['selectors.time', 'time'],
    ['selectors.time.format', 'time'],
    ['time', 'time'],
    ['composer', 'composer'],
    ['composer-kind', 'composer'],
    ['selectors.send', 'composer'],
    ['textual', 'other'],
    ['authority', 'other'],
    ['', 'other'],
  ])('%s → %s', (key, part) => {
    expect(readPartOf(key)).toBe(part);
  });

  it('sums the misses per part and lists each part once, most missed first', () => {
    expect(missedParts({ 'selectors.author': 2, author: 2, 'selectors.text': 3, time: 1 })).toEqual(['author', 'text', 'time']);
    expect(missedParts({})).toEqual([]);
  });
});
