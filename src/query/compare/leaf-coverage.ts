import type pg from "pg";
import { leafCoverage, type LeafCount, type LeafTree } from "../../rules/leaf-coverage.ts";
import { aggregatedFigureSql } from "../../rules/value-type.ts";
import type { FigureKind } from "../../shared/slices.ts";
import type { BoundaryName, ReferenceCache } from "../reference-cache.ts";
import { isUnder } from "./compare.ts";

/** What a row's leaf coverage is counted over: its measure and kind, as the comparison asked, and where its cells came from. */
export interface LeafScope {
  measure: string;
  kind: FigureKind;
  boundary: BoundaryName;
  includeFlagged: boolean;
  source: "ROLLUP" | "FACTS";
}

export interface LeafCoverageData extends LeafCount {
  dimension: "PLACE" | "ETHNICITY";
}

/** Where a cell of one measure and kind is reported directly: place, group, programme, period. */
export interface LeafPosition {
  place: string;
  ethnicity: string;
  programme: string;
  start: string;
  end: string;
}

/**
 * Where the cells a scope counts are reported directly: place, group, programme, period. Each
 * source gives its own (the rollup its REPORTED cells, as the SQL engine computed them; the facts
 * path the figures the reference rules would make direct cells of), so the same rule over the same
 * positions gives both sources' leaf coverage, and the equivalence test compares them.
 */
async function reportedPositions(db: Pick<pg.Pool, "query">, scope: LeafScope): Promise<LeafPosition[]> {
  const r =
    scope.source === "ROLLUP"
      ? await db.query({
          name: "leaf-positions-rollup",
          text: `SELECT DISTINCT place_key AS place, ethnicity_code AS ethnicity, programme_code AS programme,
                    period_start::text AS start, period_end::text AS "end"
               FROM rollup
              WHERE boundary = ANY(enum_range(NULL::"Boundary")) AND measure_code = $1 AND kind = $2::"FigureKind"
                AND derivation = 'REPORTED'`,
          values: [scope.measure, scope.kind],
        })
      : await db.query(
          `SELECT DISTINCT place_key AS place, ethnicity_code AS ethnicity, programme_code AS programme,
                  period_start::text AS start, period_end::text AS "end"
             FROM figure f
            WHERE measure_code = $1 AND kind = $2::"FigureKind" AND ${aggregatedFigureSql("f")}
              AND ($3 OR NOT 'IMPLAUSIBLE' = ANY(coalesce(f.flags, '{}')))`,
          [scope.measure, scope.kind, scope.includeFlagged],
        );
  return r.rows;
}

/** Positions read once per scope and caller (a request): `memo` is the caller's. */
export type LeafMemo = Map<string, Promise<LeafPosition[]>>;

/**
 * A comparison row's leaf coverage (empty when it has none: no period, or a measure that is not a
 * level, whose figures under the row are not its parts).
 */
export async function leafCoverageOf(
  db: Pick<pg.Pool, "query">,
  ref: ReferenceCache,
  row: LeafRow & { leafScope?: LeafScope },
  memo: LeafMemo,
): Promise<LeafCoverageData[]> {
  const scope = row.leafScope;
  if (!scope || row.periodStart === null) return [];
  const measure = ref.measures.get(scope.measure);
  if (measure?.aggregation !== "SUM") return [];
  const key = JSON.stringify([scope.measure, scope.kind, scope.includeFlagged, scope.source]);
  if (!memo.has(key)) memo.set(key, reportedPositions(db, scope));
  return leafCoverageOfRow(ref, scope, measure.flow, await memo.get(key)!, row);
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
  positions: readonly LeafPosition[],
  row: LeafRow,
): LeafCoverageData[] {
  const { periodStart: ps, periodEnd: pe } = row;
  if (ps === null || pe === null) return [];
  const yearRow = flow && ps.endsWith("-01-01") && pe === `${ps.slice(0, 4)}-12-31`;
  const placeParent = (k: string) => ref.placeParent[scope.boundary].get(k);
  const ethnicityParent = (k: string) => ref.ethnicityParent.get(k) ?? undefined;
  const programmeParent = (k: string) => ref.programmeParent.get(k) ?? undefined;
  const inPeriod = (p: LeafPosition) => (p.start === ps && p.end === pe) || (yearRow && ps <= p.start && p.end <= pe);
  const mine = positions.filter((p) => inPeriod(p) && isUnder(p.programme, row.programme, programmeParent));
  const places = new Set(mine.filter((p) => isUnder(p.ethnicity, row.ethnicity, ethnicityParent)).map((p) => p.place));
  const groups = new Set(mine.filter((p) => isUnder(p.place, row.placeKey, placeParent)).map((p) => p.ethnicity));
  const placeTree: LeafTree = {
    children: (k) => ref.placeChildrenDuring(scope.boundary, k, ps, pe),
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
