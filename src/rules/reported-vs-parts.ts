/**
 * Reported total beats sum of parts, over three trees at once (place, programme, ethnicity).
 *
 * The value of a cell (place P, ethnicity E, programme G) of one measure, kind and period is:
 *   1. the figure(s) reported directly for (P, E, G)                      → REPORTED
 *   2. else the sum over P's child places of their values (recursively)   → SUM_OF_PARTS, PLACE
 *   3. else the sum over G's child programmes at P                        → SUM_OF_PARTS, PROGRAMME
 *      or, for a measure that does not add over programmes, their union   → BOUNDED_BY_PARTS, PROGRAMME
 *      (at least the largest part, at most the sum: src/rules/additivity.ts)
 *   4. else the sum over E's child groups at P and G                      → SUM_OF_PARTS, ETHNICITY
 *      (AT_LEAST that sum when some groups did not report: a DTTS figure is a part of ALL, not
 *      its total; src/rules/additivity.ts `withUnreportedGroups`)
 *   5. else, for a flow's calendar year, the sum of the non-overlapping periods inside it
 *      (src/rules/calendar-year.ts; coverage in months)                     → SUM_OF_PARTS, PERIOD
 *   6. else no value.
 * Each step sums the children of ONE tree, and children partition their parent, so a total is
 * never added to its own parts. Coverage says how many children contributed out of how many exist
 * (for places, the units valid during the period; every predecessor under the CURRENT boundary).
 *
 * Several figures for the same exact cell: the latest document wins (a later report supersedes an
 * earlier one); figures of that one document for the same cell are distinct parts (e.g. houses
 * built by two organisations) and are summed.
 *
 * This is the reference implementation; src/rollup/engine-sql.ts computes the same cells in SQL for
 * whole slices, and test/query/rollup-vs-facts.test.ts holds the two to the same answers.
 */
import { combinationOf, combine, withUnreportedGroups, type Additivity, type PartsDimension } from "./additivity.ts";
import { disjoint, monthsTouched, type PeriodSpan } from "./calendar-year.ts";
import { qualified, sumQualified, type Qualified, type Qualifier } from "./qualifier-algebra.ts";
import type { Decimal } from "decimal.js";
import { addTo } from "./lists.ts";

export type Derivation = "REPORTED" | "SUM_OF_PARTS" | "BOUNDED_BY_PARTS";
export type { PartsDimension };

export interface FactInput {
  id: string;
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  value: Decimal;
  qualifier: Qualifier;
  /** Higher wins when two documents report the same cell (publication date, then document id). */
  documentRank: string;
  documentId: number;
}

export interface Cell extends Qualified {
  derivation: Derivation;
  partsDimension: PartsDimension | null;
  coveredChildren: number;
  totalChildren: number;
  figureIds: string[];
}

export interface Trees {
  placeChildren(placeKey: string): string[];
  /** How many children exist for coverage (may differ from placeChildren when validity applies). */
  placeChildCount(placeKey: string): number;
  programmeChildren(code: string): string[];
  programmeChildCount(code: string): number;
  ethnicityChildren(code: string): string[];
  ethnicityChildCount(code: string): number;
}

const cellKey = (p: string, e: string, g: string) => `${p}\u0000${e}\u0000${g}`;

/**
 * The directly reported cells after the "latest document wins" rule. Figures of a non-additive
 * measure (a rate) are never summed: of one document's figures for one cell the last one stands.
 */
export function directCells(facts: readonly FactInput[], additive: boolean): Map<string, Cell> {
  const byCell = new Map<string, FactInput[]>();
  for (const f of facts) {
    addTo(byCell, cellKey(f.placeKey, f.ethnicityCode, f.programmeCode), f);
  }
  const cells = new Map<string, Cell>();
  for (const [k, fs] of byCell) {
    const best = fs.reduce((a, b) => (compareRank(b, a) > 0 ? b : a));
    const sameDocument = fs
      .filter((f) => f.documentId === best.documentId)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    const chosen = additive ? sameDocument : sameDocument.slice(-1);
    cells.set(k, {
      ...sumQualified(chosen.map((f) => qualified(f.value, f.qualifier))),
      derivation: "REPORTED",
      partsDimension: null,
      coveredChildren: 0,
      totalChildren: 0,
      figureIds: chosen.map((f) => f.id),
    });
  }
  return cells;
}

function compareRank(a: FactInput, b: FactInput): number {
  if (a.documentRank !== b.documentRank) return a.documentRank < b.documentRank ? -1 : 1;
  return a.documentId - b.documentId;
}

/** A period inside this resolver's calendar year, with its own resolver. */
export interface SubPeriod {
  span: PeriodSpan;
  resolver: CellResolver;
}

/** Resolves cells on demand, memoised; one instance per measure × kind × period. */
export class CellResolver {
  private readonly memo = new Map<string, Cell | null>();

  constructor(
    private readonly direct: Map<string, Cell>,
    private readonly trees: Trees,
    private readonly subPeriods: SubPeriod[] = [],
    private readonly measure: Additivity = { addsOverProgrammes: true },
  ) {}

  resolve(placeKey: string, ethnicityCode: string, programmeCode: string): Cell | null {
    const k = cellKey(placeKey, ethnicityCode, programmeCode);
    if (this.memo.has(k)) return this.memo.get(k)!;
    const cell =
      this.direct.get(k) ??
      this.parts(
        "PLACE",
        this.trees.placeChildren(placeKey).map((c) => this.resolve(c, ethnicityCode, programmeCode)),
        this.trees.placeChildCount(placeKey),
      ) ??
      this.parts(
        "PROGRAMME",
        this.trees.programmeChildren(programmeCode).map((c) => this.resolve(placeKey, ethnicityCode, c)),
        this.trees.programmeChildCount(programmeCode),
      ) ??
      this.parts(
        "ETHNICITY",
        this.trees.ethnicityChildren(ethnicityCode).map((c) => this.resolve(placeKey, c, programmeCode)),
        this.trees.ethnicityChildCount(ethnicityCode),
      ) ??
      this.calendarYear(placeKey, ethnicityCode, programmeCode) ??
      null;
    this.memo.set(k, cell);
    return cell;
  }

  private calendarYear(placeKey: string, ethnicityCode: string, programmeCode: string): Cell | null {
    const present = this.subPeriods
      .map((s) => ({ span: s.span, cell: s.resolver.resolve(placeKey, ethnicityCode, programmeCode) }))
      .filter((x) => x.cell !== null);
    if (present.length === 0 || !disjoint(present.map((x) => x.span))) return null;
    const cell = this.parts(
      "PERIOD",
      present.map((x) => x.cell),
      12,
    )!;
    return { ...cell, coveredChildren: present.reduce((n, x) => n + monthsTouched(x.span), 0) };
  }

  private parts(dimension: PartsDimension, children: (Cell | null)[], total: number): Cell | null {
    const present = children.filter((c): c is Cell => c !== null);
    if (present.length === 0) return null;
    const combination = combinationOf(this.measure, dimension);
    return {
      ...withUnreportedGroups(dimension, combine(combination, present), present.length, total),
      derivation: combination === "UNION" && present.length > 1 ? "BOUNDED_BY_PARTS" : "SUM_OF_PARTS",
      partsDimension: dimension,
      coveredChildren: present.length,
      totalChildren: total,
      figureIds: present.flatMap((c) => c.figureIds),
    };
  }
}
