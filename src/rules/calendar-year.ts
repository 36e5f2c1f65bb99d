/**
 * Calendar years from sub-year periods, for flows only (a stock such as households or loans
 * outstanding is never added over time).
 *
 * A year's value is reported when a figure covers exactly that year; else it is the sum of the
 * periods inside the year (quarters, "first 5 months", single months) when they do not overlap
 * (overlapping periods, e.g. Jan–Mar and Jan–Jun, would double count: then the year has no value).
 * Coverage counts months: "9 of 12 months reported". In the priority of src/rules/reported-vs-parts.ts
 * this comes last: reported > place parts > programme parts > ethnic-group parts > sub-year parts.
 */
export interface PeriodSpan {
  start: string;
  end: string;
}

/** The calendar year a period lies strictly inside (not the whole year), or null. */
export function yearContaining(p: PeriodSpan): number | null {
  const y = Number(p.start.slice(0, 4));
  if (Number(p.end.slice(0, 4)) !== y) return null;
  if (p.start === `${y}-01-01` && p.end === `${y}-12-31`) return null;
  return y;
}

export function yearSpan(year: number): PeriodSpan {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** Months a period touches, inclusive ("2023-01-01".."2023-03-31" → 3). */
export function monthsTouched(p: PeriodSpan): number {
  const months = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return months(p.end) - months(p.start) + 1;
}

/** Whether no two periods overlap. */
export function disjoint(periods: PeriodSpan[]): boolean {
  const sorted = [...periods].sort((a, b) =>
    a.start === b.start ? a.end.localeCompare(b.end) : a.start.localeCompare(b.start),
  );
  return sorted.every((p, i) => i === 0 || sorted[i - 1].end < p.start);
}

/**
 * SQL: the calendar year of a date, an integer. date_part on a date gives a float, extract a numeric
 * (half as fast, and to_char slower still: on every cell of a rebuild's levels, seconds at 1M).
 */
export const yearOfSql = (date: string) => `date_part('year', ${date})::int`;

/**
 * SQL, over a period_start/period_end pair: whether it lies strictly inside a calendar year (as
 * `yearContaining` is not null): in one year, and not from its first day (day of year 1) to its
 * last (the next day is a first day).
 */
export const insideYearSql = (start: string, end: string) =>
  `(date_part('year', ${start}) = date_part('year', ${end})
    AND NOT (date_part('doy', ${start}) = 1 AND date_part('doy', ${end} + 1) = 1))`;

/** SQL, over a period_start/period_end pair: the months it touches (as in `monthsTouched`). */
export const monthsTouchedSql = (start: string, end: string) =>
  `((extract(year FROM ${end}) * 12 + extract(month FROM ${end})) - (extract(year FROM ${start}) * 12 + extract(month FROM ${start})) + 1)::int`;
