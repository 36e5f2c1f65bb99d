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
const bounds = (q: Qualified) => ({ value: q.value, lower: q.lower, upper: q.upper, qualifier: q.qualifier });

type RowBase = Pick<
  ComparisonRowData,
  "placeKey" | "requested" | "ethnicity" | "programme" | "periodStart" | "periodEnd"
>;

/** Turns cells into a comparison row, every ratio a ratio of sums over matched cells (src/rules). */
export function composeRow(base: RowBase, cells: RowCells, mode: RowMode): ComparisonRowData {
  const used = [cells.main, cells.numerator, cells.denominator, cells.divisor].filter((c): c is CellData => !!c);
  const flags = flagsOf(used);
  if ((cells.flaggedUnder ?? 0) > 0) flags.push("FLAGGED_EXCLUDED");
  const row: ComparisonRowData = {
    ...base,
    value: null,
    lower: null,
    upper: null,
    qualifier: null,
    ratio: null,
    numerator: null,
    denominator: null,
    derivation: "NO_DATA",
    coverage: coverageOf(cells.main ?? cells.numerator),
    flags: [...new Set(flags)],
    figureIds: [...new Set(used.flatMap((c) => c.figureIds ?? []))],
    matchedCells: null,
    matchedCoverage: null,
    reason: null,
  };
  if (mode.kind === "rate" && !cells.main) return rateFromCounts(row, cells);
  if (!cells.main) return withNoData(row, cells.leftOut ?? null);
  const main = cells.main;
  const derivation: RowDerivation = main.derivation;
  if (mode.kind === "plain" || mode.kind === "rate") {
    const ratio = mode.kind === "rate" ? main.value.div(100).toNumber() : null;
    return { ...row, ...bounds(main), ratio, derivation };
  }
  const m = cells.matched;
  const r = m?.numerator && m.denominator ? ratioOfSums(m.numerator, m.denominator) : null;
  const matchedPart =
    m && r
      ? {
          matchedCells: m.pairs,
          numerator: m.numerator!.value,
          denominator: m.denominator!.value,
          matchedCoverage: matchedCoverage(m, { NUMERATOR: main, DENOMINATOR: cells.divisor }),
        }
      : {};
  const leftOutFlags = [
    ...(m?.leftOut.length ? ["UNMATCHED_LEFT_OUT"] : []),
    ...(m?.uneven.length ? ["UNEVEN_COVERAGE"] : []),
  ];
  if (mode.kind === "per") {
    if (!r)
      return {
        ...withNoData(row, cells.leftOut ?? "no matching denominator"),
        numerator: main.value,
        flags: [...row.flags, "NO_DENOMINATOR"],
      };
    return {
      ...row,
      ...bounds(r),
      ratio: r.value.toNumber(),
      ...matchedPart,
      derivation: "RATIO_OF_SUMS",
      flags: [...row.flags, ...leftOutFlags],
      reason: cells.leftOut ?? null,
    };
  }
  // against plan: the value stays the actual figure; the ratio is matched actual / matched plan
  return {
    ...row,
    ...bounds(main),
    derivation,
    ratio: r ? r.value.toNumber() : null,
    numerator: main.value,
    denominator: cells.divisor?.value ?? null,
    ...matchedPart,
    flags: [...row.flags, ...(r ? leftOutFlags : ["NO_PLAN"])],
    reason: cells.leftOut ?? (r ? null : "no plan for these cells"),
  };
}

/** A rate from its counts over matched cells, as a percentage; the ratio as a fraction. */
function rateFromCounts(row: ComparisonRowData, cells: RowCells): ComparisonRowData {
  const m = cells.matched;
  const r = m?.numerator && m.denominator ? ratioOfSums(m.numerator, m.denominator, 100) : null;
  if (!r || !m) return withNoData(row, cells.leftOut ?? null);
  return {
    ...row,
    ...bounds(r),
    ratio: r.value.div(100).toNumber(),
    numerator: m.numerator!.value,
    denominator: m.denominator!.value,
    matchedCells: m.pairs,
    matchedCoverage: matchedCoverage(m, { NUMERATOR: cells.numerator, DENOMINATOR: cells.denominator }),
    derivation: "RATIO_OF_SUMS",
    flags: [
      ...row.flags,
      ...(m.leftOut.length ? ["UNMATCHED_LEFT_OUT"] : []),
      ...(m.uneven.length ? ["UNEVEN_COVERAGE"] : []),
    ],
    reason: cells.leftOut ?? null,
  };
}

function withNoData(row: ComparisonRowData, reason: string | null): ComparisonRowData {
  return {
    ...row,
    derivation: "NO_DATA",
    coverage: { ...row.coverage, covered: 0 },
    flags: [...new Set([...row.flags, "NO_DATA"])],
    reason,
  };
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
