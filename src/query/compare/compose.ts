import type { Qualified } from "../../rules/qualifier-algebra.ts";
import { ratioOfSums } from "../../rules/ratio-of-sums.ts";
import type { MeasureInfo } from "../reference-cache.ts";
import type { CellData, ComparisonRowData, Coverage, RowDerivation } from "./types.ts";

/** What a row is computed from, for one place, ethnicity, programme and period. */
export interface RowCells {
  main?: CellData;
  /** RATIO measures: numerator and denominator sums, when no rate was reported directly. */
  numerator?: CellData;
  denominator?: CellData;
  /** `per`: the denominator measure; `againstPlan`: the plan. */
  divisor?: CellData;
}

export type RowMode = { kind: "plain" } | { kind: "rate"; measure: MeasureInfo } | { kind: "per" } | { kind: "againstPlan" };

const asQualified = (c: CellData): Qualified => ({ value: c.value, lower: c.lower, upper: c.upper, qualifier: c.qualifier });
const coverageOf = (c: CellData | undefined): Coverage =>
  c ? { covered: c.covered, total: c.total, dimension: c.partsDimension } : { covered: 0, total: 0, dimension: null };

/** Turns cells into a comparison row, every ratio a ratio of sums (src/rules/ratio-of-sums.ts). */
export function composeRow(base: Pick<ComparisonRowData, "placeKey" | "requested" | "ethnicity" | "programme" | "periodStart" | "periodEnd">, cells: RowCells, mode: RowMode): ComparisonRowData {
  const used = [cells.main, cells.numerator, cells.denominator, cells.divisor].filter((c): c is CellData => !!c);
  const row: ComparisonRowData = {
    ...base, value: null, lower: null, upper: null, qualifier: null, ratio: null, numerator: null, denominator: null,
    derivation: "NO_DATA", coverage: coverageOf(cells.main ?? cells.numerator), flags: flagsOf(used), figureIds: [...new Set(used.flatMap((c) => c.figureIds ?? []))],
  };
  if (mode.kind === "rate" && !cells.main) {
    const r = cells.numerator && cells.denominator ? ratioOfSums(asQualified(cells.numerator), asQualified(cells.denominator), 100) : null;
    if (!r) return withNoData(row);
    return { ...row, value: r.value, lower: r.lower, upper: r.upper, qualifier: r.qualifier,
      ratio: r.value.div(100).toNumber(), numerator: cells.numerator!.value, denominator: cells.denominator!.value, derivation: "RATIO_OF_SUMS" };
  }
  if (!cells.main) return withNoData(row);
  const main = cells.main;
  const derivation: RowDerivation = main.derivation;
  if (mode.kind === "plain" || mode.kind === "rate") {
    const ratio = mode.kind === "rate" ? main.value.div(100).toNumber() : null;
    return { ...row, value: main.value, lower: main.lower, upper: main.upper, qualifier: main.qualifier, ratio, derivation };
  }
  const r = cells.divisor ? ratioOfSums(asQualified(main), asQualified(cells.divisor)) : null;
  if (mode.kind === "per") {
    if (!r) return { ...withNoData(row), numerator: main.value, flags: [...row.flags, "NO_DENOMINATOR"] };
    return { ...row, value: r.value, lower: r.lower, upper: r.upper, qualifier: r.qualifier, ratio: r.value.toNumber(),
      numerator: main.value, denominator: cells.divisor!.value, derivation: "RATIO_OF_SUMS" };
  }
  // against plan: the value stays the actual figure; the ratio is actual / plan
  return { ...row, value: main.value, lower: main.lower, upper: main.upper, qualifier: main.qualifier, derivation,
    ratio: r ? r.value.toNumber() : null, numerator: main.value, denominator: cells.divisor?.value ?? null,
    flags: r ? row.flags : [...row.flags, "NO_PLAN"] };
}

function withNoData(row: ComparisonRowData): ComparisonRowData {
  return { ...row, derivation: "NO_DATA", coverage: { ...row.coverage, covered: 0 }, flags: [...new Set([...row.flags, "NO_DATA"])] };
}

function flagsOf(cells: CellData[]): string[] {
  const flags = new Set<string>();
  for (const c of cells) {
    if (c.flaggedExcluded > 0) flags.add("FLAGGED_EXCLUDED");
    if (c.derivation === "SUM_OF_PARTS" && c.covered < c.total) flags.add("PARTIAL_COVERAGE");
    if (c.figureIds === null) flags.add("SOURCES_TRUNCATED");
  }
  return [...flags];
}
