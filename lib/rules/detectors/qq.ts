import { ALL_CUES, CUE_QQ, type DetectorHit, digitRuns } from '../detectors';
import type { Normalized } from '../normalize';
import { toOriginalSpan } from '../normalize';

/**
 * QQ numbers: a QQ cue next to a run of 5–11 digits. The normaliser has already turned
 * spaced, full-width, circled and Chinese-numeral digits into plain ones ("Q：2 8 7 7 …"
 * arrives as "q28776…", "企鹅 ⑧⑦⑥⑤④" as "企鹅 87654"), so this reads one shape:
 *
 *   cue  ·  a few filler characters (":", "号", "群", "是", "我" …)  ·  digits
 *
 * Cues: "QQ", a "Q" standing alone, 扣扣 / 抠抠 / 寇寇 / 蔻蔻 / 球球 / 企鹅, "加扣", and a bare
 * 扣 only where it is the verb "contact me on QQ" ("扣我", "扣:", "扣号"). What is NOT a QQ
 * number: a quarter ("Q3 2026": one digit glued to the Q), a deduction ("扣款 100000",
 * "扣了50000积分", "你们扣我 50000 元"), an amount or count after the digits, and anything
 * longer than a QQ number (order numbers). The filler is a closed list, so words between the
 * cue and a number ("QQ会员扣款 100000") break the link.
 */

const QQ_CUE =
  /(?:(?<![a-z0-9])qq(?![a-z])|扣扣|抠抠|寇寇|蔻蔻|球球|企鹅|(?<![a-z0-9])q(?![a-z])|(?:加|\+|联系|找|私|滴滴?)\s?(?:扣|抠)(?!扣|抠|款|费|除|分|钱|了)|(?:扣|抠)(?=\s?(?:我|号|[:=])))/g;

/** Between a cue and the number: separators and the words that name the number. */
const FILLER = /^(?:[\s:=~\-,/|]|号码|号|群号|群|是|为|我|加|的|id|账号|同号|联系|搜)*/;

/** A bare 扣 after these is a deduction someone did ("你们扣我", "被扣", "多扣"), not a cue. */
const DEDUCTION_BEFORE = /(?:[们被多又乱别还已再重就都也给帮]|为什么|为啥|怎么|凭什么|干嘛)$/;

/** An amount or a count, not a number to add ("扣我 50000 元", "Q 12000积分"). */
const UNIT_AFTER = /^\s?(?:元|块|円|%|万|千|百|积分|分(?!享|组|类)|件|次|个|笔|张|rmb|usd|cny)/;

const QQ_MIN_DIGITS = 5;
const QQ_MAX_DIGITS = 11;

const NONE: readonly DetectorHit[] = Object.freeze([]);

export function detectQq(norm: Normalized, cues: number = ALL_CUES): readonly DetectorHit[] {
  if (norm.digitCount < QQ_MIN_DIGITS || (cues & CUE_QQ) === 0) return NONE;
  const text = norm.text;
  let hits: DetectorHit[] | null = null;
  QQ_CUE.lastIndex = 0;
  for (let m = QQ_CUE.exec(text); m; m = QQ_CUE.exec(text)) {
    const cue = m[0];
    const from = m.index + cue.length;
    if ((cue === '扣' || cue === '抠') && DEDUCTION_BEFORE.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    const filler = FILLER.exec(text.slice(from, from + 12))?.[0] ?? '';
    const k = from + filler.length;
    const c = text.charCodeAt(k);
    if (!(c >= 0x30 && c <= 0x39)) continue;
    let run = digitRuns(text.slice(k, k + 40))[0];
    if (run?.start !== 0) continue;
    if (run.digits.length > QQ_MAX_DIGITS) {
      // A number followed by other figures ("Q 5566778899 2024年起"): its first group alone.
      let g = 0;
      while (g < run.end && text.charCodeAt(k + g) >= 0x30 && text.charCodeAt(k + g) <= 0x39) g++;
      if (text.charCodeAt(k + g) !== 0x20) continue;
      run = { start: 0, end: g, digits: text.slice(k, k + g), plus: false };
    }
    const digits = run.digits;
    if (digits.length < QQ_MIN_DIGITS || digits.length > QQ_MAX_DIGITS || digits[0] === '0') continue;
    // A letter Q glued to its digits is a quarter or a code ("Q3 2026", "Q1-2025") unless
    // the glued group alone is a QQ number (the normaliser glues "Q：1 2 3 4 5" that way).
    if (filler.length === 0 && /^q$/.test(cue)) {
      let glued = 0;
      while (glued < run.end && text.charCodeAt(k + glued) >= 0x30 && text.charCodeAt(k + glued) <= 0x39) glued++;
      if (glued < QQ_MIN_DIGITS) continue;
    }
    if (UNIT_AFTER.test(text.slice(k + run.end, k + run.end + 4))) continue;
    hits ??= [];
    hits.push({ kind: 'qq', span: toOriginalSpan(norm, k, k + run.end) });
    QQ_CUE.lastIndex = k + run.end;
  }
  return hits ?? NONE;
}
