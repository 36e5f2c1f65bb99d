import type pg from "pg";
import type { MeasureRow, Unit } from "../../reference/measures.ts";
import type { PlaceGroupDef } from "../../reference/place-groups.ts";
import { loadPlaceIndex, type PlaceIndex } from "../../reference/place-ref.ts";

/** The reference data an import checks against, read from the database (the source of truth). */
export interface ImportReference {
  places: PlaceIndex;
  ethnicities: Set<string>;
  programmes: Set<string>;
  measures: Map<string, MeasureRow>;
  /** Place groups by code: a document may declare a group again only as it stands. */
  groups: Map<string, PlaceGroupDef>;
}

export async function loadImportReference(db: Pick<pg.Pool, "query">): Promise<ImportReference> {
  const [places, ethnicities, programmes, measures, groups] = await Promise.all([
    loadPlaceIndex(db),
    db.query<{ code: string }>(`SELECT code FROM ethnicity`),
    db.query<{ code: string }>(`SELECT code FROM programme`),
    db.query(`SELECT code, name, name_en, unit, aggregation::text AS aggregation, numerator_code, denominator_code,
                     min_value::text AS min_value, max_value::text AS max_value, flow,
                     adds_over_programmes, applies_to, occasion_of FROM measure`),
    db.query<PlaceGroupDef>(`SELECT g.code, g.name, g.description, g.source, g.valid_from::text AS "validFrom",
                                    g.valid_to::text AS "validTo", g.within_key AS "withinKey",
                                    coalesce(array_agg(m.place_key) FILTER (WHERE m.place_key IS NOT NULL), '{}') AS members
                               FROM place_group g LEFT JOIN place_group_member m ON m.group_code = g.code GROUP BY g.code`),
  ]);
  return {
    places,
    ethnicities: new Set(ethnicities.rows.map((r) => r.code)),
    programmes: new Set(programmes.rows.map((r) => r.code)),
    measures: new Map(
      measures.rows.map((r) => [
        r.code,
        {
          code: r.code,
          name: r.name,
          nameEn: r.name_en,
          unit: r.unit as Unit,
          aggregation: r.aggregation,
          numeratorCode: r.numerator_code,
          denominatorCode: r.denominator_code,
          minValue: r.min_value,
          maxValue: r.max_value,
          flow: r.flow,
          addsOverProgrammes: r.adds_over_programmes,
          appliesTo: r.applies_to,
          occasionOf: r.occasion_of,
        } satisfies MeasureRow,
      ]),
    ),
    groups: new Map(groups.rows.map((g) => [g.code, g])),
  };
}
