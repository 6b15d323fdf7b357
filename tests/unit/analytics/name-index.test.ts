import fc from 'fast-check';
import { NameIndex, OpenQuestions, type Question } from '../../../lib/analytics/questions';
import { message } from '../db/records';

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

describe('OpenQuestions.quotedAt', () => {
  const question = (id: string, text: string, memberId = 'u-1'): Question => ({ message: message({ id, memberId, text }), followUp: false, end: null, endedAt: null, answer: null, responseMs: null, businessResponseMs: null });

  it('finds the open questions whose text a message holds at a position, short and long ones, and forgets closed ones without hiding open ones that start alike', () => {
    const open = new OpenQuestions();
    const first = question('q-1', '年费多少钱');
    const second = question('q-2', '年费怎么算');
    const long = question('q-3', '请问 年费 怎么 收 refund 订单 #12');
    const longer = question('q-4', '请问 年费 怎么 收 refund 订单 #123');
    for (const q of [first, second, long, longer]) open.add(q);
    expect(open.quotedAt('回复：年费多少钱 好的', 3)).toEqual([first]);
    expect(open.quotedAt('回复：年费多少钱 好的', 2)).toEqual([]);
    expect(open.quotedAt('> 请问 年费 怎么 收 refund 订单 #123 已发货', 2).map((q) => q.message.id).sort()).toEqual(['q-3', 'q-4']);
    first.end = 'staff';
    expect(open.quotedAt('回复：年费多少钱', 3)).toEqual([]);
    expect(open.quotedAt('回复：年费怎么算', 3)).toEqual([second]);
    second.end = 'staff';
    expect(open.quotedAt('年费怎么算', 0)).toEqual([]);
    long.end = 'staff';
    expect(open.quotedAt('请问 年费 怎么 收 refund 订单 #123', 0)).toEqual([longer]);
  });

  it('agrees with a scan of every open question, through adds and closes (property)', () => {
    // Few characters, so that questions share their starts and texts hold them often.
    const chars = fc.constantFrom('a', 'b', ' ', 'A', '年', '费', '\u{1F600}');
    const text = fc.array(chars, { minLength: 0, maxLength: 24 }).map((cs) => cs.join(''));
    const step = fc.oneof(fc.record({ add: text }), fc.record({ close: fc.nat(40) }), fc.record({ probe: text }), fc.record({ probeAdded: fc.tuple(fc.nat(40), text, text) }));
    const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    fc.assert(
      fc.property(fc.array(step, { maxLength: 50 }), (steps) => {
        const open = new OpenQuestions();
        const all: Question[] = [];
        const check = (probe: string) => {
          const folded = fold(probe);
          for (let i = 0; i < folded.length; i++) {
            const expected = all.filter((q) => q.end === null && fold(q.message.text).length >= 4 && folded.startsWith(fold(q.message.text), i)).map((q) => q.message.id);
            expect(open.quotedAt(folded, i).map((q) => q.message.id).sort()).toEqual(expected.sort());
          }
        };
        for (const s of steps) {
          if ('add' in s) {
            const q = question(`q-${all.length}`, s.add, `u-${all.length % 3}`);
            all.push(q);
            open.add(q);
          } else if ('close' in s) {
            const q = all[s.close % Math.max(1, all.length)];
            if (q) q.end = 'staff';
          } else if ('probe' in s) check(s.probe);
          else {
            const [n, before, after] = s.probeAdded;
            check(`${before}${all[n % Math.max(1, all.length)]?.message.text ?? ''}${after}`);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
