/**
 * Which comparison rows each chart draws. Pure: the API gives one row per place and period; the
 * bar chart needs one per place, the time series the yearly (or dated) ones, and periods are never
 * added together here (a 2016-2020 total is not a point of a yearly line).
 */
import { periodDays } from "./format.ts";
import type { Row } from "./types.ts";
import type { View } from "./state.ts";

export interface PlaceSlot {
  place: Row["place"];
  /** Position in the reader's choice: fixes the place's colour across charts and tables. */
  slot: number;
}

/** The number a chart draws for a row: the value, or with "against plan" the percentage of plan. */
export function chartValue(row: Row, view: View): number | null {
  if (view === "plan") return row.ratio === null ? null : row.ratio * 100;
  return row.value === null ? null : Number(row.value);
}

/**
 * The places of the rows, ordered as the reader chose them. Under 2025 boundaries two chosen
 * provinces can answer as one (Bắc Kạn inside Thái Nguyên): the row's `requested` says which.
 */
export function placeSlots(rows: Row[], chosen: string[]): PlaceSlot[] {
  const slots = new Map<string, PlaceSlot>();
  for (const row of rows) {
    const positions = [row.place.key, ...row.requested].map((k) => chosen.indexOf(k)).filter((i) => i >= 0);
    const slot = positions.length ? Math.min(...positions) : chosen.length + slots.size;
    const known = slots.get(row.place.key);
    if (!known || slot < known.slot) slots.set(row.place.key, { place: row.place, slot });
  }
  return [...slots.values()].sort((a, b) => a.slot - b.slot);
}

/** "2022" or "2021-2025" as dates; other forms have no single span to match. */
function periodSpan(period: string): [string, string] | null {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(period);
  return m ? [`${m[1]}-01-01`, `${m[2] ?? m[1]}-12-31`] : null;
}

/** Latest end first; for the same end, the longer period (a year before a month inside it). */
function newer(a: Row, b: Row): number {
  return (
    (b.periodEnd ?? "").localeCompare(a.periodEnd ?? "") || (a.periodStart ?? "").localeCompare(b.periodStart ?? "")
  );
}

/**
 * One row per place for the bar chart: the row for exactly the chosen period when there is one,
 * else the place's latest row with something to draw, else its latest row (to say why not).
 */
export function pickBars(rows: Row[], slots: PlaceSlot[], view: View, period: string): Row[] {
  const span = periodSpan(period);
  return slots
    .map(({ place }) => {
      const own = rows.filter((r) => r.place.key === place.key).sort(newer);
      const drawable = own.filter((r) => chartValue(r, view) !== null);
      const exact = span ? drawable.find((r) => r.periodStart === span[0] && r.periodEnd === span[1]) : undefined;
      return exact ?? drawable[0] ?? own.find((r) => r.value !== null) ?? own[0];
    })
    .filter((r): r is Row => r !== undefined);
}

/** Whether the bars compare different periods (only possible with "latest of each place"). */
export function mixedPeriods(bars: Row[]): boolean {
  const periods = new Set(bars.filter((r) => r.periodStart).map((r) => `${r.periodStart}/${r.periodEnd}`));
  return periods.size > 1;
}

const YEAR_DAYS = 366;

/**
 * The time-series points of one place: periods of a year or less with something to draw, leaving
 * out those inside another such period (a month inside its year's total), one per calendar year
 * (the year the period starts in; the latest of a year wins), in time order.
 */
export function seriesPoints(rows: Row[], placeKey: string, view: View): Row[] {
  const own = rows.filter(
    (r) =>
      r.place.key === placeKey &&
      r.periodStart &&
      r.periodEnd &&
      chartValue(r, view) !== null &&
      periodDays(r.periodStart, r.periodEnd) <= YEAR_DAYS,
  );
  const inside = (a: Row, b: Row) =>
    a !== b &&
    b.periodStart! <= a.periodStart! &&
    a.periodEnd! <= b.periodEnd! &&
    periodDays(b.periodStart!, b.periodEnd!) > periodDays(a.periodStart!, a.periodEnd!);
  const kept = own
    .filter((a) => !own.some((b) => inside(a, b)))
    .sort((a, b) => a.periodStart!.localeCompare(b.periodStart!) || a.periodEnd!.localeCompare(b.periodEnd!));
  const byYear = new Map<number, Row>();
  for (const r of kept) byYear.set(yearOf(r), r);
  return [...byYear.values()];
}

/** The year a time-series point is drawn at. */
export function yearOf(row: Row): number {
  return Number(row.periodStart!.slice(0, 4));
}

/** Every year from the first to the last (gaps stay visible as gaps). */
export function yearsSpanning(points: Row[]): number[] {
  if (!points.length) return [];
  const years = points.map(yearOf);
  const out: number[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push(y);
  return out;
}

/** Rows over more than a year: shown in the table only. */
export function multiYearRows(rows: Row[], view: View): Row[] {
  return rows.filter(
    (r) =>
      r.periodStart &&
      r.periodEnd &&
      chartValue(r, view) !== null &&
      periodDays(r.periodStart, r.periodEnd) > YEAR_DAYS,
  );
}
