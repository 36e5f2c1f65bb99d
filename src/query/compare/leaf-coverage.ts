import type pg from "pg";
import { leafCoverage, type LeafCount, type LeafTree } from "../../rules/leaf-coverage.ts";
import { aggregatedFigureSql } from "../../rules/value-type.ts";
import type { FigureKind } from "../../shared/slices.ts";
import type { BoundaryName, ReferenceCache } from "../reference-cache.ts";
import { isUnder } from "./compare.ts";

/** What a row's leaf coverage is counted over: its measure and kind, as the comparison asked. */
export interface LeafScope {
  measure: string;
  kind: FigureKind;
  boundary: BoundaryName;
  includeFlagged: boolean;
}

export interface LeafCoverageData extends LeafCount {
  dimension: "PLACE" | "ETHNICITY";
}

/** Where figures of one measure and kind stand: place, group, programme, period. */
interface Position {
  place: string;
  ethnicity: string;
  programme: string;
  start: string;
  end: string;
}

/**
 * The positions of the figures a scope counts (the same figures every cell is made of: aggregated
 * levels, flagged ones only when asked), read once per scope. One definition for both sources: a
 * figure that reaches a leaf is the same whether the cells come from the rollup or the facts.
 */
export async function figurePositions(db: Pick<pg.Pool, "query">, scope: LeafScope): Promise<Position[]> {
  const r = await db.query(
    `SELECT DISTINCT place_key AS place, ethnicity_code AS ethnicity, programme_code AS programme,
            period_start::text AS start, period_end::text AS "end"
       FROM figure f
      WHERE measure_code = $1 AND kind = $2::"FigureKind" AND ${aggregatedFigureSql("f")}
        AND ($3 OR NOT 'IMPLAUSIBLE' = ANY(coalesce(f.flags, '{}')))`,
    [scope.measure, scope.kind, scope.includeFlagged],
  );
  return r.rows;
}

export interface LeafRow {
  placeKey: string;
  ethnicity: string;
  programme: string;
  periodStart: string | null;
  periodEnd: string | null;
}

/**
 * Leaf coverage of one row (src/rules/leaf-coverage.ts) over places and over ethnic groups, from
 * the figures of the row's programme subtree and period (a flow's calendar year: its periods too).
 */
export function leafCoverageOfRow(
  ref: ReferenceCache,
  scope: LeafScope,
  flow: boolean,
  positions: readonly Position[],
  row: LeafRow,
): LeafCoverageData[] {
  const { periodStart: ps, periodEnd: pe } = row;
  if (ps === null || pe === null) return [];
  const yearRow = flow && ps.endsWith("-01-01") && pe === `${ps.slice(0, 4)}-12-31`;
  const placeParent = (k: string) => ref.placeParent[scope.boundary].get(k);
  const ethnicityParent = (k: string) => ref.ethnicityParent.get(k) ?? undefined;
  const programmeParent = (k: string) => ref.programmeParent.get(k) ?? undefined;
  const inPeriod = (p: Position) => (p.start === ps && p.end === pe) || (yearRow && ps <= p.start && p.end <= pe);
  const mine = positions.filter((p) => inPeriod(p) && isUnder(p.programme, row.programme, programmeParent));
  const places = new Set(mine.filter((p) => isUnder(p.ethnicity, row.ethnicity, ethnicityParent)).map((p) => p.place));
  const groups = new Set(mine.filter((p) => isUnder(p.place, row.placeKey, placeParent)).map((p) => p.ethnicity));
  const placeTree: LeafTree = {
    children: (k) =>
      (ref.placeChildren[scope.boundary].get(k) ?? []).filter((c) => {
        const p = ref.places.get(c)!;
        return p.validFrom <= pe && (p.validTo === null || p.validTo >= ps);
      }),
    parent: placeParent,
    levelOf: (k) => ref.places.get(k)?.level ?? "PLACE",
  };
  const groupTree: LeafTree = {
    children: (k) => ref.ethnicityChildren.get(k) ?? [],
    parent: ethnicityParent,
    levelOf: () => "GROUP",
  };
  return [
    ...leafCoverage(placeTree, row.placeKey, places).map((c) => ({ ...c, dimension: "PLACE" as const })),
    ...leafCoverage(groupTree, row.ethnicity, groups).map((c) => ({ ...c, dimension: "ETHNICITY" as const })),
  ];
}
