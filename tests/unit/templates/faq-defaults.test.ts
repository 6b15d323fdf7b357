import { describe, expect, it } from 'vitest';
import type { Template } from '../../../lib/model';
import { containsKeyword, suggestFaqTemplates } from '../../../lib/templates/faq';
import { suggestFaqInQuestionLanguage } from '../../../lib/templates/faq-language';
import { DEFAULT_TEMPLATES } from '../../../lib/templates/defaults';

const LIBRARY: Template[] = DEFAULT_TEMPLATES.map((t) => ({ ...t, sendDirectly: false, createdAt: 0, updatedAt: 0 }));
const best = (question: string) => suggestFaqInQuestionLanguage(question, LIBRARY, 2)[0]?.template.id ?? null;

describe('the default FAQ answers, on questions customers ask', () => {
  // Written as customers write them, not from the keyword lists: each must offer its answer first.
  it.each([
    ['请问退款一般多久能到账？我上周申请的还没收到', 'tpl-faq-refund-zh'],
    ['退钱怎么这么慢啊，都五天了', 'tpl-faq-refund-zh'],
    ['我的快递什么时候到？下单三天了', 'tpl-faq-shipping-zh'],
    ['昨天买的东西发货了吗', 'tpl-faq-shipping-zh'],
    ['地址填错了，能帮我改一下吗', 'tpl-faq-order-change-zh'],
    ['拍错了颜色，想取消订单怎么弄', 'tpl-faq-order-change-zh'],
    ['收到的杯子是破损的，怎么换货', 'tpl-faq-return-zh'],
    ['买了不到一周就坏了，能保修吗', 'tpl-faq-return-zh'],
    ['公司报销要发票，在哪里开票？', 'tpl-faq-invoice-zh'],
    ['领的优惠券为什么结算的时候用不了', 'tpl-faq-coupon-zh'],
    ['上周的抽奖什么时候开奖啊', 'tpl-faq-event-zh'],
    ['周末有人回复吗？人工客服几点上班', 'tpl-faq-hours-zh'],
    ['App 登不上了，一直提示密码错误', 'tpl-faq-login-zh'],
    ['信用卡丢了怎么挂失？', 'tpl-faq-lost-card-zh'],
    ['临时额度怎么申请', 'tpl-faq-limit-zh'],
    ['How long does a refund usually take? Nothing yet after a week', 'tpl-faq-refund-en'],
    ['I was charged twice for one order, can I get my money back?', 'tpl-faq-refund-en'],
    ['When will my parcel arrive? Tracking has not moved since Monday', 'tpl-faq-shipping-en'],
    ['has my order shipped yet?', 'tpl-faq-shipping-en'],
    ['I put the wrong address, can I change the address before it ships?', 'tpl-faq-order-change-en'],
    ['The blender arrived damaged, how do I return it?', 'tpl-faq-return-en'],
    ['can I get an invoice with our VAT number?', 'tpl-faq-invoice-en'],
    ['my voucher will not apply at checkout, why?', 'tpl-faq-coupon-en'],
    ['when are the giveaway winners announced?', 'tpl-faq-event-en'],
    ['can I talk to a real person? what are your support hours', 'tpl-faq-hours-en'],
    ['I am locked out, it keeps saying wrong password', 'tpl-faq-login-en'],
    ['I think I lost my card on the bus, how do I block it?', 'tpl-faq-lost-card-en'],
    ['when does the cashback come in?', 'tpl-faq-cashback-en'],
    ['账单日可以修改吗？', 'tpl-faq-billing-zh'],
    ['新卡到了，怎么激活？', 'tpl-faq-activate-zh'],
    ['积分可以换什么？', 'tpl-faq-points-zh'],
    ['How do I activate my new card?', 'tpl-faq-activate-en'],
    ['where can I redeem my points?', 'tpl-faq-points-en'],
    ['is there an annual fee on this card?', 'tpl-faq-fee-en'],
    ['my card was declined at the supermarket, why?', 'tpl-faq-declined-en'],
    ['can I split this bill into monthly payments?', 'tpl-faq-installment-en'],
    ['how do I get a higher limit?', 'tpl-faq-limit-en'],
  ])('%s → %s', (question, expected) => {
    expect(best(question)).toBe(expected);
  });

  it.each([
    '好的谢谢',
    '大家早上好',
    '这个证券账户怎么开',
    'thanks, that worked!',
    'our relationship with the bank is private',
    'good morning everyone',
  ])('offers nothing for "%s"', (text) => {
    expect(best(text)).toBeNull();
  });

  it('answers in the question’s language only', () => {
    expect(suggestFaqInQuestionLanguage('我想退款', LIBRARY, 5).every((m) => m.template.lang === 'zh')).toBe(true);
    expect(suggestFaqInQuestionLanguage('I want a refund', LIBRARY, 5).every((m) => m.template.lang === 'en')).toBe(true);
  });
});

describe('containsKeyword', () => {
  it('finds a Latin keyword only where a word starts, with an open end', () => {
    expect(containsKeyword('where is my refunds', 'refund')).toBe(true);
    expect(containsKeyword('it was delivered', 'deliver')).toBe(true);
    expect(containsKeyword('our relationship', 'ship')).toBe(false);
    expect(containsKeyword('a private chat', 'vat')).toBe(false);
    expect(containsKeyword('(refund)', 'refund')).toBe(true);
  });

  it('counts a Chinese character before a Latin word as a word start, and Chinese keywords anywhere', () => {
    expect(containsKeyword('我的refund到了吗', 'refund')).toBe(true);
    expect(containsKeyword('请问退款多久', '退款')).toBe(true);
  });

  it('never finds an empty keyword', () => {
    expect(containsKeyword('anything', '')).toBe(false);
    expect(suggestFaqTemplates('anything', LIBRARY)).toEqual([]);
  });
});
