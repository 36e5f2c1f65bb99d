/**
 * Regular series of periods for analytics: buckets of a granularity over a range, relative periods
 * ("the last 5 years" as of a date), and which reported periods give a bucket its value.
 *
 * - A bucket's value is the figure reported for exactly the bucket when there is one.
 * - Else a flow (cards issued, money disbursed) is the sum of the non-overlapping reported periods
 *   inside the bucket (coverage in months, as src/rules/calendar-year.ts does for years); periods that
 *   overlap would double count, so then the bucket has no value.
 * - Else a stock (households, loans outstanding, rates) takes its latest value dated inside the
 *   bucket: a stock is never added over time.
 * A period that only straddles a bucket (a 2021-2025 total for the bucket 2022) never gives it a value.
 */
import { disjoint, monthsTouched, type PeriodSpan } from "./calendar-year.ts";

export type Granularity = "YEAR" | "HALF" | "QUARTER" | "MONTH";

export const RELATIVE_PERIODS = [
  "THIS_YEAR",
  "LAST_YEAR",
  "LAST_3_YEARS",
  "LAST_5_YEARS",
  "LAST_10_YEARS",
  "THIS_QUARTER",
  "LAST_QUARTER",
  "LAST_4_QUARTERS",
  "THIS_MONTH",
  "LAST_MONTH",
  "LAST_12_MONTHS",
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

/** The most buckets one series may have (10 years of months is 120). */
export const MAX_BUCKETS = 600;

const MONTHS_PER: Record<Granularity, number> = { YEAR: 12, HALF: 6, QUARTER: 3, MONTH: 1 };

const pad = (n: number) => String(n).padStart(2, "0");
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

function lastDayOfMonth(index: number): string {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

const firstDayOfMonth = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;

/** The bucket of a granularity that holds a day. */
export function bucketOf(day: string, granularity: Granularity): PeriodSpan {
  const size = MONTHS_PER[granularity];
  const first = Math.floor(monthIndex(day) / size) * size;
  return { start: firstDayOfMonth(first), end: lastDayOfMonth(first + size - 1) };
}

/**
 * Every bucket of a granularity from the one holding `range.start` to the one holding `range.end`.
 * Throws a RangeError past MAX_BUCKETS (the caller names the limit to the user).
 */
export function bucketsOf(range: PeriodSpan, granularity: Granularity): PeriodSpan[] {
  const size = MONTHS_PER[granularity];
  const first = Math.floor(monthIndex(range.start) / size);
  const last = Math.floor(monthIndex(range.end) / size);
  if (last - first + 1 > MAX_BUCKETS)
    throw new RangeError(`${last - first + 1} ${granularity.toLowerCase()} periods; at most ${MAX_BUCKETS}`);
  const out: PeriodSpan[] = [];
  for (let b = first; b <= last; b++)
    out.push({ start: firstDayOfMonth(b * size), end: lastDayOfMonth(b * size + size - 1) });
  return out;
}

/**
 * A relative period as buckets, against a reference day (DHIS2's meaning: LAST_n excludes the
 * current year, quarter or month; THIS_ includes it).
 */
export function relativeBuckets(
  relative: RelativePeriod,
  day: string,
): { buckets: PeriodSpan[]; granularity: Granularity } {
  const [unit, count, includeCurrent] = RELATIVE[relative];
  const current = bucketOf(day, unit);
  const size = MONTHS_PER[unit];
  const lastIndex = monthIndex(current.start) - (includeCurrent ? 0 : size);
  const firstIndex = lastIndex - (count - 1) * size;
  return {
    buckets: bucketsOf({ start: firstDayOfMonth(firstIndex), end: lastDayOfMonth(lastIndex + size - 1) }, unit),
    granularity: unit,
  };
}

const RELATIVE: Record<RelativePeriod, [Granularity, number, boolean]> = {
  THIS_YEAR: ["YEAR", 1, true],
  LAST_YEAR: ["YEAR", 1, false],
  LAST_3_YEARS: ["YEAR", 3, false],
  LAST_5_YEARS: ["YEAR", 5, false],
  LAST_10_YEARS: ["YEAR", 10, false],
  THIS_QUARTER: ["QUARTER", 1, true],
  LAST_QUARTER: ["QUARTER", 1, false],
  LAST_4_QUARTERS: ["QUARTER", 4, false],
  THIS_MONTH: ["MONTH", 1, true],
  LAST_MONTH: ["MONTH", 1, false],
  LAST_12_MONTHS: ["MONTH", 12, false],
};

/** How a bucket gets its value from the periods reported inside it. */
export type BucketSource =
  | { kind: "EXACT"; period: PeriodSpan }
  | { kind: "PARTS"; periods: PeriodSpan[]; coveredMonths: number; totalMonths: number }
  | { kind: "LATEST"; period: PeriodSpan };

/** The reported periods that give `bucket` its value (see the module comment), or null for none. */
export function bucketSource(bucket: PeriodSpan, reported: readonly PeriodSpan[], flow: boolean): BucketSource | null {
  const exact = reported.find((p) => p.start === bucket.start && p.end === bucket.end);
  if (exact) return { kind: "EXACT", period: exact };
  const inside = reported.filter((p) => p.start >= bucket.start && p.end <= bucket.end);
  if (inside.length === 0) return null;
  if (flow) {
    if (!disjoint(inside)) return null;
    const sorted = [...inside].sort((a, b) => a.start.localeCompare(b.start));
    return {
      kind: "PARTS",
      periods: sorted,
      coveredMonths: Math.min(
        sorted.reduce((n, p) => n + monthsTouched(p), 0),
        monthsTouched(bucket),
      ),
      totalMonths: monthsTouched(bucket),
    };
  }
  let best = inside[0];
  for (const p of inside) if (p.end > best.end || (p.end === best.end && p.start > best.start)) best = p;
  return { kind: "LATEST", period: best };
}
