import type { Decimal } from "decimal.js";
import type { CrosswalkCell } from "../../rules/crosswalk.ts";
import type { SideCoverage } from "../../rules/matched-ratio.ts";
import type { CellQualifier as Qualifier } from "../../rules/qualifier-algebra.ts";
import type { FigureKind } from "../../shared/slices.ts";
import type { BoundaryName } from "../reference-cache.ts";
import type { LeafScope } from "./leaf-coverage.ts";

export type CompareDimension = "ETHNICITY" | "PROGRAMME" | "PERIOD" | "CHILD_PLACE";
export type CompareSource = "AUTO" | "ROLLUP" | "FACTS";

export interface CompareInput {
  measure: string;
  places: string[];
  period?: string | null;
  ethnicity?: string | null;
  programme?: string | null;
  kind?: FigureKind | null;
  groupBy?: CompareDimension[] | null;
  boundaries?: BoundaryName | null;
  per?: string | null;
  againstPlan?: boolean | null;
  includeFlagged?: boolean | null;
  source?: CompareSource | null;
}

export type RowDerivation = "REPORTED" | "SUM_OF_PARTS" | "BOUNDED_BY_PARTS" | "RATIO_OF_SUMS" | "NO_DATA";

export interface Coverage {
  covered: number;
  total: number;
  dimension: string | null;
}

export interface ComparisonRowData {
  placeKey: string;
  /** The reference as asked, when the row re-expresses it (e.g. Bắc Kạn asked under CURRENT boundaries). */
  requested: string[];
  ethnicity: string;
  programme: string;
  periodStart: string | null;
  periodEnd: string | null;
  value: Decimal | null;
  lower: Decimal | null;
  upper: Decimal | null;
  qualifier: Qualifier | null;
  ratio: number | null;
  numerator: Decimal | null;
  denominator: Decimal | null;
  derivation: RowDerivation;
  coverage: Coverage;
  flags: string[];
  figureIds: string[];
  /** For a ratio: how many cells paired numerator with denominator (src/rules/matched-ratio.ts). */
  matchedCells: number | null;
  /** For a ratio: how much of each side it stands on (matched sum, the side's whole value, cells left out). */
  matchedCoverage: Record<"numerator" | "denominator", SideCoverage> | null;
  /** Why a row has no value, or what a ratio left out ("left out: actuals without a plan at CREDIT"). */
  reason: string | null;
  /** The poverty standards the row's figures were measured under (measures that depend on one). */
  povertyStandards?: string[];
  /** What the row's leaf coverage counts (src/query/compare/leaf-coverage.ts), when it can give one. */
  leafScope?: LeafScope;
}

export interface ComparisonData {
  rows: ComparisonRowData[];
  computedAt: Date | null;
  servedFrom: "ROLLUP" | "FACTS";
  boundaries: BoundaryName;
}

/** One computed cell, from the rollup table or from facts: its key, and what the crosswalk rule sums. */
export interface CellData extends CrosswalkCell {
  placeKey: string;
  ethnicity: string;
  programme: string;
  measure: string;
  kind: FigureKind;
  periodStart: string;
  periodEnd: string;
  computedAt: Date | null;
}

export interface CellQuery {
  boundary: BoundaryName;
  measures: string[];
  kinds: FigureKind[];
  places: string[];
  ethnicities: string[];
  programmes: string[];
  range: { start: string; end: string } | null;
  /**
   * These measures' cells may end as late as `end` instead of the range's end (a stock divisor
   * counted the day after the period: src/rules/stock-denominator.ts), read in the same statement.
   */
  laterEnd?: { measures: string[]; end: string };
  includeFlagged: boolean;
  /**
   * Only these (place, group, programme) keys of the places × groups × programmes above: what a
   * ratio's matching asked for (a few thousand of the hundred thousand combinations).
   */
  keys?: AskedKey[];
}

/** A place, group and programme whose cells (every period in the range) a ratio asks for. */
export interface AskedKey {
  place: string;
  ethnicity: string;
  programme: string;
}

/**
 * A key a ratio's matching asked for, with what it pairs there (src/rules/matched-ratio.ts): the
 * period, the denominator's (a stock's may be dated the day after), and each side's measure and kind.
 */
export interface DescentStart extends AskedKey {
  start: string;
  end: string;
  denominatorStart: string;
  denominatorEnd: string;
  numerator: [string, FigureKind];
  denominator: [string, FigureKind];
}

/**
 * A (measure, kind, place, group, programme) with cells in the range, read without them: where a
 * ratio's matching may find cells below the rows (CellIndex.hold), and when the oldest was computed.
 */
export interface HeldPart {
  measure: string;
  kind: FigureKind;
  placeKey: string;
  ethnicity: string;
  programme: string;
  computedAt: Date;
}

/** The rows' own cells, and the other groups and programmes of their places only as held parts. */
export interface RowsAndHeld {
  cells: CellData[];
  held: HeldPart[];
  /** What the walk from the rows read (RowsWalk), when one was asked for and the source follows descents. */
  walked?: DescentCells;
}

/**
 * A ratio's two sides (measure and kind each), for a read of its rows that follows the matching's
 * descent below them in the same statement (CellSource.rowsAndHeld): from every row key where both
 * sides have a cell, over each pair of their periods (`samePeriod`: the same period only; else a
 * stock divisor's period may differ from the row's, src/rules/stock-denominator.ts). A superset of
 * what the matching walks: it reads more keys whole, never fewer than it asks for (what it still
 * asks for is read afterwards, as before).
 */
export interface RowsWalk {
  numerator: [string, FigureKind];
  denominator: [string, FigureKind];
  samePeriod: boolean;
}

/** What a descent read: every cell (of the query's measures, kinds and range) of each key in `keys`. */
export interface DescentCells {
  cells: CellData[];
  keys: AskedKey[];
}

export interface CellSource {
  readonly name: "ROLLUP" | "FACTS";
  cells(q: CellQuery): Promise<CellData[]>;
  /**
   * The cells of the asked keys (`q.keys`) and of every key the matching will descend into below
   * them, followed in one statement from `from`; `held`: the "group|programme" pairs that may hold
   * a cell below the rows (CellIndex.mayHold), the others are not followed. A source without it
   * is asked level by level.
   */
  descend?(q: CellQuery, from: DescentStart[], held: string[]): Promise<DescentCells>;
  /**
   * The cells of the rows' groups and programmes (`rows`) at the query's places, and of the query's
   * other groups and programmes only which parts hold cells: a ratio's rows read whole every group
   * and programme below them, where the matching pairs only a few (it reads those by `descend`).
   */
  rowsAndHeld?(
    q: CellQuery,
    rows: { ethnicities: string[]; programmes: string[] },
    walk?: RowsWalk,
  ): Promise<RowsAndHeld>;
}
