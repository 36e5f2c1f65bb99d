/**
 * Figures as Vietnamese reports write them: "hơn 68.000 lượt hộ nghèo", "2 tỷ 044 triệu đồng", "0,75%".
 *
 * Rules (anything else is a FigureParseError with a reason: ambiguous text is never guessed):
 *
 * Numerals
 * - '.' separates thousands, ',' is the decimal mark: "269.316" = 269316, "14,4" = 14.4.
 *   Every group after a '.' has exactly 3 digits and the first group 1 to 3: "1.5" or "10.00" are
 *   rejected (an English decimal point or a typo for 15 / 1.500?). Undotted digit runs are fine
 *   ("15092"), leading zeros too ("03" = 3).
 * - At most one ',' and never a ',' or '.' right after the decimals: "1,234,567" and "1,234.5"
 *   are English notation and rejected.
 * - "7, 96%": one stray space after the decimal comma is read as a decimal only when '%' follows
 *   the fraction (the seed reports do this). "3, 2 tỷ" is rejected as two numbers.
 * - No signs: "-5%" / "âm 5" are rejected (reports write decreases as words: "giảm 3%").
 * - "A/B" before the unit is A out of B (`outOf`): "727/700 lao động", "6/11 huyện"; a
 *   multiplier after it applies to both ("727/700 triệu đồng"). Whether B is a plan or a total is
 *   for the sentence to say (value-form.ts). Two '/' (a date) are rejected.
 * - "6 - 7%", "6–7%", "6 đến 7%", "từ 6 đến 7 hộ" are ranges: `value` 6, `valueHigh` 7; a
 *   multiplier or unit after the high end applies to both ("3-4 tỷ đồng"). The low end must be
 *   below the high end.
 * - "không còn hộ nghèo", "không có hộ tái nghèo": zero by words (value 0, the noun after it).
 * - "gấp 3,44 lần": a multiple (unit family MULTIPLE, no noun).
 * - Any other digit in the text is a second number and rejected ("hơn 5.200 lượt với 3,2 tỷ đồng").
 *
 * Multipliers and units
 * - nghìn/ngàn = 10^3, triệu = 10^6, tỷ/tỉ = 10^9, nghìn tỷ = 10^12. Compound amounts add parts
 *   with decreasing multipliers, each later part under 1000 of its multiplier: "2 tỷ 044 triệu"
 *   = 2 044 000 000. Only the last part may have decimals.
 * - đồng / đ / VNĐ / VND after the amount → VND, in đồng. "đồng bào" (compatriots) is a noun.
 * - '%' → PERCENT, the value in percent ("0,75%" = 0.75). A "/năm" suffix is allowed ("3%/năm").
 * - A multiplier without đồng: tỷ and above with nothing counted after it is VND ("168 tỷ"):
 *   no count in this domain reaches a billion, and reports drop "đồng" after tỷ in lists.
 *   tỷ followed by a noun is rejected. triệu/nghìn followed by a noun is a COUNT multiplier
 *   ("39 nghìn suất quà", "1 triệu lượt người"); triệu/nghìn with no noun and no đồng is rejected
 *   (3,2 triệu what? people or đồng).
 * - Otherwise the figure is a COUNT. VND amounts must come out in whole đồng.
 * - "/người", "/tháng" and any per-unit suffix other than "/năm" are rejected: an amount per
 *   beneficiary is a rate, not a figure.
 *
 * Qualifiers (words before the number, plus "trở lên"/"trở xuống" after it)
 * - hơn, trên, ít nhất, tối thiểu, không dưới, "từ X" and "X trở lên" → AT_LEAST
 * - dưới, chưa đến, chưa tới, không quá, tối đa, "X trở xuống" ("từ X trở xuống") → AT_MOST
 * - gần → NEARLY; khoảng, xấp xỉ, chừng → ABOUT
 * - ước, ước tính, ước đạt, dự kiến mark an estimate (`estimated`), not a bound: "ước đạt 5.000" is
 *   EXACT and estimated, "ước khoảng 5.000" ABOUT and estimated.
 * - đạt, là or nothing → EXACT ("đạt gần 3.000" → NEARLY). Two different bounds conflict: rejected.
 * - Any other word before the number is rejected: it may be a qualifier we do not know
 *   ("chưa bằng 5%"), and reading it as EXACT would be a guess.
 *
 * Noun (COUNT only; null for VND and PERCENT): the words right after the number and multiplier,
 * lower case, up to the first punctuation mark (, ; : ( ) . / …), the first word that opens a new
 * phrase (với, cho, và, đạt, được, trong, của, tại, theo, là, từ, thuộc, vào, có, trở) and at most
 * 5 words: "lượt hộ nghèo, hộ cận nghèo" → "lượt hộ nghèo", "24 tin, bài" → "tin",
 * "nhà Đại đoàn kết" → "nhà đại đoàn kết". Quotation marks are dropped.
 */
import { memoised } from "./memo.ts";
import { nfc } from "./nfc.ts";
import { Decimal } from "decimal.js";
import type { Qualifier } from "../../rules/qualifier-algebra.ts";

export type { Qualifier };
/** MULTIPLE: "gấp 3,44 lần", a factor with no unit. */
export type UnitFamily = "VND" | "PERCENT" | "COUNT" | "MULTIPLE";

export interface ParsedFigure {
  /** Exact; VND in đồng, percent in percent units. The low end of a range. */
  value: Decimal;
  /** The high end of a range ("4 – 4,5%" → 4.5); null otherwise. */
  valueHigh: Decimal | null;
  /** "727/700 lao động" → 700, "6/11 huyện" → 11: a plan or a total, as the sentence says. */
  outOf: Decimal | null;
  qualifier: Qualifier;
  unitFamily: UnitFamily;
  /** The counted thing as written after the number, lower case; null for VND, percent and multiples. */
  noun: string | null;
  /** "ước", "ước tính", "ước đạt", "dự kiến" before the number. */
  estimated: boolean;
}

export class FigureParseError extends Error {
  readonly reason: string;
  readonly text: string;
  constructor(reason: string, text: string) {
    super(`cannot read figure "${text}": ${reason}`);
    this.name = "FigureParseError";
    this.reason = reason;
    this.text = text;
  }
}

const LETTER = /\p{L}/u;
const MAX_DIGITS = 18; // decimal.js keeps 20 significant digits; no reported figure comes near

/** A plain Vietnamese numeral: "269.316" → 269316, "14,4" → 14.4, "03" → 3. */
export function parseVnNumber(text: string): Decimal {
  const s = normalize(text);
  if (!s) throw new FigureParseError("empty text", text);
  if (/^[-−–]|^âm\s/.test(s)) throw new FigureParseError("negative numbers are not figures", text);
  if (!/^\d/.test(s)) throw new FigureParseError("not a number", text);
  const n = readNumeral(s, 0, text);
  if (n.end !== s.length) throw new FigureParseError(`"${s.slice(n.end)}" after the number: not a plain number`, text);
  return n.value;
}

export function parseFigure(text: string): ParsedFigure {
  return memoised("figure", text, () => readFigureText(text));
}

/**
 * A thrower of parse errors about `text`. Made by a factory, not as a named arrow in each parser: tsx
 * (esbuild keepNames) renames every named closure with Object.defineProperty each time it is created,
 * which costs more than the parse of a short figure.
 */
function failureOf(text: string): (reason: string) => never {
  return (reason) => {
    throw new FigureParseError(reason, text);
  };
}

function readFigureText(text: string): ParsedFigure {
  const s = normalize(text);
  const fail = failureOf(text);
  if (!s) fail("empty text");
  const first = s.search(/\d/);
  if (first < 0) return zeroByWords(s, fail);

  const lead = s.slice(0, first);
  if (/(^|\s)[-−–]\s*$|(^|\s)âm\s*$/.test(lead))
    fail("negative numbers are not figures (write decreases as words: 'giảm 3%')");
  const leadWords = readLeadQualifiers(lead, fail);

  let pos = first;
  const head = readNumeral(s, pos, text);
  pos = head.end;

  let planNumeral: Numeral | null = null;
  const slash = /^\s*\/\s*(?=\d)/.exec(s.slice(pos));
  if (slash) {
    planNumeral = readNumeral(s, pos + slash[0].length, text);
    pos = planNumeral.end;
    if (/^\s*\/\s*\d/.test(s.slice(pos))) fail("more than one '/' between numbers (a date?): not a figure");
  }
  const high = readRangeEnd(s, pos, text);
  if (high) {
    if (planNumeral) fail("'A/B' cannot also be a range");
    if (!high.numeral.value.greaterThan(head.value))
      fail(`a range goes from low to high: "${head.raw}" is not below "${high.numeral.raw}"`);
    pos = high.numeral.end;
  }

  // Multipliers, possibly compound: "2 tỷ 044 triệu".
  let value = head.value;
  let topMultiplier: Decimal | null = null;
  const mult = readMultiplier(s, pos);
  if (mult) {
    topMultiplier = mult.factor;
    pos = mult.end;
    value = head.value.times(mult.factor);
    let lastFactor = mult.factor;
    let lastWord = mult.word;
    let lastNumeral = head;
    for (;;) {
      const next = /^\s+(?=\d)/.exec(s.slice(pos));
      if (!next) break;
      const part = readNumeral(s, pos + next[0].length, text);
      const partMult = readMultiplier(s, part.end);
      if (!partMult)
        fail(
          `"${part.raw}" after "${lastNumeral.raw} ${lastWord}" has no unit: a second number, or a compound amount missing its multiplier`,
        );
      if (planNumeral || high) fail("'A/B' or a range cannot be combined with a compound amount");
      if (!partMult!.factor.lessThan(lastFactor))
        fail(
          `"${partMult!.word}" after a larger unit must be smaller than it (compound amounts go tỷ → triệu → nghìn)`,
        );
      if (!lastNumeral.value.isInteger()) fail(`"${lastNumeral.raw}" has decimals but is followed by a further part`);
      if (!part.value.times(partMult!.factor).lessThan(lastFactor))
        fail(`"${part.raw} ${partMult!.word}" is not less than one unit of the part before it`);
      value = value.plus(part.value.times(partMult!.factor));
      lastFactor = partMult!.factor;
      lastWord = partMult!.word;
      lastNumeral = part;
      pos = partMult!.end;
    }
  }
  const outOf = planNumeral ? planNumeral.value.times(topMultiplier ?? 1) : null;
  const valueHigh = high ? high.numeral.value.times(topMultiplier ?? 1) : null;
  const stacked = /^\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\p{L})/u.exec(s.slice(pos));
  if (stacked)
    fail(
      `"${stacked[1]}" right after another multiplier: write the amount with one multiplier ("2.000.000 tỷ đồng"; only "nghìn tỷ" combines)`,
    );

  let unitFamily: UnitFamily | null = null;
  const percent = /^\s*%/.exec(s.slice(pos));
  if (percent) {
    if (topMultiplier) fail("a multiplier (nghìn/triệu/tỷ) before '%' makes no sense");
    if (planNumeral) fail("'A/B%' is not a figure: give the percentage alone");
    unitFamily = "PERCENT";
    pos += percent[0].length;
  } else {
    const currency = /^\s*(đồng|vnđ|vnd|đ)(?!\p{L})/u.exec(s.slice(pos));
    if (currency && !/^\s+bào(?!\p{L})/u.test(s.slice(pos + currency[0].length))) {
      unitFamily = "VND";
      pos += currency[0].length;
    }
  }

  let rest = s.slice(pos);
  let suffixQualifier: Qualifier | null = null;
  const suffix = /(?<!\p{L})trở\s+(lên|xuống)(?!\p{L})/u.exec(rest);
  if (suffix) {
    suffixQualifier = suffix[1] === "lên" ? "AT_LEAST" : "AT_MOST";
    rest = rest.slice(0, suffix.index) + " " + rest.slice(suffix.index + suffix[0].length);
  }
  rest = rest.replace(/\s*\/\s*năm(?!\p{L})/u, " ");
  const perUnit = /^\s*\/\s*(\p{L}+)/u.exec(rest);
  if (perUnit) fail(`an amount per ${perUnit[1]} ("/${perUnit[1]}") is a rate, not a figure`);
  if (/\d/.test(rest)) fail("more than one number in the text: give one figure");

  const multiple = leadWords.includes("GAP");
  if (multiple) {
    if (unitFamily !== null || topMultiplier || planNumeral)
      fail(`"gấp … lần" is a multiple: a plain number, then "lần"`);
    if (!/^\s*lần(?!\p{L})/u.test(rest)) fail(`"gấp" needs "lần" after the number ("gấp 3,44 lần")`);
    rest = rest.replace(/^\s*lần/u, " ");
    unitFamily = "MULTIPLE";
  } else if (/^\s*lần(?!\p{L})/u.test(rest)) {
    fail(`"lần" (times) is a multiple: write it as the report does, "gấp … lần"`);
  }
  const noun = unitFamily === null ? nounOf(rest) : null;
  if (unitFamily === null) {
    if (topMultiplier && topMultiplier.greaterThanOrEqualTo(1e9)) {
      if (noun)
        fail(
          `"${mult!.word} ${noun}": a billion of anything but đồng is out of range; write "${mult!.word} đồng" for money`,
        );
      unitFamily = "VND";
    } else if (topMultiplier && !noun) {
      fail(
        `"${mult!.word}" with neither đồng nor a counted noun is ambiguous: write "${mult!.word} đồng" for money or name what is counted`,
      );
    } else {
      unitFamily = "COUNT";
    }
  }
  if (unitFamily === "VND" && [value, outOf, valueHigh].some((v) => v && !v.isInteger()))
    fail("a VND amount must come to whole đồng");

  return {
    value,
    valueHigh,
    outOf,
    qualifier: combineQualifiers(leadWords, suffixQualifier, high !== null, fail),
    unitFamily: unitFamily!,
    noun: unitFamily === "COUNT" ? noun : null,
    estimated: leadWords.includes("ESTIMATE"),
  };
}

const ZERO_WORDS = /^(?:(?:hầu như )?không còn|không có|không phát sinh|xóa hết|xoá hết)\s+(\S.*)$/u;

/** "không còn hộ nghèo": zero of the noun after the words. */
function zeroByWords(s: string, fail: (reason: string) => never): ParsedFigure {
  const m = ZERO_WORDS.exec(s);
  if (!m || m[0].startsWith("hầu như")) {
    return fail(`no number in the text (zero is written "không còn …" or "không có …" followed by what is counted)`);
  }
  const noun = nounOf(m[1]);
  if (!noun) fail(`"${s}" does not say what there is none of`);
  return {
    value: new Decimal(0),
    valueHigh: null,
    outOf: null,
    qualifier: "EXACT",
    unitFamily: "COUNT",
    noun,
    estimated: false,
  };
}

function normalize(text: string): string {
  return nfc(text)
    .replace(/[\s\u00a0\u2009\u202f]+/g, " ")
    .trim()
    .toLowerCase();
}

interface Numeral {
  value: Decimal;
  raw: string;
  end: number;
}

function readNumeral(s: string, start: number, text: string): Numeral {
  const fail = failureOf(text);
  const intMatch = /^\d+(?:\.\d+)*/.exec(s.slice(start))!;
  const int = intMatch[0];
  let end = start + int.length;
  const groups = int.split(".");
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) {
    fail(
      `"${int}" is ambiguous: '.' separates thousands in Vietnamese, so every group after a '.' has exactly 3 digits ("1,5" is one and a half, "1.500" fifteen hundred)`,
    );
  }
  let fraction = "";
  const after = s.slice(end);
  const dec = /^,(\d+)/.exec(after) ?? /^, (\d+)(?=\s*%)/.exec(after);
  if (dec) {
    fraction = dec[1];
    end += dec[0].length;
  }
  if (/^[.,]\d/.test(s.slice(end))) {
    fail(
      `"${s.slice(start, end + 1)}…" mixes or repeats separators (English notation such as "1,234,567" or "1,234.5"?): Vietnamese writes 1.234.567 and 1.234,5`,
    );
  }
  const digits = groups.join("");
  if ((digits + fraction).replace(/^0+/, "").length > MAX_DIGITS) fail(`more than ${MAX_DIGITS} digits`);
  return { value: new Decimal(fraction ? `${digits}.${fraction}` : digits), raw: s.slice(start, end), end };
}

const MULTIPLIERS: [RegExp, string, Decimal][] = [
  [/^\s*(nghìn|ngàn)\s+(tỷ|tỉ)(?!\p{L})/u, "nghìn tỷ", new Decimal("1e12")],
  [/^\s*(tỷ|tỉ)(?!\p{L})/u, "tỷ", new Decimal("1e9")],
  [/^\s*triệu(?!\p{L})/u, "triệu", new Decimal("1e6")],
  [/^\s*(nghìn|ngàn)(?!\p{L})/u, "nghìn", new Decimal("1e3")],
];

function readMultiplier(s: string, pos: number): { word: string; factor: Decimal; end: number } | null {
  for (const [re, word, factor] of MULTIPLIERS) {
    const m = re.exec(s.slice(pos));
    if (m) return { word, factor, end: pos + m[0].length };
  }
  return null;
}

/** "4 – 4,5%", "3-4 tỷ", "6 đến 7 hộ": the high end of a range, if one follows the number. */
function readRangeEnd(s: string, pos: number, text: string): { numeral: Numeral } | null {
  const range = /^\s*(?:-|–|—|đến|tới)\s*(?=\d)/.exec(s.slice(pos));
  if (!range) return null;
  return { numeral: readNumeral(s, pos + range[0].length, text) };
}

/** TU: "từ", a lower bound unless a range follows; GAP: "gấp" before a multiple; ESTIMATE: ước, dự kiến. */
type LeadWord = Qualifier | "TU" | "GAP" | "ESTIMATE";

/** The words before a number that bound it ("hơn", "dưới", "khoảng"…), shared with the extractor. */
export const QUALIFIER_PHRASES: readonly [string, Exclude<Qualifier, "EXACT">][] = [
  ["không vượt quá", "AT_MOST"],
  ["không quá", "AT_MOST"],
  ["chưa đến", "AT_MOST"],
  ["chưa tới", "AT_MOST"],
  ["tối đa", "AT_MOST"],
  ["dưới", "AT_MOST"],
  ["không dưới", "AT_LEAST"],
  ["ít nhất", "AT_LEAST"],
  ["tối thiểu", "AT_LEAST"],
  ["hơn", "AT_LEAST"],
  ["trên", "AT_LEAST"],
  ["khoảng chừng", "ABOUT"],
  ["khoảng", "ABOUT"],
  ["xấp xỉ", "ABOUT"],
  ["chừng", "ABOUT"],
  ["gần", "NEARLY"],
];

// Longest first, so that "không dưới" wins over "dưới".
const LEAD_PHRASES: [string, LeadWord][] = (
  [
    ...QUALIFIER_PHRASES,
    ["ước tính", "ESTIMATE"],
    ["ước đạt", "ESTIMATE"],
    ["ước", "ESTIMATE"],
    ["dự kiến", "ESTIMATE"],
    ["dự kiến đạt", "ESTIMATE"],
    ["gấp", "GAP"],
    ["đạt", "EXACT"],
    ["là", "EXACT"],
    ["từ", "TU"],
  ] as [string, LeadWord][]
).sort((a, b) => b[0].length - a[0].length);

function readLeadQualifiers(lead: string, fail: (reason: string) => never): LeadWord[] {
  const found: LeadWord[] = [];
  let rest = lead.trim();
  while (rest) {
    const hit = LEAD_PHRASES.find(([p]) => rest.startsWith(p) && !LETTER.test(rest.charAt(p.length)));
    if (!hit) fail(`"${rest}" before the number is not a known qualifier (${LEAD_PHRASES.map(([p]) => p).join(", ")})`);
    found.push(hit![1]);
    rest = rest.slice(hit![0].length).trim();
  }
  return found;
}

function combineQualifiers(
  lead: LeadWord[],
  suffix: Qualifier | null,
  range: boolean,
  fail: (reason: string) => never,
): Qualifier {
  const stated = new Set<Qualifier>();
  for (const w of lead) {
    // "từ 4 đến 4,5%" is a range, not a lower bound
    if (w === "TU") {
      if (!range) stated.add(suffix ?? "AT_LEAST");
    } else if (w !== "EXACT" && w !== "GAP" && w !== "ESTIMATE") stated.add(w);
  }
  if (suffix) stated.add(suffix);
  if (stated.size > 1) fail(`conflicting qualifiers (${[...stated].join(", ")})`);
  return stated.size === 1 ? [...stated][0] : "EXACT";
}

/** Words that end the noun after a number ("200 hộ với …"): the noun is what comes before them. */
export const NOUN_STOP_WORDS: ReadonlySet<string> = new Set([
  "với",
  "cho",
  "và",
  "đạt",
  "được",
  "trong",
  "của",
  "tại",
  "theo",
  "là",
  "từ",
  "thuộc",
  "vào",
  "có",
  "trở",
]);
const MAX_NOUN_WORDS = 5;

/** The counted noun at the start of `rest` (lower case), by the rules above; null when there is none. */
export function nounOf(rest: string): string | null {
  // Up to the first mark (quotation marks are none of them), then without quotation marks.
  const end = rest.search(/[,;:()[\].!?…/\-–—]/);
  const clause = (end < 0 ? rest : rest.slice(0, end)).replace(/["“”«»'‘’]/g, "");
  const words: string[] = [];
  // The words one by one, only as many as the noun can have.
  for (let at = 0; at < clause.length && words.length < MAX_NOUN_WORDS;) {
    const space = clause.indexOf(" ", at);
    const w = clause.slice(at, space < 0 ? clause.length : space);
    at = space < 0 ? clause.length : space + 1;
    if (!w) continue;
    if (NOUN_STOP_WORDS.has(w)) break;
    words.push(w);
  }
  return words.length ? words.join(" ") : null;
}
