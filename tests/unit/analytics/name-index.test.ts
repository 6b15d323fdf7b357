import fc from 'fast-check';
import { NameIndex } from '../../../lib/analytics/questions';

/** What the index must answer: every member whose name (two characters or more) the text contains. */
const namedByScan = (names: ReadonlyMap<string, string>, text: string) => new Set([...names].filter(([, name]) => name.length > 1 && text.includes(name)).map(([id]) => id));

describe('NameIndex', () => {
  it('finds the members named in a text, as searching the text for every name would', () => {
    const index = new NameIndex([
      ['u-wang', '王小明'],
      ['u-li', '李娜'],
      ['u-one', '李'],
      ['u-ann', 'ann'],
      ['u-anna', 'anna'],
    ]);
    expect(index.namedIn('@王小明 李娜 的问题我来回答')).toEqual(new Set(['u-wang', 'u-li']));
    expect(index.namedIn('hi anna')).toEqual(new Set(['u-ann', 'u-anna']));
    // A one-character name matches too much Chinese text to count.
    expect(index.namedIn('李先生')).toEqual(new Set());
    // A renamed member is found by the new name only.
    index.set('u-li', '李四');
    expect(index.namedIn('李娜 李四')).toEqual(new Set(['u-li']));
    expect([...index].find(([id]) => id === 'u-li')).toEqual(['u-li', '李四']);
  });

  it('agrees with the scan for any names, renames and texts (property)', () => {
    // A small alphabet so that names share starts and overlap inside texts.
    const chars = fc.constantFrom('a', 'b', 'n', ' ', '李', '娜', '王', '\u{1F600}');
    const word = fc.array(chars, { minLength: 0, maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'), word), { maxLength: 20 }), fc.array(word, { minLength: 1, maxLength: 6 }), (sets, parts) => {
        const index = new NameIndex();
        const names = new Map<string, string>();
        for (const [id, name] of sets) {
          index.set(id, name);
          names.set(id, name);
        }
        const text = parts.join('');
        expect(index.namedIn(text)).toEqual(namedByScan(names, text));
        expect(new NameIndex(names).namedIn(text)).toEqual(namedByScan(names, text));
      }),
      { numRuns: 3_000 },
    );
  });
});
