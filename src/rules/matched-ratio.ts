/**
 * Matched ratios: a ratio (against plan, per household, a rate from its counts) is Σ numerator /
 * Σ denominator over the SAME cells. Actuals without a plan, or money without the matching count,
 * stay out of it, and the answer says what was left out.
 *
 * For one cell (place, ethnicity, programme, period) with a value on both sides:
 *   - if either side is reported for the cell itself, that side cannot be split: the two pair at
 *     the cell. Where the other side is a partial sum over places or periods (a province's plan
 *     against the sum of 1 of its 8 districts' actuals; a year's plan against 6 months of actuals)
 *     the pair is kept but marked `uneven` (the row says UNEVEN_COVERAGE with each side's coverage);
 *   - else both are made of parts: descend into the tree they were combined over (both over the
 *     same one: that tree, place by place, period by period, programme by programme, group by
 *     group; over different ones: the programme tree, then the ethnicity tree, which either side
 *     has at every level), pair the children that have both sides, and combine the pairs per side
 *     as the measure combines (a sum, or a union for overlapping parts: src/rules/additivity.ts).
 *     A child with one side only is left out, and named: a district's actuals without its plan, a
 *     quarter's money without that quarter's count;
 *   - parts over places on one side and over periods on the other share no tree to pair in: they
 *     pair at the cell, marked `uneven` where either is partial.
 * Two sides that share no cell give no ratio (the caller answers NO_DATA with the reason).
 */
import type { Decimal } from "decimal.js";
import type { PartsDimension } from "./additivity.ts";
import type { Qualified } from "./qualifier-algebra.ts";

export interface SideCell extends Qualified {
  derivation: string;
  partsDimension: string | null;
  /** Children that contributed, of those that could (0 of 0 for a reported cell). */
  covered?: number;
  total?: number;
}

/** A pair whose two sides cover their cell differently over places or periods. */
export interface Uneven {
  key: CellKey;
  numerator: string;
  denominator: string;
}

export interface CellKey {
  place: string;
  ethnicity: string;
  programme: string;
  /** The period (ISO dates, inclusive). */
  start: string;
  end: string;
}

export type Side = "NUMERATOR" | "DENOMINATOR";

export interface LeftOut {
  side: Side;
  key: CellKey;
}

export interface MatchSource {
  cell(side: Side, key: CellKey): SideCell | undefined;
  /** Children of the key in one tree: child places, sub-programmes, sub-groups, the periods inside a year. */
  children(dimension: PartsDimension, key: CellKey): CellKey[];
  /** How a side's parts combine over a dimension. */
  combine(side: Side, dimension: PartsDimension, parts: Qualified[]): Qualified;
  /**
   * Where given, every key's matching goes through it: a caller that matches again after reading
   * more cells returns what it kept for a key whose whole subtree was read, and walks only the rest.
   */
  memo?(key: CellKey, match: () => Matched): Matched;
}

export interface Matched {
  /** Both null when the two sides share no cell. */
  numerator: Qualified | null;
  denominator: Qualified | null;
  /** The cells paired (at the level each pair was found). */
  pairs: number;
  leftOut: LeftOut[];
  /** Pairs whose sides cover their cell differently (over places or periods). */
  uneven: Uneven[];
}

/** Trees either side has at every level: descended when the two sides are sums over different trees. */
const SHARED_TREES: readonly PartsDimension[] = ["PROGRAMME", "ETHNICITY"];
const PAIRED_AT_CELL: readonly string[] = ["PLACE", "PERIOD"];

/** The tree to pair two sides made of parts in (see the header), or null: pair at the cell. */
function descentOf(n: SideCell, d: SideCell): PartsDimension | null {
  if (n.partsDimension && n.partsDimension === d.partsDimension) return n.partsDimension as PartsDimension;
  return SHARED_TREES.find((dim) => n.partsDimension === dim || d.partsDimension === dim) ?? null;
}

/** How a side covers its cell, in words: "reported", "3 of 8 PLACE". */
function coverageOf(c: SideCell): string {
  if (c.derivation === "REPORTED") return "reported";
  return `${c.covered ?? 0} of ${c.total ?? 0} ${c.partsDimension ?? ""}`.trim();
}

/** Whether two sides paired at a cell cover it alike over places and periods (see the header). */
function coverAlike(n: SideCell, d: SideCell): boolean {
  const partial = (c: SideCell) =>
    c.derivation !== "REPORTED" && PAIRED_AT_CELL.includes(c.partsDimension ?? "") && (c.covered ?? 0) < (c.total ?? 0);
  if (!partial(n) && !partial(d)) return true;
  return coverageOf(n) === coverageOf(d);
}

function pairedAtCell(key: CellKey, n: SideCell, d: SideCell): Matched {
  return {
    numerator: n,
    denominator: d,
    pairs: 1,
    leftOut: [],
    uneven: coverAlike(n, d) ? [] : [{ key, numerator: coverageOf(n), denominator: coverageOf(d) }],
  };
}

export function matchSides(key: CellKey, source: MatchSource): Matched {
  return source.memo ? source.memo(key, () => matchAt(key, source)) : matchAt(key, source);
}

function matchAt(key: CellKey, source: MatchSource): Matched {
  const n = source.cell("NUMERATOR", key);
  const d = source.cell("DENOMINATOR", key);
  if (!n && !d) return { numerator: null, denominator: null, pairs: 0, leftOut: [], uneven: [] };
  if (!n || !d)
    return {
      numerator: null,
      denominator: null,
      pairs: 0,
      leftOut: [{ side: n ? "NUMERATOR" : "DENOMINATOR", key }],
      uneven: [],
    };
  const paired = pairedAtCell(key, n, d);
  if (n.derivation === "REPORTED" || d.derivation === "REPORTED") return paired;
  const dimension = descentOf(n, d);
  if (!dimension) return paired;
  const parts = source.children(dimension, key).map((child) => matchSides(child, source));
  const matched = parts.filter((p) => p.numerator !== null);
  const leftOut = parts.flatMap((p) => p.leftOut);
  const uneven = parts.flatMap((p) => p.uneven);
  if (matched.length === 0) return { numerator: null, denominator: null, pairs: 0, leftOut, uneven };
  return {
    numerator: source.combine(
      "NUMERATOR",
      dimension,
      matched.map((p) => p.numerator!),
    ),
    denominator: source.combine(
      "DENOMINATOR",
      dimension,
      matched.map((p) => p.denominator!),
    ),
    pairs: matched.reduce((s, p) => s + p.pairs, 0),
    leftOut,
    uneven,
  };
}

/** "uneven coverage at the cell itself: numerator 1 of 8 PLACE, denominator reported". */
export function describeUneven(row: CellKey, uneven: readonly Uneven[]): string | null {
  if (uneven.length === 0) return null;
  const shown = uneven
    .slice(0, 3)
    .map((u) => `${where(row, u.key)}: numerator ${u.numerator}, denominator ${u.denominator}`)
    .join("; ");
  return `uneven coverage at ${shown}${uneven.length > 3 ? ` and ${uneven.length - 3} more` : ""}`;
}

const where = (row: CellKey, k: CellKey) =>
  [
    k.place !== row.place ? k.place : null,
    k.programme !== row.programme ? k.programme : null,
    k.ethnicity !== row.ethnicity ? `ethnicity ${k.ethnicity}` : null,
    k.start !== row.start || k.end !== row.end ? `${k.start}..${k.end}` : null,
  ]
    .filter(Boolean)
    .join(" ") || "the cell itself";

/** "actuals without a plan at CREDIT; …": what a ratio left out, in words, relative to the row's cell. */
export function describeLeftOut(row: CellKey, leftOut: readonly LeftOut[], words: Record<Side, string>): string | null {
  if (leftOut.length === 0) return null;
  const bySide = (side: Side) => {
    const keys = leftOut.filter((l) => l.side === side).map((l) => where(row, l.key));
    if (keys.length === 0) return null;
    const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ` and ${keys.length - 5} more` : "");
    return `${words[side]} at ${shown}`;
  };
  return ["left out: " + [bySide("NUMERATOR"), bySide("DENOMINATOR")].filter(Boolean).join("; ")].join("");
}

/** How much of one side a ratio used: the matched sum, the side's whole value at the row, the cells left out. */
export interface SideCoverage {
  matched: Decimal;
  whole: Decimal | null;
  leftOutCells: number;
}

/**
 * The matched coverage of both sides (727 of 756 actuals, 1 cell left out; 700 of 700 planned):
 * what a reader needs to judge how much of each side the ratio stands on. Null without a ratio.
 */
export function matchedCoverage(
  m: Matched,
  whole: Record<Side, Qualified | null | undefined>,
): Record<"numerator" | "denominator", SideCoverage> | null {
  if (!m.numerator || !m.denominator) return null;
  const side = (s: Side, matched: Qualified): SideCoverage => ({
    matched: matched.value,
    whole: whole[s]?.value ?? null,
    leftOutCells: m.leftOut.filter((l) => l.side === s).length,
  });
  return { numerator: side("NUMERATOR", m.numerator), denominator: side("DENOMINATOR", m.denominator) };
}
