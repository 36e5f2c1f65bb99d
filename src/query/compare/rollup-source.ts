import { Decimal } from "decimal.js";
import type pg from "pg";
import type { CellData, CellQuery, CellSource } from "./types.ts";

/**
 * Cells read from the pre-aggregated rollup table. Its primary key (boundary, measure, kind, place,
 * …) serves this lookup: every condition on a key column compares the column as it is (no cast),
 * or the index could only filter, not seek.
 */
export class RollupSource implements CellSource {
  readonly name = "ROLLUP" as const;
  constructor(private readonly db: Pick<pg.Pool, "query">) {}

  async cells(q: CellQuery): Promise<CellData[]> {
    const r = await this.db.query(
      `SELECT place_key, ethnicity_code, programme_code, measure_code, kind::text, period_start::text, period_end::text,
              value::text, lower::text, upper::text, qualifier::text, derivation::text, parts_dimension,
              covered_children, total_children, figure_ids::text[] AS figure_ids, flagged_excluded, computed_at
         FROM rollup
        WHERE boundary = $1 AND measure_code = ANY($2) AND kind = ANY($3::"FigureKind"[]) AND place_key = ANY($4)
          AND ethnicity_code = ANY($5) AND programme_code = ANY($6)
          AND ($7::date IS NULL OR (period_start >= $7::date AND period_end <= $8::date))`,
      [
        q.boundary,
        q.measures,
        q.kinds,
        q.places,
        q.ethnicities,
        q.programmes,
        q.range?.start ?? null,
        q.range?.end ?? null,
      ],
    );
    return r.rows.map((x) => ({
      placeKey: x.place_key,
      ethnicity: x.ethnicity_code,
      programme: x.programme_code,
      measure: x.measure_code,
      kind: x.kind,
      periodStart: x.period_start,
      periodEnd: x.period_end,
      value: new Decimal(x.value),
      lower: x.lower === null ? null : new Decimal(x.lower),
      upper: x.upper === null ? null : new Decimal(x.upper),
      qualifier: x.qualifier,
      derivation: x.derivation,
      partsDimension: x.parts_dimension,
      covered: x.covered_children,
      total: x.total_children,
      figureIds: x.figure_ids,
      flaggedExcluded: x.flagged_excluded,
      computedAt: x.computed_at,
    }));
  }
}
