/**
 * Period strings of the import format and the API, as inclusive ISO date ranges:
 *   "2022"                   the year                     2022-01-01 .. 2022-12-31
 *   "2021-2025"              years, inclusive             2021-01-01 .. 2025-12-31
 *   "2024-05"                a month                      2024-05-01 .. 2024-05-31
 *   "2023-01/2024-05"        months, inclusive            2023-01-01 .. 2024-05-31
 *   "2024-01-01"             a day (a stock at that date) 2024-01-01 .. 2024-01-01
 *   "2024-01-01/2024-06-30"  days, inclusive
 * Both ends of a range have the same form, the first never after the last, years 1900-2100
 * (a wider year is a typo in this domain). The label is always the shortest form for the range
 * (formatPeriod), so "2023-01/2023-12" comes back labelled "2023".
 */

export interface PeriodRange {
  /** "YYYY-MM-DD", inclusive. */
  start: string;
  /** "YYYY-MM-DD", inclusive. */
  end: string;
}

export interface Period extends PeriodRange {
  label: string;
}

export class PeriodParseError extends Error {
  readonly reason: string;
  readonly text: string;
  constructor(reason: string, text: string) {
    // Callers prefix the text themselves ("bad period "x": …"); the message is the reason alone.
    super(reason);
    this.name = "PeriodParseError";
    this.reason = reason;
    this.text = text;
  }
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const FORMS = `"2022", "2021-2025", "2024-05", "2023-01/2024-05", "2024-01-01" or "2024-01-01/2024-06-30"`;

export function parsePeriod(text: string): Period {
  const fail = failureOf(text);
  const s = text.trim();
  if (!s) fail(`empty; expected ${FORMS}`);
  let m: RegExpExecArray | null;
  let start: string;
  let end: string;
  if ((m = /^(\d{4})$/.exec(s))) {
    [start, end] = [firstOfYear(m[1], fail), lastOfYear(m[1], fail)];
  } else if ((m = /^(\d{4})-(\d{4})$/.exec(s))) {
    [start, end] = [firstOfYear(m[1], fail), lastOfYear(m[2], fail)];
  } else if ((m = /^(\d{4}-\d{2})$/.exec(s))) {
    [start, end] = [firstOfMonth(m[1], fail), lastOfMonth(m[1], fail)];
  } else if ((m = /^(\d{4}-\d{2})\/(\d{4}-\d{2})$/.exec(s))) {
    [start, end] = [firstOfMonth(m[1], fail), lastOfMonth(m[2], fail)];
  } else if ((m = /^(\d{4}-\d{2}-\d{2})$/.exec(s))) {
    start = end = day(m[1], fail);
  } else if ((m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(s))) {
    [start, end] = [day(m[1], fail), day(m[2], fail)];
  } else {
    return fail(`expected ${FORMS}`);
  }
  if (start > end) fail(`it ends (${end}) before it starts (${start})`);
  return { start, end, label: formatPeriod(start, end) };
}

/** The shortest period string for an inclusive ISO date range. */
export function formatPeriod(start: string, end: string): string {
  const text = `${start}/${end}`;
  const fail = failureOf(text);
  day(start, fail);
  day(end, fail);
  if (start > end) fail(`it ends (${end}) before it starts (${start})`);
  const [sy, sm] = [start.slice(0, 4), start.slice(0, 7)];
  const [ey, em] = [end.slice(0, 4), end.slice(0, 7)];
  if (start === `${sy}-01-01` && end === `${ey}-12-31`) return sy === ey ? sy : `${sy}-${ey}`;
  if (start === `${sm}-01` && end === lastOfMonth(em, fail)) return sm === em ? sm : `${sm}/${em}`;
  return start === end ? start : `${start}/${end}`;
}

/** Whether `inner` lies entirely within `outer` (both inclusive; strings are parsed as periods). */
export function periodContains(outer: PeriodRange | string, inner: PeriodRange | string): boolean {
  const o = typeof outer === "string" ? parsePeriod(outer) : outer;
  const i = typeof inner === "string" ? parsePeriod(inner) : inner;
  return o.start <= i.start && i.end <= o.end;
}

type Fail = (reason: string) => never;

/**
 * A thrower of errors about `text`, made by a factory rather than as a named arrow in each function:
 * tsx (esbuild keepNames) renames every named closure each time it is created, a cost on hot paths.
 */
function failureOf(text: string): Fail {
  return (reason) => {
    throw new PeriodParseError(reason, text);
  };
}

function year(y: string, fail: Fail): number {
  const n = Number(y);
  if (n < MIN_YEAR || n > MAX_YEAR) fail(`year ${y} is outside ${MIN_YEAR}-${MAX_YEAR}`);
  return n;
}

const firstOfYear = (y: string, fail: Fail) => `${year(y, fail)}-01-01`;
const lastOfYear = (y: string, fail: Fail) => `${year(y, fail)}-12-31`;

function month(ym: string, fail: Fail): [number, number] {
  const y = year(ym.slice(0, 4), fail);
  const m = Number(ym.slice(5, 7));
  if (m < 1 || m > 12) fail(`month ${ym.slice(5, 7)} does not exist`);
  return [y, m];
}

const firstOfMonth = (ym: string, fail: Fail) => (month(ym, fail), `${ym}-01`);

function lastOfMonth(ym: string, fail: Fail): string {
  const [y, m] = month(ym, fail);
  return `${ym}-${String(daysInMonth(y, m)).padStart(2, "0")}`;
}

function day(ymd: string, fail: Fail): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) fail(`"${ymd}" is not a YYYY-MM-DD date`);
  const [y, m] = month(ymd.slice(0, 7), fail);
  const d = Number(ymd.slice(8, 10));
  if (d < 1 || d > daysInMonth(y, m)) fail(`${ymd} does not exist`);
  return ymd;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return m === 2 && leap ? 29 : MONTH_DAYS[m - 1];
}

/**
 * Periods as reports write them, resolved against the document's publication date ("YYYY-MM-DD",
 * null when unknown: then only expressions that name their years are accepted):
 *   "năm 2023"                       2023
 *   "cuối năm 2023", "hết năm 2023"  2023-12-31 (a stock at the end of the year)
 *   "đầu năm 2024"                   2024-01-01
 *   "31/5", "31/5/2025"              that day; without a year, the last such day on or before publication
 *   "tháng 6/2025"                   2025-06; "hết tháng 6/2025", "cuối tháng 6/2025" → 2025-06-30
 *   "6 tháng đầu năm [2024]"         2024-01/2024-06 (the publication year when none is named)
 *   "9 tháng đầu năm", "quý I/2024"  likewise
 *   "3 năm (2021 - 2023)"            2021-2023 (the count must match the years)
 *   "giai đoạn 2016-2020"            2016-2020 (an average per year over it is the figure's value type)
 *   "từ năm 2015 đến nay"            2015-01-01 .. the publication date
 *   "năm nay"                        the publication year
 * Anything else is a PeriodParseError with the forms listed.
 */
export function resolvePeriodExpression(text: string, publishedAt: string | null): Period {
  const fail = failureOf(text);
  const s = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\s*[-–—]\s*/g, "-")
    .trim();
  const published = publishedAt === null ? null : day(publishedAt, fail);
  const pubYear = () =>
    published?.slice(0, 4) ?? fail(`"${text}" needs the document's publication date (publishedAt) to know its year`);
  const range = (start: string, end: string): Period => {
    if (start > end) fail(`it ends (${end}) before it starts (${start})`);
    return { start, end, label: formatPeriod(start, end) };
  };
  const dm = (d: string, m: string, y: string) =>
    day(`${year(y, fail)}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`, fail);
  let m: RegExpExecArray | null;
  if ((m = /^(?:năm )?(\d{4})$/.exec(s))) return parsePeriod(m[1]);
  if ((m = /^(?:cuối|hết) năm (\d{4})$/.exec(s))) return range(lastOfYear(m[1], fail), lastOfYear(m[1], fail));
  if ((m = /^đầu năm (\d{4})$/.exec(s))) return range(firstOfYear(m[1], fail), firstOfYear(m[1], fail));
  if ((m = /^(?:ngày |đến |tính đến )?(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
    const d = dm(m[1], m[2], m[3]);
    return range(d, d);
  }
  if ((m = /^(?:ngày |đến |tính đến )?(\d{1,2})\/(\d{1,2})$/.exec(s))) {
    const y = pubYear();
    let d = dm(m[1], m[2], y);
    if (d > published!) d = dm(m[1], m[2], String(Number(y) - 1));
    return range(d, d);
  }
  if ((m = /^(hết |cuối )?tháng (\d{1,2})\/(\d{4})$/.exec(s))) {
    const ym = `${m[3]}-${m[2].padStart(2, "0")}`;
    return m[1]
      ? range(lastOfMonth(ym, fail), lastOfMonth(ym, fail))
      : range(firstOfMonth(ym, fail), lastOfMonth(ym, fail));
  }
  if ((m = /^(\d{1,2}) tháng đầu năm(?: (\d{4}))?$/.exec(s))) {
    const months = Number(m[1]);
    if (months < 1 || months > 12) fail(`${months} months is not part of a year`);
    const y = m[2] ?? pubYear();
    return range(firstOfMonth(`${y}-01`, fail), lastOfMonth(`${y}-${String(months).padStart(2, "0")}`, fail));
  }
  if ((m = /^quý (i|ii|iii|iv|1|2|3|4)(?:\/| năm )(\d{4})$/.exec(s))) {
    const q = ({ i: 1, ii: 2, iii: 3, iv: 4 } as Record<string, number>)[m[1]] ?? Number(m[1]);
    return range(
      firstOfMonth(`${m[2]}-${String(q * 3 - 2).padStart(2, "0")}`, fail),
      lastOfMonth(`${m[2]}-${String(q * 3).padStart(2, "0")}`, fail),
    );
  }
  if ((m = /^(\d{1,2}) năm \(?(\d{4})-(\d{4})\)?$/.exec(s))) {
    const count = Number(m[3]) - Number(m[2]) + 1;
    if (count !== Number(m[1])) fail(`${m[1]} years do not match ${m[2]}-${m[3]} (${count} years)`);
    return parsePeriod(`${m[2]}-${m[3]}`);
  }
  if ((m = /^giai đoạn (\d{4})-(\d{4})$/.exec(s))) return parsePeriod(`${m[1]}-${m[2]}`);
  if ((m = /^từ (?:năm )?(\d{4}) (?:đến|tới) nay$/.exec(s))) {
    if (published === null) fail(`"${text}" needs the document's publication date (publishedAt) to know when "nay" is`);
    return range(firstOfYear(m[1], fail), published!);
  }
  if (s === "năm nay") return parsePeriod(pubYear());
  return fail(
    `expected ${FORMS}, or a report's own words: "cuối năm 2023", "đầu năm 2024", "31/5", "tháng 6/2025", ` +
      `"6 tháng đầu năm", "quý I/2024", "3 năm (2021 - 2023)", "giai đoạn 2016-2020", "từ năm 2015 đến nay"`,
  );
}

/** The import's period field: a period string, else a report's expression resolved against publication. */
export function parseReportedPeriod(text: string, publishedAt: string | null): Period {
  try {
    return parsePeriod(text);
  } catch (e) {
    if (!(e instanceof PeriodParseError)) throw e;
    if (/^[\d/-]+$/.test(text.trim()) && !/^\d{1,2}\/\d{1,2}(\/\d{4})?$/.test(text.trim())) throw e;
    return resolvePeriodExpression(text, publishedAt);
  }
}
