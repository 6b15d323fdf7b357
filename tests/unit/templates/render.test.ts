import { formatTemplateDate, KNOWN_VARIABLES, renderTemplate, templateVariables } from '../../../lib/templates/render';

describe('renderTemplate', () => {
  it('fills the known variables', () => {
    const result = renderTemplate('欢迎 {member} 加入「{group}」，客服 {staff}，规则：{rule}，{date}', {
      member: '陈强',
      group: '星河银行客户群',
      staff: '客服小美',
      rule: '广告',
      date: '2026年11月24日',
    });
    expect(result).toEqual({ text: '欢迎 陈强 加入「星河银行客户群」，客服 客服小美，规则：广告，2026年11月24日', missing: [], customFields: [] });
  });

  it('replaces every occurrence of a variable', () => {
    expect(renderTemplate('{member}，{member}！', { member: 'Chen' }).text).toBe('Chen，Chen！');
  });

  it('lists placeholders without a value, once each, and leaves them in the text', () => {
    const result = renderTemplate('{member} 您好，{staff} 会在 {date} 前答复 {member}', { staff: '', date: '  ' });
    expect(result.missing).toEqual(['member', 'staff', 'date']);
    expect(result.text).toBe('{member} 您好，{staff} 会在 {date} 前答复 {member}');
  });

  it('treats {{ and }} as literal braces', () => {
    const result = renderTemplate('写法：{{member}} 会换成名字，例如 {member}；JSON: {{"a": 1}}', { member: '陈强' });
    expect(result.text).toBe('写法：{member} 会换成名字，例如 陈强；JSON: {"a": 1}');
    expect(result.missing).toEqual([]);
  });

  it('supports custom fields with CJK names and reports them', () => {
    const body = '{member} 您好，您的{会员等级}权益：{权益_1}。{member}';
    expect(renderTemplate(body, { member: '陈强' })).toEqual({
      text: '陈强 您好，您的{会员等级}权益：{权益_1}。陈强',
      missing: ['会员等级', '权益_1'],
      customFields: ['会员等级', '权益_1'],
    });
    expect(renderTemplate(body, { member: '陈强', 会员等级: '金卡', 权益_1: '免年费' })).toEqual({
      text: '陈强 您好，您的金卡权益：免年费。陈强',
      missing: [],
      customFields: ['会员等级', '权益_1'],
    });
  });

  it('leaves braces that are not placeholders alone', () => {
    expect(renderTemplate('价格 {100} 元，{ member }，{}', { member: 'x' })).toEqual({ text: '价格 {100} 元，{ member }，{}', missing: [], customFields: [] });
  });

  it('does not run replacement patterns from the values', () => {
    expect(renderTemplate('{member}', { member: '$& $1 $$' }).text).toBe('$& $1 $$');
  });
});

describe('templateVariables and dates', () => {
  it('lists variables once, in order, without escaped ones', () => {
    expect(templateVariables('{member} {{group}} {会员等级} {member} {date}')).toEqual(['member', '会员等级', 'date']);
    expect(KNOWN_VARIABLES).toEqual(['member', 'group', 'staff', 'rule', 'date']);
  });

  it('formats the date for each language', () => {
    const ts = new Date(2026, 10, 24, 12).getTime();
    expect(formatTemplateDate(ts, 'zh')).toBe('2026年11月24日');
    expect(formatTemplateDate(ts, 'any')).toBe('2026年11月24日');
    expect(formatTemplateDate(ts, 'en')).toBe('Nov 24, 2026');
  });
});
