import { describe, expect, it } from 'vitest';
import { compileRules, evaluateMessage, type Suggestion } from '../../../lib/rules/engine';
import { HitBuffer, KeywordMatcher } from '../../../lib/rules/matcher';
import { normalize } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { renderReason } from '../../../lib/rules/reason';
import { validateRules } from '../../../lib/rules/validate';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);

function run(text: string): Suggestion[] {
  return evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
}
const categories = (text: string) => run(text).map((s) => s.category).sort();

describe('detection never flags', () => {
  it.each([
    '订单尾号455的那个', 'price is 455', '我用2B铅笔', '型号 SB-2000 还有货吗', 'I love my car.so fast', '这个是3.5折吗',
    '订单号 4400123456789，麻烦查一下', '快递单号 YT1234567890123', '官方客服热线 400-820-8820 打不通', '一共 268 元',
    'Scunthorpe United', 'the assassin', 'reading Dickens', 'a cocktail party', 'cockpit view', '周日你们营业吗', '你马上处理一下',
    'My order number is 100234567', 'what?',
  ])('%s', (text) => {
    expect(categories(text)).toEqual([]);
  });
});

describe('contact details', () => {
  it.each([
    ['联系 021-62345678', '021-62345678'],
    ['Call 09061790121 now', '09061790121'],
    ['Call FREEPHONE 0800 542 0578 now!', '0800 542 0578'],
    ['txt WIN to 87121', '87121'],
    ['电话①③⑧⓪⓪①③⑧⓪⓪⓪', '①③⑧⓪⓪①③⑧⓪⓪⓪'],
    ['➕V：abc_888', 'abc_888'],
    ['🛰：ab12345', 'ab12345'],
    ['扣:12345678', '12345678'],
    ['抖音号：meimei888', 'meimei888'],
    ['search for ID: xyz888', 'xyz888'],
    ['我的邮箱 zhangsan#163.com', 'zhangsan#163.com'],
  ])('%s', (text, evidence) => {
    const contact = run(text).find((s) => s.category === 'contact');
    expect(contact).toBeDefined();
    expect(contact?.spans.map((s) => text.slice(s.start, s.end)).join('|')).toContain(evidence);
  });

  it('reads a number glued to what follows as far as a phone number goes', () => {
    const text = 'Netcollex Ltd 08700621170150p per msg';
    const contact = run(text).find((s) => s.category === 'contact');
    expect(contact?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['08700621170']);
  });
});

describe('links', () => {
  it.each(['网址：九九九点com 进去就有', '复制这段话￥AbCd1234XyZ￥打开淘宝', 't.co/abc', 'abc-shop.me', '戳 t.cn/Rabc12 抢购'])('%s', (text) => {
    expect(categories(text)).toContain('link');
  });
  it('an e-mail address is contact, not a link', () => {
    expect(categories('zhangsan#163.com')).toEqual(['contact']);
  });
});

describe('insults and profanity', () => {
  it.each([
    'nmsl', 'cnm 退钱', 'tmd 等了三天', '你🐴死了', '🐶东西', '傻 逼 客 服', 'fuuuuck you', 'f#ck you', 'f@ck that', 'fvck',
    'f_u_c_k', 'f.u.c.k', 'what the f**k', 'ѕhіt', 'fυck', 'ＦＵＣＫ', 'motherfucking idiots', 'you b1tch',
    'what a c*nt', "you're a f**king joke", 'a f*cking mess',
  ])('%s', (text) => {
    expect(categories(text)).toContain('insult');
  });
});

describe('scoring', () => {
  it('adds weak signals up and lists the contributions, never the words', () => {
    const [ad] = run('有需要的加我微信 abc12345').filter((s) => s.category === 'ad');
    expect(ad?.score).toBeGreaterThanOrEqual(2);
    expect(ad?.contributions?.map((c) => c.signal)).toEqual(expect.arrayContaining(['wechat', 'weighted']));
    expect(JSON.stringify(ad?.contributions)).not.toContain('有需要');
  });

  it('one weak word is not enough', () => {
    expect(categories('有需要的话我再问')).toEqual([]);
  });

  it('a customer asking about a scam scores lower than the scam', () => {
    const scam = run('兼职刷单，日结300').find((s) => s.category === 'ad');
    expect(scam).toBeDefined();
    expect(categories('群里有人发兼职刷单的，是骗子吗？大家小心')).toEqual([]);
    // All of it inside the question: the phrases count half, then the question cue lowers it.
    expect(categories('收到短信说兼职刷单日结300，一单一结，是真的吗')).toEqual([]);
    const asked = run('收到短信：兼职刷单日结300，一单一结，刷单返佣。是真的吗').find((s) => s.category === 'ad');
    expect(asked?.score ?? 0).toBeLessThan(scam?.score ?? 0);
    expect(asked?.contributions?.some((c) => c.signal === 'question' && c.weight < 0)).toBe(true);
  });

  it('softens the severity of a link someone asks about; the built-in link rule stays quiet (quietWhenAsked)', () => {
    const posted = run('打开 t.cn/Rabc12 领取').find((s) => s.category === 'link');
    expect(posted?.severity).toBe('low');
    expect(run('is this t.cn/Rabc12 link real?').find((s) => s.category === 'link')).toBeUndefined();
    expect(run('这个网址 gov-butie.com 是官方的吗？').find((s) => s.category === 'link')).toBeUndefined();
    // Words of asking inside a statement are no question: "是真的" here is the spammer's.
    expect(run('官网 www.x-bet.com 是真的，注册就送').find((s) => s.category === 'link')).toBeDefined();
    const rules = compileRules([{ id: 'l', name: 'links', category: 'link', severity: 'high', triggers: { detectors: ['url'] } }]).compiled;
    const msg = (text: string) => ({ id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' as const });
    expect(evaluateMessage(rules, msg('打开 t.cn/Rabc12 领取'), { recent: [], now })[0]?.severity).toBe('high');
    expect(evaluateMessage(rules, msg('is this t.cn/Rabc12 link real?'), { recent: [], now })[0]?.severity).toBe('medium');
  });
});

describe('reasons', () => {
  it('are data, rendered through the locale messages', () => {
    const [contact] = run('联系电话 13912345678').filter((s) => s.category === 'contact');
    expect(contact?.reasonData).toEqual({ category: 'contact', details: [{ key: 'phone' }], newMember: false });
    expect(contact?.reason).toBe('Contact details (phone number)');
    expect(contact?.reasonZh).toBe('联系方式（手机号）');
    const t = (key: string, ...subs: (string | number)[]) => `${key}[${subs.join(',')}]`;
    expect(renderReason({ category: 'flood', details: [{ key: 'flood', count: 6, windowSec: 30 }], newMember: true }, t)).toBe(
      'reason_new_member[reason_with_details[reason_category_flood[],reason_detail_flood[6,30]]]',
    );
  });
});

describe('matcher boundary marks', () => {
  it('"|ass" needs a word start, an unmarked pattern is found inside words', () => {
    const m = KeywordMatcher.compile([
      { pattern: '|ass', tag: 1, wholeWord: false },
      { pattern: 'fuck', tag: 2, wholeWord: false },
      { pattern: 'cunt|', tag: 3, wholeWord: false },
    ]);
    const tags = (text: string) => {
      const out = new HitBuffer();
      m.scan(normalize(text), out);
      return [...out.tags.subarray(0, out.count)];
    };
    expect(tags('assess')).toEqual([1]);
    expect(tags('bass')).toEqual([]);
    expect(tags('motherfucking')).toEqual([2]);
    expect(tags('scunthorpe')).toEqual([]);
    expect(tags('you cunt')).toEqual([3]);
  });
});

describe('stretched letters', () => {
  it('collapse runs of three or more, keep doubles, www and xxx', () => {
    expect(normalize('fuuuuck').text).toBe('fuck');
    expect(normalize('good').text).toBe('good');
    expect(normalize('www.example.com').text).toBe('www.example.com');
    const n = normalize('shiiiit');
    expect(n.text).toBe('shit');
    expect([n.starts[2], n.ends[2]]).toEqual([2, 6]);
  });
});

describe('validation of weighted phrases', () => {
  it('names the entry that is wrong', () => {
    const { errors } = validateRules([
      { id: 'w', name: 'w', category: 'ad', triggers: { weighted: [{ pattern: 'ok', weight: 1 }, { pattern: ' ', weight: 1 }] } },
      { id: 'z', name: 'z', category: 'ad', triggers: { weighted: [{ pattern: 'ok', weight: 0 }] } },
      { id: 'ok', name: 'ok', category: 'ad', triggers: { weighted: [{ pattern: 'fine', weight: 2 }] } },
      { id: 'ok', name: 'dup', category: 'ad', triggers: { keywords: ['x'] } },
    ]);
    expect(errors.map((e) => `${e.ruleId}:${e.field}`)).toEqual(['w:triggers.weighted.1.pattern', 'z:triggers.weighted.0.weight', 'ok:id']);
  });
});

describe('validation names the entry', () => {
  it('refuses a weighted phrase listed twice (it would count twice)', () => {
    const { errors } = validateRules([
      { id: 'd', name: 'd', category: 'ad', triggers: { weighted: [{ pattern: '刷单', weight: 3 }, { pattern: 'x', weight: 1 }, { pattern: '刷单', weight: 1 }] } },
    ]);
    expect(errors.map((e) => `${e.ruleId}:${e.field}`)).toEqual(['d:triggers.weighted.2.pattern']);
    expect(errors[0]?.message).toContain('also at 0');
  });

  it('refuses a pattern the safe engine cannot run, and an empty keyword, by rule and field', () => {
    const { valid, errors } = validateRules([
      { id: 'back', name: 'back', category: 'custom', triggers: { regexes: [{ pattern: 'ok' }, { pattern: '(a)\\1' }] } },
      { id: 'empty', name: 'empty', category: 'custom', triggers: { keywords: ['fine', '  '] } },
      { id: 'good', name: 'good', category: 'custom', triggers: { keywords: ['fine'] } },
    ]);
    expect(errors.map((e) => `${e.ruleId}:${e.field}`)).toEqual(['back:triggers.regexes.1.pattern', 'empty:triggers.keywords.1']);
    expect(valid.map((v) => v.rule.id)).toEqual(['good']);
  });

  it('the default packs pass it: no duplicate phrases or ids', () => {
    expect(validateRules(DEFAULT_RULES).errors).toEqual([]);
  });
});

describe('regular expression work budget', () => {
  it('skips the rest of a hostile pack on one message and reports it, the next message runs in full', async () => {
    const { lastEvaluationHitRegexBudget, REGEX_WORK_BUDGET } = await import('../../../lib/rules/engine');
    const pattern = `(?:${Array.from({ length: 40 }, (_, i) => `w${i}x+y`).join('|')})`;
    const rules = Array.from({ length: 200 }, (_, i) => ({
      id: `r${i}`,
      name: `r${i}`,
      category: 'custom' as const,
      triggers: { regexes: [{ pattern: i === 199 ? 'needle' : pattern }] },
    }));
    const hostile = compileRules(rules).compiled;
    const long = `${'lorem ipsum '.repeat(1_600)} needle`;
    const msg = (text: string) => ({ id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' as const });
    expect(evaluateMessage(hostile, msg(long), { recent: [], now })).toEqual([]);
    expect(lastEvaluationHitRegexBudget()).toBe(true);
    expect(REGEX_WORK_BUDGET).toBeGreaterThan(0);
    expect(evaluateMessage(hostile, msg('short needle'), { recent: [], now }).map((s) => s.ruleId)).toEqual(['r199']);
    expect(lastEvaluationHitRegexBudget()).toBe(false);
  });
});
