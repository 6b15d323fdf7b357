import type { Normalized } from '../normalize';
import { toOriginalSpan } from '../normalize';
import type { DetectorHit } from '../detectors';

/**
 * Shapes that customer-group spam shares whatever words a family uses: an earning rate
 * ("日入300", "每单佣金5元", "一个赞3毛"), a call to act aimed at whoever wants it
 * ("需要的找我", "想要的扣1", "有意者私聊"), a forwarding chain ("转发到5个群"), a price cut
 * ("原价199现价39") and a trader's opening ("大量收购", "高价回收"). Each is one weak signal
 * for a scored rule; words alone miss the next wording, shapes carry over.
 *
 * Built-in patterns run on V8's regular expressions (bounded repetition, no nested
 * quantifiers), each behind a cheap character test so most messages run none of them.
 */
const SHAPES: readonly { readonly gate: readonly string[]; readonly pattern: RegExp }[] = [
  {
    gate: ['入', '赚', '薪', '结', '佣', '返', '收益', '挣'],
    pattern:
      /(?:日|周|月|每天|每日|一天|每单|一单|一小时|每小时|一个赞|每个赞)\s?(?:入|赚|收入|薪|结|佣金|返|返利|收益|挣)\s?(?:\d|[一二两三四五六七八九十百千几])/g,
  },
  {
    gate: ['需要', '想要', '有意', '感兴趣', '想了解', '想做', '想赚', '有兴趣'],
    pattern:
      /(?:需要|想要|有意|感兴趣|想了解|想做|想赚钱?|有兴趣)[的者]?(?:朋友|宝妈|姐妹|老板|兄弟)?们?\s?(?:找我|私我|私聊|私信|加我|加v|扣1|扣个1|联系|滴滴|戳我|来)/g,
  },
  { gate: ['群'], pattern: /(?:转发|分享|转|发)到?[^。！？\n]{0,10}?(?:\d|[一二两三四五六七八九十几])\s?个?群/g },
  { gate: ['原价'], pattern: /原价[^。！？\n]{0,8}?(?:现价|现在|只要|仅需|秒杀|到手|特价)/g },
  {
    gate: ['大量', '长期', '高价', '专业', '低价', '批量'],
    pattern: /(?:大量|长期|高价|专业|低价|批量)\s?(?:收|回收|出|出售|代|招|办|处理)/g,
  },
];

const NONE: readonly DetectorHit[] = Object.freeze([]);

/** Whether the normalised code units contain `needle`, without building the string. */
function hasInCodes(norm: Normalized, needle: string): boolean {
  const codes = norm.codes;
  const first = needle.charCodeAt(0);
  const last = norm.length - needle.length;
  for (let i = 0; i <= last; i++) {
    if (codes[i] !== first) continue;
    let k = 1;
    while (k < needle.length && codes[i + k] === needle.charCodeAt(k)) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/** First code unit of each gate → the shapes it may open, so one pass over the text decides. */
const SHAPES_BY_FIRST = new Map<number, number>();
SHAPES.forEach((shape, i) => {
  for (const g of shape.gate) SHAPES_BY_FIRST.set(g.charCodeAt(0), (SHAPES_BY_FIRST.get(g.charCodeAt(0)) ?? 0) | (1 << i));
});

export function detectAdShapes(norm: Normalized): readonly DetectorHit[] {
  const codes = norm.codes;
  let maybe = 0;
  for (let i = 0; i < norm.length; i++) {
    const c = codes[i] as number;
    if (c >= 0x4e00) maybe |= SHAPES_BY_FIRST.get(c) ?? 0;
  }
  if (maybe === 0) return NONE;
  let open: boolean[] | null = null;
  for (let s = 0; s < SHAPES.length; s++) {
    if ((maybe & (1 << s)) === 0) continue;
    if ((SHAPES[s] as (typeof SHAPES)[number]).gate.some((g) => hasInCodes(norm, g))) {
      open ??= SHAPES.map(() => false);
      open[s] = true;
    }
  }
  if (open === null) return NONE;
  const text = norm.text;
  let hits: DetectorHit[] | null = null;
  for (let s = 0; s < SHAPES.length; s++) {
    if (!open[s]) continue;
    const pattern = (SHAPES[s] as (typeof SHAPES)[number]).pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      hits ??= [];
      hits.push({ kind: 'ad_shape', span: toOriginalSpan(norm, m.index, m.index + m[0].length) });
    }
  }
  return hits ?? NONE;
}
