/**
 * What the sentence around a figure says about it: the words a report writes before and after the
 * number that make it a change, an average per year, a share of something, a count out of a
 * total or an estimate. `text` is the figure ("5,96%"), `quote` the report's sentence that holds
 * it ("tỷ lệ hộ nghèo chiếm 31,12% (giảm 5,96% so với năm 2022)"); the first occurrence is read.
 *
 * Rules (the clause is the quote between the last ",", ";", "(", ")", ":" or "." before the figure
 * and the figure; the sentence stops only at ";" or "."):
 * - Direction: the last word of the clause before the figure, after dropping được, đạt, thêm,
 *   bình quân, mỗi năm, hằng năm, hàng năm, tương đương: "giảm" → DECREASE, "tăng" or "vượt" →
 *   INCREASE ("giảm 5,96%", "tăng 260,775 tỷ đồng", "giảm đạt trên 4,2%", "giảm bình quân 4,47%/năm").
 *   "giảm từ X", "giảm còn X", "xuống còn X", "tăng lên X" name a level reached, not a change.
 * - Per year: "bình quân mỗi năm", "mỗi năm", "hằng năm", "hàng năm" in the clause, or "bình quân"
 *   right before the figure with "/năm" right after it ("giảm bình quân 4,47%/năm"). "bình quân đầu
 *   người" is per person, not per year.
 * - Share: "chiếm" (optionally "chiếm tỷ lệ") right before the figure.
 * - Base: what a share or change is of or against, as written after the figure: "so với năm 2022",
 *   "so với kế hoạch đề ra", "số hộ nghèo", "tổng số hộ toàn tỉnh" (to the end of the clause).
 * - Out of a plan: "kế hoạch", "KH" or "chỉ tiêu" anywhere in the sentence makes the B of "A/B" a
 *   plan; otherwise "A/B" is A out of a total B ("6/11 huyện").
 * - Estimate: "ước" or "dự kiến" in the sentence before the figure ("dự kiến đến cuối năm 2025, tỷ lệ
 *   này còn khoảng 7,89%"), or in the text itself.
 * - Noun after: the counted noun the sentence goes on with right after the text ("gần 334 nghìn lượt"
 *   followed by " hộ nghèo và …" → "hộ nghèo"), null when punctuation or nothing follows.
 */
import { memoised } from "./memo.ts";
import { nfc } from "./nfc.ts";
import { nounOf } from "./vn-number.ts";

export type Direction = "DECREASE" | "INCREASE";

export interface ValueForm {
  /** Null: the figure is not stated as a change. */
  direction: Direction | null;
  perYear: boolean;
  /** "chiếm" before the figure. */
  share: boolean;
  /** The base named after the figure, as written; null when none is. */
  base: string | null;
  /** The sentence speaks of a plan: "A/B" is actual against plan. */
  outOfIsPlan: boolean;
  estimated: boolean;
  nounAfter: string | null;
}

export class ValueFormError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = "ValueFormError";
    this.reason = reason;
  }
}

const FILLERS = new Set([
  "được",
  "đạt",
  "thêm",
  "bình",
  "quân",
  "mỗi",
  "hằng",
  "hàng",
  "năm",
  "tương",
  "đương",
  "ở",
  "mức",
  "là",
]);
const PER_YEAR_IN_CLAUSE = /(?<!\p{L})(bình quân (mỗi|hằng|hàng) năm|mỗi năm|hằng năm|hàng năm)(?!\p{L})/u;
const PLAN_WORDS = /(?<!\p{L})(kế hoạch|kh|chỉ tiêu)(?!\p{L})/u;
const ESTIMATE_WORDS = /(?<!\p{L})(ước|dự kiến)(?!\p{L})/u;
const MAX_BASE_LENGTH = 80;

// The last quote lowered: the figures of one sentence share their quote, read one after another.
let lastQuote: { text: string; lowered: string } = { text: "", lowered: "" };

function lower(s: string): string {
  return nfc(s)
    .replace(/[\s\u00a0]+/g, " ")
    .toLowerCase();
}

function lowerQuote(quote: string): string {
  // An extraction reads each quote several times, not one after another: the run's memo keeps it.
  if (lastQuote.text !== quote) lastQuote = { text: quote, lowered: memoised("lower", quote, () => lower(quote)) };
  return lastQuote.lowered;
}

/** The text up to the first match of `re` (all of it when none): `text.split(re)[0]` without the split. */
function upTo(text: string, re: RegExp): string {
  const m = re.exec(text);
  return m ? text.slice(0, m.index) : text;
}
const SENTENCE_END = /[;.](?!\d)/;
const CLAUSE_END = /[,;:()](?!\d)|\.(?!\d)/;

export function readValueForm(text: string, quote: string): ValueForm {
  const q = lowerQuote(quote);
  const t = lower(text).trim();
  const at = q.indexOf(t);
  if (at < 0) throw new ValueFormError(`the quote does not contain the text "${text}"`);
  const before = q.slice(0, at);
  const after = q.slice(at + t.length);
  const clauseBefore = before.slice(lastIndexOfAny(before, ",;():.") + 1);
  const sentenceBefore = before.slice(lastIndexOfAny(before, ";.") + 1);
  const sentenceAfter = upTo(after, SENTENCE_END);
  const clauseAfter = upTo(after, CLAUSE_END);

  // "giảm còn", "giảm từ", "tăng lên" end on their level word, so they never read as a change.
  const last = lastWordBut(clauseBefore, FILLERS);
  const direction: Direction | null =
    last === "giảm" ? "DECREASE" : last === "tăng" || last === "vượt" ? "INCREASE" : null;
  const perYear =
    PER_YEAR_IN_CLAUSE.test(clauseBefore) ||
    (/(?<!\p{L})bình quân\s*$/u.test(clauseBefore) && /^\s*\/\s*năm(?!\p{L})/u.test(after));
  const share = /(?<!\p{L})chiếm(\s+(tỷ|tỉ)\s+lệ)?\s*$/u.test(clauseBefore);
  return {
    direction,
    perYear,
    share,
    base: baseOf(clauseAfter),
    outOfIsPlan: PLAN_WORDS.test(sentenceBefore) || PLAN_WORDS.test(sentenceAfter),
    estimated: ESTIMATE_WORDS.test(sentenceBefore) || ESTIMATE_WORDS.test(t),
    nounAfter: /^\s+\p{L}/u.test(after) ? nounOf(after.trim()) : null,
  };
}

/** "so với năm 2022", or the noun phrase a percentage is of ("số hộ nghèo", "tổng số hộ toàn tỉnh"). */
function baseOf(clauseAfter: string): string | null {
  const s = clauseAfter.replace(/^\s*\/\s*năm(?!\p{L})/u, "").trim();
  const m = /^(so với\s.+|(tổng\s+)?số\s.+|hộ\s.+)$/u.exec(s);
  if (!m) return null;
  const base = m[1].trim();
  return base.length > MAX_BASE_LENGTH ? base.slice(0, MAX_BASE_LENGTH).trimEnd() : base;
}

/** The last of `marks` in `s` (-1 when none). */
function lastIndexOfAny(s: string, marks: string): number {
  for (let from = s.length - 1; from >= 0;) {
    let at = -1;
    for (const mark of marks) at = Math.max(at, s.lastIndexOf(mark, from));
    if (at < 0) return -1;
    // A '.' or ',' between digits separates thousands or decimals: it ends nothing.
    const mark = s[at];
    if ((mark === "." || mark === ",") && isDigit(s.charCodeAt(at - 1)) && isDigit(s.charCodeAt(at + 1))) from = at - 1;
    else return at;
  }
  return -1;
}

/** The last space-separated word of `text` that is not one of `skip` ("" when none). */
function lastWordBut(text: string, skip: ReadonlySet<string>): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && text[end - 1] === " ") end--;
    if (end === 0) return "";
    const start = text.lastIndexOf(" ", end - 1) + 1;
    const word = text.slice(start, end);
    if (!skip.has(word)) return word;
    end = start;
  }
}

/** A code of '0'..'9' (NaN, outside the string, is none). */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
