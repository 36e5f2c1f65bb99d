import type { Qualified } from "../../rules/qualifier-algebra.ts";
import { matchedCoverage, type Matched } from "../../rules/matched-ratio.ts";
import { ratioOfSums } from "../../rules/ratio-of-sums.ts";
import type { MeasureInfo } from "../reference-cache.ts";
import type { CellData, ComparisonRowData, Coverage, RowDerivation } from "./types.ts";

/**
 * What a row is computed from, for one place, ethnicity, programme and period. Pure data: the
 * composition below takes no database, so other queries (analytics) can reuse it over their rows.
 */
export interface RowCells {
  main?: CellData;
  /** RATIO measures: numerator and denominator sums, when no rate was reported directly. */
  numerator?: CellData;
  denominator?: CellData;
  /** `per`: the denominator measure; `againstPlan`: the plan. */
  divisor?: CellData;
  /** The two sides of the ratio over the same cells (src/rules/matched-ratio.ts), and what was left out in words. */
  matched?: Matched;
  leftOut?: string | null;
  /** Flagged figures under a cell that has no value (the flagged figure was its only one). */
  flaggedUnder?: number;
}

export type RowMode =
  { kind: "plain" } | { kind: "rate"; measure: MeasureInfo } | { kind: "per" } | { kind: "againstPlan" };

const coverageOf = (c: CellData | undefined): Coverage =>
  c ? { covered: c.covered, total: c.total, dimension: c.partsDimension } : { covered: 0, total: 0, dimension: null };

type RowBase = Pick<
  ComparisonRowData,
  "placeKey" | "requested" | "ethnicity" | "programme" | "periodStart" | "periodEnd"
>;

/**
 * Turns cells into a comparison row, every ratio a ratio of sums over matched cells (src/rules).
 * The row is one object built here and filled in place: an object spread per step cost microseconds
 * per row (V8 copies through its slow path when properties follow the spread), and an answer
 * composes its rows again for every step of a ratio's matching.
 */
export function composeRow(base: RowBase, cells: RowCells, mode: RowMode): ComparisonRowData {
  const used = [cells.main, cells.numerator, cells.denominator, cells.divisor].filter((c): c is CellData => !!c);
  const flags = flagsOf(used);
  if ((cells.flaggedUnder ?? 0) > 0 && !flags.includes("FLAGGED_EXCLUDED")) flags.push("FLAGGED_EXCLUDED");
  const row: ComparisonRowData = {
    placeKey: base.placeKey,
    requested: base.requested,
    ethnicity: base.ethnicity,
    programme: base.programme,
    periodStart: base.periodStart,
    periodEnd: base.periodEnd,
    value: null,
    lower: null,
    upper: null,
    qualifier: null,
    ratio: null,
    numerator: null,
    denominator: null,
    derivation: "NO_DATA",
    coverage: coverageOf(cells.main ?? cells.numerator),
    flags,
    figureIds: figureIdsOf(used),
    matchedCells: null,
    matchedCoverage: null,
    reason: null,
  };
  const value = rowValue(cells, mode);
  if (mode.kind === "rate" && !cells.main) return rateFromCounts(row, cells, value);
  if (!cells.main) return withNoData(row, cells.leftOut ?? null);
  const main = cells.main;
  const derivation: RowDerivation = main.derivation;
  if (mode.kind === "plain" || mode.kind === "rate") {
    setBounds(row, value!);
    row.ratio = mode.kind === "rate" ? main.value.div(100).toNumber() : null;
    row.derivation = derivation;
    return row;
  }
  const m = cells.matched;
  const r = mode.kind === "per" ? value : matchedRatio(m, 1);
  const leftOutFlags = [
    ...(m?.leftOut.length ? ["UNMATCHED_LEFT_OUT"] : []),
    ...(m?.uneven.length ? ["UNEVEN_COVERAGE"] : []),
  ];
  if (mode.kind === "per") {
    if (!r) {
      const flagsBefore = row.flags;
      withNoData(row, cells.leftOut ?? "no matching denominator");
      row.numerator = main.value;
      row.flags = [...flagsBefore, "NO_DENOMINATOR"];
      return row;
    }
    setBounds(row, r);
    row.ratio = r.value.toNumber();
    setMatched(row, m!, main, cells.divisor);
    row.derivation = "RATIO_OF_SUMS";
    row.flags = [...row.flags, ...leftOutFlags];
    row.reason = cells.leftOut ?? null;
    return row;
  }
  // against plan: the value stays the actual figure; the ratio is matched actual / matched plan
  setBounds(row, value!);
  row.derivation = derivation;
  row.ratio = r ? r.value.toNumber() : null;
  row.numerator = main.value;
  row.denominator = cells.divisor?.value ?? null;
  if (r) setMatched(row, m!, main, cells.divisor);
  row.flags = [...row.flags, ...(r ? leftOutFlags : ["NO_PLAN"])];
  row.reason = cells.leftOut ?? (r ? null : "no plan for these cells");
  return row;
}

/**
 * A row's value with its bounds and qualifier, as composeRow gives it (null: NO_DATA), without the
 * rest of the row: what `having` and an order by value read. A cell reported or rolled up for the
 * row is its value (a rate too: its counts are not paired); a rate without one is the ratio of its
 * matched counts as a percentage; `per` the ratio of its matched sides; against plan the actual.
 */
export function rowValue(cells: RowCells, mode: RowMode): Qualified | null {
  const main = cells.main;
  if (!main) return mode.kind === "rate" ? matchedRatio(cells.matched, 100) : null;
  return mode.kind === "per" ? matchedRatio(cells.matched, 1) : main;
}

/** The ratio of a ratio's matched sides (src/rules/ratio-of-sums.ts), or null when they share no cell. */
const matchedRatio = (m: Matched | undefined, scale: number) =>
  m?.numerator && m.denominator ? ratioOfSums(m.numerator, m.denominator, scale) : null;

function setBounds(row: ComparisonRowData, q: Qualified): void {
  row.value = q.value;
  row.lower = q.lower;
  row.upper = q.upper;
  row.qualifier = q.qualifier;
}

/** A ratio's matched sums, pairs and coverage (`per` and against plan). */
function setMatched(row: ComparisonRowData, m: Matched, main: CellData, divisor: CellData | undefined): void {
  row.matchedCells = m.pairs;
  row.numerator = m.numerator!.value;
  row.denominator = m.denominator!.value;
  row.matchedCoverage = matchedCoverage(m, { NUMERATOR: main, DENOMINATOR: divisor });
}

/** A rate from its counts over matched cells (`r`, as a percentage: rowValue); the ratio as a fraction. */
function rateFromCounts(row: ComparisonRowData, cells: RowCells, r: Qualified | null): ComparisonRowData {
  const m = cells.matched;
  if (!r || !m) return withNoData(row, cells.leftOut ?? null);
  setBounds(row, r);
  row.ratio = r.value.div(100).toNumber();
  row.numerator = m.numerator!.value;
  row.denominator = m.denominator!.value;
  row.matchedCells = m.pairs;
  row.matchedCoverage = matchedCoverage(m, { NUMERATOR: cells.numerator, DENOMINATOR: cells.denominator });
  row.derivation = "RATIO_OF_SUMS";
  row.flags = [
    ...row.flags,
    ...(m.leftOut.length ? ["UNMATCHED_LEFT_OUT"] : []),
    ...(m.uneven.length ? ["UNEVEN_COVERAGE"] : []),
  ];
  row.reason = cells.leftOut ?? null;
  return row;
}

function withNoData(row: ComparisonRowData, reason: string | null): ComparisonRowData {
  row.derivation = "NO_DATA";
  row.coverage = { covered: 0, total: row.coverage.total, dimension: row.coverage.dimension };
  if (!row.flags.includes("NO_DATA")) row.flags = [...row.flags, "NO_DATA"];
  row.reason = reason;
  return row;
}

/** The figures behind the cells, each once, in order. */
function figureIdsOf(used: CellData[]): string[] {
  if (used.length === 1) {
    const ids = used[0].figureIds ?? [];
    return new Set(ids).size === ids.length ? ids.slice() : [...new Set(ids)];
  }
  return [...new Set(used.flatMap((c) => c.figureIds ?? []))];
}

function flagsOf(cells: CellData[]): string[] {
  const flags = new Set<string>();
  for (const c of cells) {
    if (c.flaggedExcluded > 0) flags.add("FLAGGED_EXCLUDED");
    if (c.derivation !== "REPORTED" && c.covered < c.total) flags.add("PARTIAL_COVERAGE");
    if (c.figureIds === null) flags.add("SOURCES_TRUNCATED");
  }
  return [...flags];
}
