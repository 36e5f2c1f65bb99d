/**
 * Time expressions of Vietnamese reports as inclusive date ranges (the platform's period rules
 * give the label: formatPeriod).
 *
 *   "năm 2023", "(2021)", "trong năm 2023"            the year
 *   "cuối năm 2023", "hết năm 2023", "31/12/2019"      a day: the stock at that date
 *   "đầu năm 2024"                                     2024-01-01
 *   "giai đoạn 2021-2025", "2016 – 2020"              the years
 *   "5 tháng đầu năm 2024"                             2024-01 .. 2024-05
 *   "hết tháng 6/2025", "tháng 6/2025"                 2025-06-30 / the month
 *   "hết ngày 31/5" (no year)                          the latest such day not after publication
 *   "năm qua", "năm vừa qua", "năm trước"              the year before the reference year
 *   "năm nay"                                          the reference year
 *   "trong 15 năm", "15 năm qua"                       the 15 years up to the reference year
 *   "thời gian qua", "từ năm 2021 đến nay"             from the frame's start to the reference year
 *
 * An expression after "so với" is a comparison base, not the figure's period: a change "giảm 2%
 * so với năm 2022" runs from the day after the base to the current date.
 */
import { formatPeriod } from "../../rules/period.ts";

export interface TimeExpr {
  start: number;
  end: number;
  text: string;
  range: { start: string; end: string };
  /** A day (a stock's date) rather than a span. */
  point: boolean;
  /** After "so với": a comparison base. */
  base: boolean;
  /** In parentheses right after a number: belongs to that number only. */
  parenthetical: boolean;
  /** "thời gian qua", "đến nay": from the document's frame to its reference year. */
  sinceFrame?: boolean;
  /** The period in a programme's or a standard's name ("Chương trình … giai đoạn 2021-2025", "chuẩn nghèo … 2022-2025"). */
  name: boolean;
  /** "đến năm 2025" in a target: the horizon a reduction is reached by. */
  horizon: boolean;
}

// A range right after one of these names the programme, plan or standard, not when a figure happened.
const NAMED_PERIOD =
  /(?:chương trình|đề án|dự án|kế hoạch|chuẩn nghèo|nghị quyết|chiến lược|quy hoạch)(?:(?!\s(?:đã|được|đạt|là)\s)[^,;.:])*$/iu;

export interface TimeContext {
  /** The year a relative expression is read against: publication year, else the latest stated. */
  referenceYear: number | null;
  /** publishedAt, "YYYY-MM-DD". */
  published: string | null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const yearRange = (a: number, b: number) => ({ start: `${a}-01-01`, end: `${b}-12-31` });
const dayRange = (y: number, m: number, d: number) => ({
  start: `${y}-${pad(m)}-${pad(d)}`,
  end: `${y}-${pad(m)}-${pad(d)}`,
});
const validYear = (y: number) => y >= 1945 && y <= 2100;

type Rule = [
  RegExp,
  (
    m: RegExpExecArray,
    ctx: TimeContext,
  ) => { range: { start: string; end: string }; point: boolean; sinceFrame?: boolean } | null,
];

/**
 * A word every match of a rule holds (lower-cased): a sentence without it is not scanned for that
 * rule. Only words free of "s" and "k", whose case-insensitive matches are exactly their lower-case
 * forms (no other letter folds to the others).
 */
const NEEDED_WORD = new Map<RegExp, string>();
function needing(word: string, re: RegExp): RegExp {
  NEEDED_WORD.set(re, word);
  return re;
}

const Y = "((?:19|20)\\d{2})";
const RULES: Rule[] = [
  [
    needing("tháng", new RegExp(`(\\d+)\\s+tháng\\s+đầu\\s+năm\\s+${Y}`, "iu")),
    (m) => {
      const n = Number(m[1]);
      const y = Number(m[2]);
      return n >= 1 && n <= 12
        ? { range: { start: `${y}-01-01`, end: `${y}-${pad(n)}-${pad(lastDay(y, n))}` }, point: false }
        : null;
    },
  ],
  [
    new RegExp(`(?:ngày\\s+)?(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*${Y}`, "iu"),
    (m) => {
      const d = Number(m[1]);
      const mo = Number(m[2]);
      const y = Number(m[3]);
      return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo) ? { range: dayRange(y, mo, d), point: true } : null;
    },
  ],
  [
    needing("tháng", new RegExp(`(hết|cuối)\\s+tháng\\s+(\\d{1,2})\\s*[/.-]\\s*${Y}`, "iu")),
    (m) => {
      const mo = Number(m[2]);
      const y = Number(m[3]);
      return mo >= 1 && mo <= 12 ? { range: dayRange(y, mo, lastDay(y, mo)), point: true } : null;
    },
  ],
  [
    needing("tháng", new RegExp(`tháng\\s+(\\d{1,2})\\s*[/.-]\\s*${Y}`, "iu")),
    (m) => {
      const mo = Number(m[1]);
      const y = Number(m[2]);
      return mo >= 1 && mo <= 12
        ? { range: { start: `${y}-${pad(mo)}-01`, end: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}` }, point: false }
        : null;
    },
  ],
  [
    needing("/", /(?:hết|đến|tới|tính đến|đến hết)\s+(?:ngày\s+)?(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/iu),
    (m, ctx) => {
      const d = Number(m[1]);
      const mo = Number(m[2]);
      const y = yearOfDayMonth(mo, d, ctx);
      return y && mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo)
        ? { range: dayRange(y, mo, d), point: true }
        : null;
    },
  ],
  [
    needing("giai đoạn", new RegExp(`(?:đầu)\\s+giai đoạn\\s+${Y}`, "iu")),
    (m) => ({ range: dayRange(Number(m[1]), 1, 1), point: true }),
  ],
  [
    new RegExp(`(?:giai đoạn|thời kỳ|từ năm|từ)?\\s*${Y}\\s*(?:[-–—]|đến|tới)\\s*(?:năm\\s+)?${Y}`, "iu"),
    (m) => {
      const a = Number(m[1]);
      const b = Number(m[2]);
      return validYear(a) && a <= b ? { range: yearRange(a, b), point: false } : null;
    },
  ],
  [
    needing("nay", new RegExp(`từ\\s+năm\\s+${Y}\\s+(?:đến|tới)\\s+nay`, "iu")),
    (m, ctx) => {
      const a = Number(m[1]);
      return ctx.referenceYear && a <= ctx.referenceYear
        ? { range: yearRange(a, ctx.referenceYear), point: false }
        : null;
    },
  ],
  [
    needing("năm", new RegExp(`(?:cuối|hết|kết thúc)\\s+năm\\s+${Y}`, "iu")),
    (m) => ({ range: dayRange(Number(m[1]), 12, 31), point: true }),
  ],
  [
    needing("năm", new RegExp(`(?:đầu)\\s+năm\\s+${Y}`, "iu")),
    (m) => ({ range: dayRange(Number(m[1]), 1, 1), point: true }),
  ],
  [
    needing("năm", new RegExp(`rà soát[^.;]{0,60}?năm\\s+${Y}`, "iu")),
    (m) => ({ range: dayRange(Number(m[1]), 12, 31), point: true }),
  ],
  [
    needing("năm", new RegExp(`năm\\s+${Y}`, "iu")),
    (m) => ({ range: yearRange(Number(m[1]), Number(m[1])), point: false }),
  ],
  [
    needing("(", new RegExp(`\\(\\s*${Y}\\s*\\)`, "u")),
    (m) => ({ range: yearRange(Number(m[1]), Number(m[1])), point: false }),
  ],
  [
    needing("năm", /(?:trong\s+)?(\d{1,2})\s+năm(?:\s+qua)?(?!\s*\d)/iu),
    (m, ctx) => {
      const n = Number(m[1]);
      return ctx.referenceYear && n >= 2 && n <= 40 && /trong|qua/iu.test(m[0])
        ? { range: yearRange(ctx.referenceYear - n + 1, ctx.referenceYear), point: false }
        : null;
    },
  ],
  [
    needing("năm", /năm\s+(?:vừa\s+qua|qua|trước|ngoái)/iu),
    (_m, ctx) =>
      ctx.referenceYear ? { range: yearRange(ctx.referenceYear - 1, ctx.referenceYear - 1), point: false } : null,
  ],
  [
    needing("năm", /năm\s+nay/iu),
    (_m, ctx) => (ctx.referenceYear ? { range: yearRange(ctx.referenceYear, ctx.referenceYear), point: false } : null),
  ],
  [
    /(?:thời gian|những năm|các năm)\s+qua|(?:đến|tới)\s+nay/iu,
    () => ({ range: { start: "0000-01-01", end: "0000-12-31" }, point: false, sinceFrame: true }),
  ],
];

const GLOBAL_RULES: [RegExp, Rule[1], string | undefined][] = RULES.map(([re, read]) => [
  new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"),
  read,
  NEEDED_WORD.get(re),
]);

function yearOfDayMonth(month: number, day: number, ctx: TimeContext): number | null {
  if (ctx.published) {
    const y = Number(ctx.published.slice(0, 4));
    const candidate = `${y}-${pad(month)}-${pad(day)}`;
    return candidate <= ctx.published ? y : y - 1;
  }
  return ctx.referenceYear;
}

/** The time expressions of a sentence, longest first where they overlap, in text order. */
export function findTimes(s: string, ctx: TimeContext): TimeExpr[] {
  const found: TimeExpr[] = [];
  const taken: [number, number][] = [];
  if (!/\d|nay|qua|trước|ngoái/u.test(s)) return [];
  const lower = s.toLowerCase();
  for (const [g, read, needed] of GLOBAL_RULES) {
    if (needed && !lower.includes(needed)) continue;
    g.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = g.exec(s))) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const r = read(m, ctx);
      if (!r) continue;
      taken.push([start, end]);
      const before = s.slice(Math.max(0, start - 30), start);
      found.push({
        start,
        end,
        text: s.slice(start, end),
        range: r.range,
        point: r.point,
        sinceFrame: r.sinceFrame,
        base:
          /so\s+với\s+(?:mức\s+|cùng kỳ\s+)?(?:\S+\s+){0,2}$/iu.test(before) &&
          !/[,;]/.test(before.slice(before.search(/so\s+với/iu))),
        parenthetical:
          s[start] === "(" ||
          (/\(\s*(?:\p{L}+\s+)*$/u.test(s.slice(Math.max(0, start - 15), start)) && /^\s*\)/.test(s.slice(end))),
        name:
          !r.point &&
          r.range.start.slice(0, 4) !== r.range.end.slice(0, 4) &&
          NAMED_PERIOD.test(s.slice(Math.max(0, start - 120), start)),
        horizon:
          /^(?:đến|tới)\s+năm/iu.test(s.slice(Math.max(0, start - 6), end).replace(/^.*?(đến|tới)/iu, "$1")) &&
          !r.point,
      });
    }
  }
  found.sort((a, b) => a.start - b.start);
  // "năm 2023 và 5 tháng đầu năm 2024": one period from the first's start to the second's end.
  for (let i = 0; i + 1 < found.length; i++) {
    const [a, b] = [found[i], found[i + 1]];
    if (
      !a.base &&
      !b.base &&
      !a.parenthetical &&
      !b.parenthetical &&
      /^\s*(?:và|đến|tới)\s*$/u.test(s.slice(a.end, b.start)) &&
      a.range.start < b.range.end
    ) {
      found.splice(i, 2, {
        ...a,
        end: b.end,
        text: s.slice(a.start, b.end),
        range: { start: a.range.start, end: b.range.end },
        point: false,
      });
    }
  }
  return found;
}

/** The latest single year or date a text states (up to publication): the report's reference year. */
export function referenceYearOf(text: string, published: string | null): number | null {
  const cap = published ? Number(published.slice(0, 4)) : 2100;
  let best: number | null = null;
  for (const m of text.matchAll(/(?:năm|\/)\s*((?:19|20)\d{2})(?!\s*[-–—]\s*\d)(?!\d)/giu)) {
    const y = Number(m[1]);
    if (y <= cap && (best === null || y > best)) best = y;
  }
  return best;
}

/** The latest year a text states (up to the publication year): the report's reference year. */
export function latestYear(text: string, published: string | null): number | null {
  const cap = published ? Number(published.slice(0, 4)) : 2100;
  let best: number | null = null;
  for (const m of text.matchAll(/(?<![\d./])((?:19|20)\d{2})(?![\d])/g)) {
    const y = Number(m[1]);
    if (y <= cap && (best === null || y > best)) best = y;
  }
  return best;
}

/** The day after a date (base of a change → start of the change). */
export function dayAfter(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function labelOf(range: { start: string; end: string }): string {
  return formatPeriod(range.start, range.end);
}
