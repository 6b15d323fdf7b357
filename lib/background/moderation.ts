import type { Database } from '../db/open';
import { appendCase, getDecisions, getGroupCases, listCases } from '../db/repos/cases';
import { getMemberRecentInGroup, getMembership, getRecentMessages } from '../db/repos/members';
import { listRules } from '../db/repos/rules';
import { getSettings } from '../db/repos/settings';
import type { Case, MemberAction, Message, Settings } from '../model';
import type { RuleMessage } from '../model/rule';
import { type CompiledRules, compileRules, evaluateMessage, type RuleCompileError, type Suggestion } from '../rules/engine';
import { escalate, LADDER_PRESETS, type Ladder, type WarningRecord } from '../rules/escalation';

/** How far back a member's messages count as context for behaviour rules (flood, repeats). */
const CONTEXT_WINDOW_MS = 24 * 3_600_000;
const CONTEXT_LIMIT = 100;
/** Messages re-checked when the rules change. */
export const REEVALUATE_LIMIT = 2_000;

export interface PendingSuggestion {
  suggestion: Case;
  /** What the ladder suggests now, given the member's active warnings in this group. */
  action: MemberAction;
  step: number;
  activeWarnings: number;
  templateId?: string;
  reason: string;
  reasonZh: string;
}

export function ladderOf(settings: Settings): Ladder {
  const preset = LADDER_PRESETS[settings.ladder];
  return { steps: [...preset.steps], windowDays: settings.warningWindowDays };
}

/** Applied suggestions and manual warnings that were not revoked, as ladder records. */
export function warningRecords(cases: readonly Case[]): WarningRecord[] {
  const revoked = new Set(cases.filter((c) => c.kind === 'warning-revoked' && c.refersTo).map((c) => c.refersTo));
  return cases
    .filter((c) => (c.kind === 'applied' || c.kind === 'manual-warning') && c.memberAction !== 'none' && !revoked.has(c.id))
    .map((c) => ({ id: c.id, groupId: c.groupId, memberId: c.memberId, at: c.at, ruleId: c.ruleId, category: c.category, action: c.memberAction }));
}

const toRuleMessage = (m: Message): RuleMessage => ({ id: m.id, groupId: m.groupId, memberId: m.memberId, text: m.text, ts: m.ts, role: m.role });

/**
 * Runs the rule engine on what the reader stores and keeps the case log: every suggestion
 * becomes an append-only case with a snapshot of the evidence. Rules are compiled once and
 * again only when they change.
 */
export function createModeration({ db, now }: { db: Database; now: () => number }) {
  let compiled: Promise<{ compiled: CompiledRules; errors: RuleCompileError[] }> | null = null;
  const rules = () => {
    compiled ??= listRules(db).then((stored) => compileRules(stored));
    return compiled;
  };

  async function record(message: Message, suggestion: Suggestion): Promise<Case> {
    return appendCase(db, {
      id: `case-${crypto.randomUUID()}`,
      kind: 'suggested',
      at: now(),
      groupId: message.groupId,
      memberId: message.memberId,
      messageId: message.id,
      ruleId: suggestion.ruleId,
      category: suggestion.category,
      memberAction: suggestion.memberAction,
      // Stored in both languages' neutral form: the reason never names the matched word.
      reason: suggestion.reason,
      reasonZh: suggestion.reasonZh,
      actor: suggestion.auditOnly ? 'audit' : '',
      evidence: { text: message.text, authorName: message.authorName, ts: message.ts, spans: suggestion.spans },
    });
  }

  /** Evaluates newly stored messages; returns the suggestions recorded. */
  async function evaluateStored(stored: readonly Message[]): Promise<Case[]> {
    const { compiled: c } = await rules();
    if (c.rules.length === 0) return [];
    const byMember = new Map<string, Message[]>();
    for (const m of stored) {
      if (m.kind !== 'message') continue;
      const key = `${m.groupId}\u0000${m.memberId}`;
      byMember.set(key, [...(byMember.get(key) ?? []), m]);
    }
    const created: Case[] = [];
    for (const messages of byMember.values()) {
      const first = messages[0] as Message;
      const [recent, membership] = await Promise.all([
        getMemberRecentInGroup(db, first.memberId, first.groupId, Math.min(...messages.map((m) => m.ts)) - CONTEXT_WINDOW_MS, CONTEXT_LIMIT),
        getMembership(db, first.groupId, first.memberId),
      ]);
      const context = recent.filter((m) => m.kind === 'message').map(toRuleMessage);
      for (const message of messages) {
        const upTo = context.filter((m) => m.ts <= message.ts);
        const suggestions = evaluateMessage(c, toRuleMessage(message), { recent: upTo, memberFirstSeen: membership?.firstSeen, now: now() });
        for (const s of suggestions) created.push(await record(message, s));
      }
    }
    return created;
  }

  return {
    evaluateStored,
    /** The compiled rules, cached until they change; batched ingest evaluates with them. */
    compiledRules: async () => (await rules()).compiled,
    async compileErrors() {
      return (await rules()).errors;
    },
    /** Rules changed: recompile, and check recent history again (without repeating cases). */
    async rulesChanged(): Promise<number> {
      compiled = null;
      const { compiled: c } = await rules();
      if (c.rules.length === 0) return 0;
      // One case per message and category, as when the message was first read: a second
      // rule of a category already flagged must not stack another warning on it.
      const existing = new Set((await listCases(db, 'suggested')).map((x) => `${x.messageId}\u0000${x.category}`));
      const recent = (await getRecentMessages(db, REEVALUATE_LIMIT)).filter((m) => m.kind === 'message');
      // Without the member's first-seen time every re-checked message would look like a
      // newcomer's first one, and the new-member rules (which suggest removal) would fire.
      const firstSeen = new Map<string, number | undefined>();
      let created = 0;
      for (const message of recent) {
        const key = `${message.groupId}\u0000${message.memberId}`;
        if (!firstSeen.has(key)) firstSeen.set(key, (await getMembership(db, message.groupId, message.memberId))?.firstSeen);
        const suggestions = evaluateMessage(c, toRuleMessage(message), { recent: [toRuleMessage(message)], memberFirstSeen: firstSeen.get(key), now: now() });
        for (const s of suggestions) {
          if (existing.has(`${message.id}\u0000${s.category}`)) continue;
          await record(message, s);
          created++;
        }
      }
      return created;
    },
    /** Suggestions in a group that nobody decided yet, newest first, with the ladder's advice. */
    async pending(groupId: string, since: number): Promise<PendingSuggestion[]> {
      const [cases, settings, { compiled: c }] = await Promise.all([getGroupCases(db, groupId, since), getSettings(db), rules()]);
      const decided = new Set(cases.filter((x) => x.refersTo && (x.kind === 'applied' || x.kind === 'dismissed')).map((x) => x.refersTo));
      const records = warningRecords(cases);
      const ladder = ladderOf(settings);
      const ruleById = new Map(c.rules.map((r) => [r.rule.id, r.rule]));
      return cases
        .filter((x) => x.kind === 'suggested' && x.actor !== 'audit' && !decided.has(x.id))
        .reverse()
        .map((x) => {
          const decision = escalate(x.memberAction, records, { groupId, memberId: x.memberId }, now(), ladder);
          const rule = x.ruleId ? ruleById.get(x.ruleId) : undefined;
          return {
            suggestion: x,
            action: decision.action,
            step: decision.step,
            activeWarnings: decision.activeCount,
            templateId: rule?.templateId,
            reason: x.reason,
            reasonZh: x.reasonZh ?? reasonInChinese(x),
          };
        });
    },
    /** Records a moderator's decision on a suggestion; a second decision is refused. */
    async decide(input: { caseId: string; decision: 'applied' | 'dismissed'; memberAction: MemberAction; reason: string; actor: string }): Promise<Case> {
      const suggestion = await db.get('cases', input.caseId);
      if (suggestion?.kind !== 'suggested') throw new Error(`no suggestion "${input.caseId}"`);
      if ((await getDecisions(db, input.caseId)).some((d) => d.kind === 'applied' || d.kind === 'dismissed')) {
        throw new Error('this suggestion was already decided');
      }
      return appendCase(db, {
        id: `case-${crypto.randomUUID()}`,
        kind: input.decision,
        refersTo: suggestion.id,
        at: now(),
        groupId: suggestion.groupId,
        memberId: suggestion.memberId,
        messageId: suggestion.messageId,
        ruleId: suggestion.ruleId,
        category: suggestion.category,
        memberAction: input.decision === 'applied' ? input.memberAction : 'none',
        reason: input.reason,
        actor: input.actor,
        evidence: suggestion.evidence,
      });
    },
  };
}

const CATEGORY_ZH: Record<string, string> = {
  ad: '广告',
  contact: '联系方式',
  link: '链接',
  insult: '辱骂',
  sensitive: '敏感内容',
  flood: '刷屏',
  repeat: '重复消息',
  custom: '自定义规则',
};

/** The reason in Chinese for the sidebar and templates; never the matched word. */
export function reasonInChinese(c: Pick<Case, 'category' | 'reason'>): string {
  return CATEGORY_ZH[c.category ?? ''] ?? c.reason;
}

export type Moderation = ReturnType<typeof createModeration>;
