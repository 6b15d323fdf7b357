import type { Normalized } from '../normalize';
import { toOriginalSpan } from '../normalize';
import { ALL_CUES, type DetectorHit } from '../detectors';

/**
 * Shapes that customer-group spam shares whatever words a family uses: an earning rate
 * ("日入300", "每单佣金5元", "一个赞3毛"), a call to act aimed at whoever wants it
 * ("需要的找我", "想要的扣1", "有意者私聊"), a forwarding chain ("转发到5个群"), a price cut
 * ("原价199现价39") and a trader's opening ("大量收购", "高价回收") a guarantee of paying only on success and a business offering to fix things for you. Each is one weak signal
 * for a scored rule; words alone miss the next wording, shapes carry over.
 *
 * Built-in patterns run on V8's regular expressions (bounded repetition, no nested
 * quantifiers), each behind a cheap character test so most messages run none of them.
 */
interface Shape {
  /** Words one of which every match contains. */
  readonly gate: readonly string[];
  /** A second such list, for shapes whose gate words are common on their own ("群", "需要"). */
  readonly also?: readonly string[];
  readonly pattern: RegExp;
}

const SHAPES: readonly Shape[] = [
  {
    gate: ['入', '赚', '薪', '结', '佣', '返', '收益', '挣'],
    also: ['日', '周', '月', '天', '单', '时', '赞'],
    pattern:
      /(?:日|周|月|每天|每日|一天|每单|一单|一小时|每小时|一个赞|每个赞)\s?(?:入|赚|收入|薪|结|佣金|返|返利|收益|挣)\s?(?:\d|[一二两三四五六七八九十百千几])/g,
  },
  {
    gate: ['需要', '想要', '有意', '感兴趣', '想了解', '想做', '想赚', '有兴趣'],
    also: ['找我', '私', '加我', '加v', '扣', '联系', '滴滴', '戳我', '来'],
    pattern:
      /(?:需要|想要|有意|感兴趣|想了解|想做|想赚钱?|有兴趣)[的者]?(?:朋友|宝妈|姐妹|老板|兄弟)?们?\s?(?:找我|私我|私聊|私信|加我|加v|扣1|扣个1|联系|滴滴|戳我|来)/g,
  },
  { gate: ['群'], also: ['转', '发', '分享'], pattern: /(?:转发|分享|转|发)到?[^。！？\n]{0,10}?(?:\d|[一二两三四五六七八九十几])\s?个?群/g },
  { gate: ['原价'], pattern: /原价[^。！？\n]{0,8}?(?:现价|现在|只要|仅需|秒杀|到手|特价)/g },
  {
    // A trader's guarantee: pay only once it worked ("成功后再付款", "不成功不收费", "先下卡后收费").
    gate: ['后再', '不成功', '后收', '后付'],
    pattern:
      /(?:成功|下卡|下款|放款|到账|办好|批下来|出结果)了?(?:之)?后再?(?:付款|付费|收费|给钱|结算|收钱)|不成功不收|先(?:办理?|下卡|下款|放款|做事)后(?:付|收)/g,
  },
  {
    // A business offering to fix things for you ("我们可以帮你优化", "本团队帮您处理").
    gate: ['帮你', '帮您', '帮大家'],
    also: ['我们', '我这边', '团队', '公司', '我司', '工作室'],
    pattern:
      /(?:我们|我这边|我们这边|本团队|团队|本公司|我司|工作室)(?:可以|能|专门|专业|负责)?\s?帮(?:你|您|大家)(?:们)?(?:处理|优化|解决|办理?|搞定|消除|修复|下款|提额|操作|洗白|协商)/g,
  },
  {
    // A trader's opening ("大量收购", "高价回收"), or accounts, cards and numbers for sale or
    // wanted ("出售抖音账号", "回收京东e卡", "收购微信号").
    gate: ['大量', '长期', '高价', '专业', '低价', '批量', '出售', '收购', '回收'],
    also: ['收', '出', '代', '招', '办', '处理'],
    pattern:
      /(?:大量|长期|高价|专业|低价|批量)\s?(?:收|回收|出|出售|代|招|办|处理)|(?:出售|收购|回收)(?:各种|各类|各平台|闲置)?\s?(?:抖音|快手|微信|qq|小红书|游戏|王者|吃鸡|原神|淘宝|闲鱼|微博|b站|视频号|京东|沃尔玛|携程|苹果|星巴克|购物|超市|加油|话费|礼品|银行|电话|手机)\s?(?:e卡|账号|号|卡)/g,
  },
];


/**
 * English offers share shapes too, whatever the product: a seller's opening ("selling …",
 * "reselling", "for sale"), a call to a private channel ("dm for price", "pm me if
 * interested", "offers welcome"), a price pitch ("cheapest in town", "below retail",
 * "wholesale prices"), the goods' condition as a seller states it ("brand new sealed",
 * "authentic") and a result promised in numbers ("lose 10lbs in 2 weeks",
 * "3% daily returns", "six figures", "get paid to"). Each is one signal of en-ad (detector
 * ad_shape_en), two make an ad; the lead's words for them are never the product's.
 */
const EN_SHAPES: readonly Shape[] = [
  {
    // The seller speaks: "selling …" opening a sentence, "I'm / we're / I've started selling",
    // "for sale". "Is anyone selling …?", "they're selling", "stop selling" are no offer.
    gate: ['selling', 'sell', 'for sale', 'up for grabs'],
    pattern:
      /(?:^|[.!?:,] ?|\b(?:hi|hey|hello) (?:all|everyone|guys)?,? ?)(?:re)?selling\b|\b(?:i|we|i'm|im|we're|i am|we are|i've started|i have started|now|currently|also) (?:re)?sell(?:ing)?\b(?! (?:nothing|out)\b)|\bfor sale\b|\bup for grabs\b/g,
  },
  {
    // A call to a private channel with what it is for ("dm for price", "pm me if interested",
    // "message me to order"), or a seller's terms ("offers welcome", "ono"). A bare "dm me"
    // is often a customer asking staff ("can someone dm me about my refund") and is only a word.
    // Gate words are specific: "message" or "text" alone are in most chats, the pattern is not.
    gate: ['dm', 'pm', 'inbox', 'message me', 'message us', 'msg me', 'msg us', 'whatsapp me', 'whatsapp us', 'text me', 'text us', 'hmu', 'offers', 'best offer', 'ono', 'ovno', 'serious buyers'],
    pattern:
      /\b(?:(?:dm|pm|inbox)(?: me| us)?|(?:message|msg|whatsapp|text) (?:me|us)),? (?:for|if|to) (?:the |a |your )?(?:price|prices|pricing|details|info|more info|interested|order|orders|rates|menu|catalogue|list)\b|\bhmu\b|\boffers (?:welcome|accepted)\b|\bor best offer\b|\bono\b|\bovno\b|\bserious buyers\b/g,
  },
  {
    // ("50% off" is a weighted phrase of its own; "off" would open this gate in most chats.)
    gate: ['cheap', 'retail', 'rrp', 'wholesale', 'bulk', 'half price', 'bargain', 'clearance'],
    pattern: /\bcheap(?:est)?\b|\b(?:below|under) (?:retail|rrp)\b|\bwholesale (?:price|prices|rates)\b|\bbulk (?:discount|buy|order)s?\b|\bhalf price\b|\bbargain\b|\bclearance\b/g,
  },
  {
    // The goods' condition as a seller states it ("brand new sealed", "authentic", "bnwt").
    // ("brand new" alone is how customers describe what they bought; "brand new sealed" is a seller.)
    gate: ['sealed', 'bnib', 'bnwt', 'authentic', 'genuine', 'original', 'unopened', 'mint condition', 'brand new'],
    pattern: /\b(?:factory )?sealed\b|\bbnib\b|\bbnwt\b|\bauthentic\b|\bgenuine\b|\b100 ?% original\b|\bunopened\b|\bmint condition\b|\bbrand new (?:in box|boxed|with tags)\b/g,
  },
  {
    gate: ['lbs', 'kg', 'kilo', 'pounds', 'stone', 'returns', 'profit', 'payout', 'figures', 'while you sleep', 'own boss', 'paid to', 'guaranteed'],
    pattern:
      /\b(?:lose|lost|drop) (?:up to )?\d+ ?(?:lbs?|kg|kilos?|pounds|stone)\b|\d ?% (?:daily|weekly|monthly|a day|a week|a month|per day|per week|per month)? ?(?:returns|profits?|payouts?)\b|\b(?:daily|weekly|monthly) (?:returns|profits?|payouts?)\b|\b(?:six|seven) figures\b|\bearn while you sleep\b|\bbe your own boss\b|\bget paid to\b|\bin \d+ days?,? guaranteed\b/g,
  },
];

const NONE: readonly DetectorHit[] = Object.freeze([]);

/**
 * Cue bits, one per shape for its gate words and one more for its `also` words, handed out
 * in order from SHAPE_CUE_FIRST over both sets, the question cue's bit (1 << 20) skipped: the
 * words go into the engine's keyword automaton (see CUE_WORDS).
 */
const SHAPE_CUE_FIRST = 5;
const QUESTION_CUE_SHIFT = 20;
let nextShift = SHAPE_CUE_FIRST;
function takeBit(): number {
  if (nextShift === QUESTION_CUE_SHIFT) nextShift++;
  // 26 is CUE_NUMBER_WORD's (detectors.ts).
  if (nextShift > 25) throw new Error('ad shapes: out of cue bits');
  return 1 << nextShift++;
}

interface ShapeSet {
  readonly kind: 'ad_shape' | 'ad_shape_en';
  readonly shapes: readonly Shape[];
  readonly gateBits: readonly number[];
  readonly alsoBits: readonly number[];
  /** Every shape's gate bit: a message with none of them has no shape. */
  readonly gateCues: number;
  readonly cueWords: readonly { readonly bit: number; readonly words: readonly string[]; readonly wholeWord: boolean }[];
}

function shapeSet(kind: ShapeSet['kind'], shapes: readonly Shape[]): ShapeSet {
  const gateBits = shapes.map(() => takeBit());
  const alsoBits = shapes.map((shape) => (shape.also ? takeBit() : 0));
  return {
    kind,
    shapes,
    gateBits,
    alsoBits,
    gateCues: gateBits.reduce((bits, bit) => bits | bit, 0),
    cueWords: shapes.flatMap((shape, s) => [
      { bit: gateBits[s] as number, words: shape.gate, wholeWord: false },
      ...(shape.also ? [{ bit: alsoBits[s] as number, words: shape.also, wholeWord: false }] : []),
    ]),
  };
}

const ZH_SET = shapeSet('ad_shape', SHAPES);
const EN_SET = shapeSet('ad_shape_en', EN_SHAPES);

/**
 * Gate words as cue entries for the engine's one keyword pass: when a shape's gates do not
 * occur, its pattern never runs, and the engine learns that from the scan it makes anyway
 * instead of a second pass over the text.
 */
export const AD_SHAPE_CUES: readonly { readonly bit: number; readonly words: readonly string[]; readonly wholeWord: boolean }[] = [
  ...ZH_SET.cueWords,
  ...EN_SET.cueWords,
];

export const AD_SHAPE_GATE_CUES: number = ZH_SET.gateCues;
export const EN_AD_SHAPE_GATE_CUES: number = EN_SET.gateCues;

/** Which shapes' gates the cue bits open (a bit per shape, its gate bit). */
function openShapes(set: ShapeSet, cues: number): number {
  let open = 0;
  for (let s = 0; s < set.shapes.length; s++) {
    const gate = set.gateBits[s] as number;
    if ((cues & gate) === 0) continue;
    const also = set.alsoBits[s] as number;
    if (also !== 0 && (cues & also) === 0) continue;
    open |= gate;
  }
  return open;
}

/** Whether the cue bits of the engine's keyword pass open any shape (see DetectorDefinition.mayFind). */
export function mayFindAdShape(cues: number): boolean {
  // Most messages carry no shape's gate word at all: one test instead of the loop.
  return (cues & ZH_SET.gateCues) !== 0 && openShapes(ZH_SET, cues) !== 0;
}

export function mayFindEnAdShape(cues: number): boolean {
  return (cues & EN_SET.gateCues) !== 0 && openShapes(EN_SET, cues) !== 0;
}

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

function detectShapes(set: ShapeSet, norm: Normalized, cues: number, everyMatch: boolean): readonly DetectorHit[] {
  let open = openShapes(set, cues);
  if (cues === ALL_CUES) {
    for (let s = 0; s < set.shapes.length; s++) {
      const shape = set.shapes[s] as Shape;
      const found = (words: readonly string[]): boolean => words.some((g) => hasInCodes(norm, g));
      if (!found(shape.gate) || (shape.also && !found(shape.also))) open &= ~(set.gateBits[s] as number);
    }
  }
  if (open === 0) return NONE;
  const text = norm.text;
  let hits: DetectorHit[] | null = null;
  for (let s = 0; s < set.shapes.length; s++) {
    if ((open & (set.gateBits[s] as number)) === 0) continue;
    const pattern = (set.shapes[s] as Shape).pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = everyMatch ? pattern.exec(text) : null) {
      hits ??= [];
      hits.push({ kind: set.kind, span: toOriginalSpan(norm, m.index, m.index + m[0].length) });
    }
  }
  return hits ?? NONE;
}

/**
 * `cues`: the engine's gate bits from its keyword pass; called on its own (tests, tools),
 * every gate is looked for in the text here.
 */
export function detectAdShapes(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  return detectShapes(ZH_SET, norm, cues, true);
}

/**
 * The English offer shapes (EN_SHAPES): one hit per shape found, since two shapes are two
 * signals and one shape twice ("dm me … dm for price") is still one.
 */
export function detectEnAdShapes(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  return detectShapes(EN_SET, norm, cues, false);
}
