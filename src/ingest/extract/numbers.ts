/**
 * The numbers of a sentence that state a figure, each with the piece of text the platform's
 * figure parser reads ("hơn 5.300 hộ", "2 tỷ 044 triệu đồng", "0,75%").
 *
 * Not figures, and skipped with the rule that recognised them: dates ("31/12/2019", "26-9",
 * "12.11.2019", "31/5"), times ("10:40:39"), years and year ranges ("năm 2023", "2021-2025"),
 * document numbers ("57/KH-UBND", "90/QĐ-TTg", "20-NQ/TU", "Nghị quyết 30a"), phone numbers,
 * ordinals and labels ("lần thứ 2", "Dự án 1", "4G"), durations ("15 năm", "5 tháng"), counts of
 * places or groups ("7 huyện nghèo", "19 dân tộc": they describe, they are not programme results)
 * and counts of things the catalogue does not know (a number must say what it counts).
 *
 * Kept: a count of places out of a total ("6/11 huyện"), an actual against a plan ("727/700 lao
 * động"), ranges ("4 – 4,5%", "từ 6 - 7%/năm"), with their ends.
 */
import { Decimal } from "decimal.js";
import {
  FigureParseError,
  NOUN_STOP_WORDS,
  parseFigure,
  parseVnNumber,
  QUALIFIER_PHRASES,
  type ParsedFigure,
  type Qualifier,
} from "../parse/vn-number.ts";

export interface NumberCandidate {
  /** Offsets in the sentence text (end exclusive) of `text`. */
  start: number;
  end: number;
  /** Where the number itself starts (after the qualifier words). */
  numberStart: number;
  /** The figure as written, verbatim, for the importer's parser. */
  text: string;
  value: Decimal;
  valueHigh: Decimal | null;
  /** "6/11 huyện" → 11, "727/700 lao động" → 700: a total or a plan, as the sentence says. */
  outOf: Decimal | null;
  qualifier: Qualifier;
  family: "VND" | "PERCENT" | "COUNT" | "MULTIPLE";
  /** The counted noun, lower case ("hộ nghèo", "lượt thẻ"); null for money and percent. */
  noun: string | null;
  /** The parser's verdict on `text`: null when it reads it. */
  parseError: string | null;
  /** "%/năm", "đồng/người/năm": a rate per year or per person. */
  perUnit: string | null;
}

// The parser's qualifier words, longest first ("không dưới" before "dưới").
const LEAD_QUALIFIERS = [...QUALIFIER_PHRASES].sort((a, b) => b[0].length - a[0].length);

const LEAD_PATTERNS: [RegExp, Qualifier | "EXACT", string][] = LEAD_QUALIFIERS.map(([w, q]) => [
  new RegExp(`(?:^|[\\s(,])${w}\\s+$`, "iu"),
  q,
  w,
]);

const TIME_NOUNS = /^(năm|tháng|ngày|tuần|giờ|phút|quý|tuổi|đợt|kỳ|lần|nhiệm kỳ|thế kỷ|thập kỷ)(?!\p{L})/iu;
// Nouns that name places, groups or bodies: counts of them describe, they are not results.
const PLACE_NOUNS =
  /^(huyện|xã|tỉnh|thôn|bản|làng|ấp|phường|thị trấn|thị xã|thành phố|quận|dân tộc|đơn vị|địa phương|sở|ban|ngành|cơ quan|tổ chức|đoàn thể|vùng|khu vực|tiểu vùng|nước|quốc gia|cấp|hội|chi hội|tổ|nhóm|buôn|plei|bon|sóc|xóm|tiểu khu|khóm|trường|điểm trường|cơ sở|doanh nghiệp|hợp tác xã|htx)(?!\p{L})/iu;
const LABEL_BEFORE =
  /(?:^|[\s(])(năm|tháng|ngày|quý|giai đoạn|thứ|số|lần|khóa|khoá|điều|khoản|điểm|dự án|tiểu dự án|nội dung|chương|mục|quyết định|nghị định|nghị quyết|thông tư|kế hoạch|chỉ thị|công văn|đề án|văn bản|quốc lộ|tỉnh lộ|ql|tl|đt|sđt|điện thoại|hotline|fax|phòng|tổ|thôn|bản|khu|ấp|xóm|tiểu khu|km|lô|đường|hẻm|ngõ|top|đợt|tuổi|version|phiên bản|từ năm|đến năm|tới năm|hết năm|cuối năm|đầu năm)\s*:?\s*$/iu;

/** The counted nouns a figure may have (first words), and what a reviewer calls their unit. */
const COUNTED: [RegExp, string][] = [
  [/^lượt/u, "occasions"],
  [/^(thẻ|thẻ bhyt)/u, "cards"],
  [/^(hộ|gia đình|khách hàng)(?!\p{L})/u, "households"],
  [/^(học sinh|sinh viên|trẻ|cháu|em)(?!\p{L})/u, "students"],
  [/^(lao động)/u, "workers"],
  [
    /^(người|nhân khẩu|khẩu|hội viên|đoàn viên|cán bộ|công chức|giáo viên|phụ nữ|đối tượng|bệnh nhân|thanh niên|nông dân|trẻ em|người dân|học viên)(?!\p{L})/u,
    "persons",
  ],
  [/^(nhà|căn|ngôi nhà|căn nhà)(?!\p{L})/u, "houses"],
  [/^tấn(?!\p{L})/u, "tonnes"],
  [/^(suất|phần quà|gói quà|quà|suất quà)(?!\p{L})/u, "gifts"],
  [/^(công trình|cầu|tuyến đường|phòng học|trạm|km|kênh|giếng|bể)(?!\p{L})/u, "works"],
  [
    /^(tin|bài|lớp|buổi|cuộc|hội nghị|tờ rơi|tài liệu|bản tin|ấn phẩm|pa nô|pano|phóng sự|chuyên mục)(?!\p{L})/u,
    "items",
  ],
  [
    /^(mô hình|dự án|chương trình|tổ hợp tác|con|ha|héc-ta|hecta|cây|máy|bộ|chiếc|sổ|ti vi|tivi|điện thoại|bò|trâu|lợn|dê|gà)(?!\p{L})/u,
    "other",
  ],
];

/**
 * COUNTED as one pattern, one group around each row's: the alternatives are tried in order, so the
 * first group that matched is the first row that matches (one scan instead of one per row).
 */
const ANY_COUNTED = new RegExp(`^(?:${COUNTED.map(([re]) => `(${re.source.slice(1)})`).join("|")})`, "u");
/** The group of ANY_COUNTED around each row: after the groups of the rows before, theirs included. */
const GROUP_OF_ROW: number[] = [];
for (let row = 0, group = 1; row < COUNTED.length; row++) {
  GROUP_OF_ROW.push(group);
  group += 1 + (new RegExp(`${COUNTED[row][0].source}|`, "u").exec("")!.length - 1);
}

export function countedUnit(noun: string | null): string | null {
  if (!noun) return null;
  const m = ANY_COUNTED.exec(noun);
  if (!m) return null;
  for (let row = 0; row < COUNTED.length; row++) if (m[GROUP_OF_ROW[row]] !== undefined) return COUNTED[row][1];
  return null;
}

export interface Skipped {
  text: string;
  reason: string;
}

// "7, 96%": the seed reports put a space after the decimal comma before '%'.
const NUMBER = /\d+(?:[.,]\d+)*(?:, \d+(?=\s*%))?/g;

/** Every figure candidate of the sentence, and the numbers skipped with why. */
export function findNumbers(s: string): { candidates: NumberCandidate[]; skipped: Skipped[] } {
  const candidates: NumberCandidate[] = [];
  const skipped: Skipped[] = [];
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  let resumeAt = 0;
  while ((m = NUMBER.exec(s))) {
    if (m.index < resumeAt) continue;
    let raw = m[0];
    while (/[.,]$/.test(raw)) raw = raw.slice(0, -1);
    const start = m.index;
    let end = start + raw.length;
    // Only the words right before the number matter (and anchored patterns on a long prefix are slow).
    const prev = s.slice(Math.max(0, start - 40), start);
    const after = s.slice(end);
    // The last two code units hold the last character (an end-anchored pattern tries every start).
    const lastTwo = prev.slice(-2);
    if (/[\p{L}\d_]$/u.test(lastTwo) || /\d[-–/]$/.test(lastTwo)) {
      resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, end, "part of a word or code");
      continue;
    }
    if (/^:\d/.test(after)) {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        start + (/^[\d:]+/.exec(s.slice(start))?.[0].length ?? raw.length),
        "a time",
      );
      continue;
    }
    if (/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(raw) || /^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}/.test(s.slice(start))) {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        start + /^[\d./-]+/.exec(s.slice(start))![0].length,
        "a date",
      );
      continue;
    }
    if (/^\/\s*\p{L}/u.test(after) || /^-\p{Lu}/u.test(after) || /^-\p{L}+\//u.test(after)) {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        start + /^\S+/.exec(s.slice(start))![0].length,
        "a document number",
      );
      continue;
    }
    if (/^\p{L}/u.test(after) && !/^(đ|đồng|vnđ|vnd)(?!\p{L})/iu.test(after)) {
      resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, end, "a label or code (letters attached)");
      continue;
    }
    if (LABEL_BEFORE.test(prev)) {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        end,
        `a label, year or number after "${LABEL_BEFORE.exec(prev)![1]}"`,
      );
      continue;
    }
    if (/^\d{4}$/.test(raw) && Number(raw) >= 1900 && Number(raw) <= 2100 && !/^\s*(%|\s*\p{L})/u.test(after)) {
      resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, end, "a year");
      continue;
    }
    if (/^\d{4}$/.test(raw) && Number(raw) >= 1900 && Number(raw) <= 2100 && /^\s*[-–—]\s*\d{4}/.test(after)) {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        start + /^\d{4}\s*[-–—]\s*\d{4}/.exec(s.slice(start))![0].length,
        "a range of years",
      );
      continue;
    }
    if (raw[0] === "0" && /^0\d{2,}/.test(raw.replace(/[.,\s]/g, "")) && raw.replace(/\D/g, "").length >= 8) {
      resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, end, "a phone number");
      continue;
    }

    // "A/B": a date, an actual against a plan, or a count out of a total.
    let slashPart: { value: Decimal; raw: string } | null = null;
    const slash = /^\/(\d+(?:\.\d{3})*(?:,\d+)?)/.exec(after);
    if (slash) {
      const nounAfter = s.slice(end + slash[0].length);
      if (/^\/\d/.test(nounAfter)) {
        resumeAt = NUMBER.lastIndex = skipNumber(
          skipped,
          s,
          start,
          end + slash[0].length + /^\/\d+/.exec(nounAfter)![0].length,
          "a date",
        );
        continue;
      }
      if (!/^\s+\p{L}/u.test(nounAfter) || TIME_NOUNS.test(nounAfter.trim())) {
        resumeAt = NUMBER.lastIndex = skipNumber(
          skipped,
          s,
          start,
          end + slash[0].length,
          isDayMonth(raw, slash[1]) ? "a date (day/month)" : "a fraction with nothing counted",
        );
        continue;
      }
      try {
        slashPart = { value: parseVnNumber(slash[1]), raw: slash[1] };
      } catch {
        resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, end, "not a Vietnamese number");
        continue;
      }
      end += slash[0].length;
    }
    let value: Decimal;
    try {
      value = parseVnNumber(raw);
    } catch {
      resumeAt = NUMBER.lastIndex = skipNumber(
        skipped,
        s,
        start,
        end,
        "not a Vietnamese number (English separators, a code?)",
      );
      continue;
    }

    const c = readFigure(s, start, end, value, slashPart);
    if ("skip" in c) {
      resumeAt = NUMBER.lastIndex = skipNumber(skipped, s, start, c.to ?? end, c.skip);
      continue;
    }
    candidates.push(c);
    resumeAt = c.end;
    NUMBER.lastIndex = c.end;
  }
  return { candidates, skipped };
}

/** Records a number that is no figure and returns where the scan resumes (a function, not a closure: see failureOf in the parser). */
function skipNumber(skipped: Skipped[], s: string, start: number, to: number, reason: string): number {
  skipped.push({ text: s.slice(start, to), reason });
  return to;
}

function isDayMonth(d: string, m: string): boolean {
  const day = Number(d);
  const month = Number(m);
  return /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

const MULTIPLIER = /^\s*(nghìn tỷ|ngàn tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?!\p{L})/iu;
const CURRENCY = /^\s*(đồng|vnđ|vnd|đ)(?!\p{L})/iu;
/** The parser's stop words, and the verbs and prepositions that follow a figure in running text. */
const NOUN_STOP: ReadonlySet<string> = new Set([
  ...NOUN_STOP_WORDS,
  "so",
  "chiếm",
  "tăng",
  "giảm",
  "năm",
  "trên",
  "ở",
  "đã",
  "thì",
  "nhưng",
  "bằng",
  "vượt",
]);

type Read = NumberCandidate | { skip: string; to?: number };

function readFigure(
  s: string,
  numberStart: number,
  numberEnd: number,
  value: Decimal,
  slashPart: { value: Decimal; raw: string } | null,
): Read {
  let pos = numberEnd;
  // Compound amounts: "2 tỷ 044 triệu".
  let multiplied = false;
  for (;;) {
    const mult = MULTIPLIER.exec(s.slice(pos));
    if (!mult) break;
    multiplied = true;
    pos += mult[0].length;
    const next = /^\s+(\d+)(?=\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\p{L}))/u.exec(s.slice(pos));
    if (!next) break;
    pos += next[0].length;
  }
  let valueHigh: Decimal | null = null;
  const range = /^\s*(?:[-–—]|đến|tới)\s*(\d+(?:\.\d{3})*(?:,\d+)?)(?!\d|\/\d)/u.exec(s.slice(pos));
  if (range && !multiplied) {
    try {
      valueHigh = parseVnNumber(range[1]);
    } catch {
      /* not a range */
    }
    if (valueHigh && /^\s*\d{4}$/.test(range[1]) && /^\d{4}$/.test(s.slice(numberStart, numberEnd)))
      return { skip: "a range of years", to: pos + range[0].length };
    if (valueHigh) pos += range[0].length;
    const mult = valueHigh ? MULTIPLIER.exec(s.slice(pos)) : null;
    if (mult) {
      multiplied = true;
      pos += mult[0].length;
    }
  }
  let family: NumberCandidate["family"] = "COUNT";
  const pct = /^\s*%/.exec(s.slice(pos));
  const cur = CURRENCY.exec(s.slice(pos));
  if (pct) {
    family = "PERCENT";
    pos += pct[0].length;
  } else if (cur && !/^\s+bào(?!\p{L})/u.test(s.slice(pos + cur[0].length))) {
    family = "VND";
    pos += cur[0].length;
  } else if (multiplied && /tỷ|tỉ/u.test(s.slice(numberEnd, pos))) family = "VND";
  let perUnit: string | null = null;
  const per = /^(\s*\/\s*\p{L}+)+/u.exec(s.slice(pos));
  if (per) perUnit = per[0].replace(/\s+/g, "");
  let textEnd = pos;
  if (perUnit === "/năm") textEnd = pos + per![0].length;

  let noun: string | null = null;
  if (family === "COUNT") {
    const nounRead = readNoun(s, pos);
    noun = nounRead.noun;
    if (!noun) return { skip: "nothing counted after the number" };
    if (TIME_NOUNS.test(noun)) return { skip: `a duration or time ("${noun}")` };
    if (PLACE_NOUNS.test(noun) && !countedUnit(noun) && !slashPart)
      return { skip: `a count of places or groups ("${noun}")` };
    if (!PLACE_NOUNS.test(noun) && !countedUnit(noun))
      return { skip: `"${noun}": not a counted thing the catalogue knows` };
    textEnd = nounRead.end;
  }
  if (family === "COUNT" && multiplied && !noun) return { skip: "a multiplier with nothing counted" };

  // Qualifier words right before the number.
  let qualStart = numberStart;
  let qualifier: Qualifier = "EXACT";
  const beforeFrom = Math.max(0, numberStart - 30);
  const before = s.slice(beforeFrom, numberStart);
  const lead = LEAD_PATTERNS.find(([re]) => re.test(before));
  if (lead) {
    qualifier = lead[1] as Qualifier;
    qualStart = beforeFrom + before.toLowerCase().lastIndexOf(lead[2]);
  }
  const suffix = /^\s*trở\s+(lên|xuống)(?!\p{L})/u.exec(s.slice(textEnd));
  if (suffix) {
    qualifier = suffix[1] === "lên" ? "AT_LEAST" : "AT_MOST";
    textEnd += suffix[0].length;
    const tu = /(?:^|[\s(,])(từ)\s+$/iu.exec(s.slice(Math.max(0, qualStart - 10), qualStart));
    if (tu) qualStart = qualStart - tu[0].length + tu[0].indexOf(tu[1]);
  }
  if (valueHigh) {
    qualifier = "EXACT";
    qualStart = numberStart;
  }
  const text = s.slice(qualStart, textEnd).trim();
  let parsed: ParsedFigure | null = null;
  let parseError: string | null = null;
  try {
    parsed = parseFigure(text);
  } catch (e) {
    if (!(e instanceof FigureParseError)) throw e;
    parseError = e.reason;
  }
  const multiplier = multiplierOf(s.slice(numberEnd, pos));
  const low = parsed && !valueHigh ? parsed.value : value.times(multiplier);
  return {
    start: qualStart,
    end: textEnd,
    numberStart,
    text,
    value: low,
    valueHigh: valueHigh ? valueHigh.times(multiplier) : null,
    outOf: slashPart ? slashPart.value.times(multiplier) : null,
    qualifier: parsed && !valueHigh ? qualifierOf(parsed, qualifier) : qualifier,
    family: parsed && !valueHigh ? parsed.unitFamily : family,
    noun: noun ? noun.toLowerCase() : null,
    parseError,
    perUnit,
  };
}

function qualifierOf(parsed: ParsedFigure, mine: Qualifier): Qualifier {
  return parsed.qualifier === mine ? mine : mine;
}

function multiplierOf(words: string): Decimal {
  let factor = new Decimal(1);
  const w = words.toLowerCase();
  // A compound amount is read by the parser; here only the first multiplier counts (ranges).
  if (/nghìn tỷ|ngàn tỷ/u.test(w)) factor = new Decimal("1e12");
  else if (/tỷ|tỉ/u.test(w)) factor = new Decimal("1e9");
  else if (/triệu/u.test(w)) factor = new Decimal("1e6");
  else if (/nghìn|ngàn/u.test(w)) factor = new Decimal("1e3");
  return factor;
}

// Sticky: read at lastIndex, not on a copy of the rest of the sentence.
const NOUN_WORD = /(\p{L}[\p{L}\p{M}’'-]*)/uy;

function readNoun(s: string, pos: number): { noun: string | null; end: number } {
  const rest = s.slice(pos);
  const lead = /^\s+/.exec(rest);
  if (!lead) return { noun: null, end: pos };
  let i = lead[0].length;
  const words: string[] = [];
  let end = pos;
  while (words.length < 4) {
    NOUN_WORD.lastIndex = i;
    const w = NOUN_WORD.exec(rest);
    if (!w) break;
    const lower = w[1].toLowerCase();
    if (words.length && NOUN_STOP.has(lower)) break;
    words.push(lower);
    i += w[1].length;
    end = pos + i;
    if (rest[i] !== " ") break;
    while (rest[i] === " ") i++;
  }
  return { noun: words.length ? words.join(" ") : null, end };
}
