/**
 * What data there is: counts of figures, the measures and periods they cover, broken down by
 * place (optionally rolled up to a level: "which provinces reported anything in 2022" counts a
 * district's figures for its province), measure, programme, period, kind and document. One statement.
 */
import type pg from "pg";
import { boundaryOf } from "../rules/crosswalk.ts";
import { formatPeriod, parsePeriod, PeriodParseError } from "../rules/period.ts";
import { resolvePlaceRef } from "../reference/place-ref.ts";
import { badInput, notFound } from "./errors.ts";
import { IMPLAUSIBLE } from "./figures.ts";
import type { ReferenceCache } from "./reference-cache.ts";

export type AvailabilityDimension = "PLACE" | "MEASURE" | "PROGRAMME" | "PERIOD" | "KIND" | "DOCUMENT";

export interface AvailabilityFilter {
  /** With `by: PLACE`: count each figure for its unit of this level (figures above it are left out). */
  level?: string | null;
  /** A place and everything under it. */
  place?: string | null;
  measures?: string[] | null;
  programme?: string | null;
  /** Figures whose period lies within this one. */
  period?: string | null;
  kind?: string | null;
  /** A document's sourceKey. */
  document?: string | null;
  includeFlagged?: boolean | null;
}

export interface AvailabilityRow {
  placeKey: string | null;
  measure: string | null;
  programme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  kind: string | null;
  documentId: number | null;
  figures: number;
  documents: number;
  measures: string[];
  /** Period labels, in order. */
  periods: string[];
}

export const MAX_AVAILABILITY_ROWS = 5000;

const COLUMN: Record<AvailabilityDimension, string[]> = {
  PLACE: [],
  MEASURE: ["f.measure_code"],
  PROGRAMME: ["f.programme_code"],
  PERIOD: ["f.period_start", "f.period_end"],
  KIND: ["f.kind"],
  DOCUMENT: ["f.document_id"],
};

export async function dataAvailability(
  db: Pick<pg.Pool, "query">,
  ref: ReferenceCache,
  filter: AvailabilityFilter,
  by: AvailabilityDimension[],
): Promise<AvailabilityRow[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.place) where.push(`f.place_key = ANY(${param(placeAndBelow(ref, filter.place))}::text[])`);
  if (filter.measures?.length) {
    const unknown = filter.measures.filter((m) => !ref.measures.has(m));
    if (unknown.length) throw badInput(`unknown measure ${unknown.map((m) => `"${m}"`).join(", ")}`, { unknown });
    where.push(`f.measure_code = ANY(${param(filter.measures)}::text[])`);
  }
  if (filter.programme) {
    if (!ref.programmeParent.has(filter.programme)) throw badInput(`unknown programme "${filter.programme}"`);
    where.push(
      `f.programme_code = ANY(${param(subtree(filter.programme, (c) => ref.programmeChildren.get(c) ?? []))}::text[])`,
    );
  }
  if (filter.period) {
    const p = period(filter.period);
    where.push(`f.period_start >= ${param(p.start)}::date AND f.period_end <= ${param(p.end)}::date`);
  }
  if (filter.kind) where.push(`f.kind::text = ${param(filter.kind)}`);
  if (filter.document)
    where.push(`f.document_id = (SELECT id FROM document WHERE source_key = ${param(filter.document)})`);
  if (!filter.includeFlagged) where.push(`NOT (${param(IMPLAUSIBLE)} = ANY(f.flags))`);
  const dims = [...new Set(by)];
  if (dims.length === 0)
    throw badInput("`by` needs at least one dimension: PLACE, MEASURE, PROGRAMME, PERIOD, KIND or DOCUMENT");
  if (filter.level && !dims.includes("PLACE"))
    throw badInput("`filter.level` counts figures for the places of that level: add PLACE to `by`");
  // Each figure's place, or its ancestor of the level asked for (as reported: the units of the time).
  const grouping = filter.level
    ? `JOIN (WITH RECURSIVE up(origin, key) AS (
          SELECT DISTINCT place_key, place_key FROM figure
          UNION SELECT up.origin, e.parent_key FROM up JOIN place_edge e ON e.child_key = up.key AND e.boundary = 'AS_REPORTED')
        SELECT up.origin, up.key FROM up JOIN place p ON p.key = up.key AND p.level::text = ${param(filter.level)}) grp ON grp.origin = f.place_key`
    : "";
  const placeCol = filter.level ? "grp.key" : "f.place_key";
  const groupCols = dims.flatMap((d) => (d === "PLACE" ? [placeCol] : COLUMN[d]));
  const r = await db.query(
    `SELECT ${dims.includes("PLACE") ? placeCol : "NULL"} AS place_key, ${dims.includes("MEASURE") ? "f.measure_code" : "NULL"} AS measure,
            ${dims.includes("PROGRAMME") ? "f.programme_code" : "NULL"} AS programme,
            ${dims.includes("PERIOD") ? "f.period_start::text" : "NULL"} AS period_start, ${dims.includes("PERIOD") ? "f.period_end::text" : "NULL"} AS period_end,
            ${dims.includes("KIND") ? "f.kind::text" : "NULL"} AS kind, ${dims.includes("DOCUMENT") ? "f.document_id" : "NULL"} AS document_id,
            count(*)::int AS figures, count(DISTINCT f.document_id)::int AS documents,
            array_agg(DISTINCT f.measure_code ORDER BY f.measure_code) AS measures,
            array_agg(DISTINCT f.period_start::text || '/' || f.period_end::text) AS periods
       FROM figure f ${grouping}
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      GROUP BY ${groupCols.join(", ")}
      ORDER BY ${groupCols.join(", ")}
      LIMIT ${MAX_AVAILABILITY_ROWS + 1}`,
    params,
  );
  if (r.rows.length > MAX_AVAILABILITY_ROWS) {
    throw badInput(
      `more than ${MAX_AVAILABILITY_ROWS} rows: narrow the filter (a place, a period, a level) or break down by fewer dimensions`,
    );
  }
  return r.rows.map((x) => ({
    placeKey: x.place_key,
    measure: x.measure,
    programme: x.programme,
    periodStart: x.period_start,
    periodEnd: x.period_end,
    kind: x.kind,
    documentId: x.document_id,
    figures: x.figures,
    documents: x.documents,
    measures: x.measures,
    periods: (x.periods as string[]).sort().map((p) => {
      const [s, e] = p.split("/");
      return formatPeriod(s, e);
    }),
  }));
}

/** A place and every unit under it, in the tree that holds its children. */
export function placeAndBelow(ref: ReferenceCache, text: string): string[] {
  const found = resolvePlaceRef(ref.placeIndex, text, null);
  if (!found.ok)
    throw found.notFound
      ? notFound(found.reason, { place: text })
      : badInput(found.reason, { place: text, candidates: found.candidates });
  const tree = ref.placeChildren[boundaryOf(found.place, "AS_REPORTED")];
  return subtree(found.place.key, (k) => tree.get(k) ?? []);
}

function subtree(root: string, children: (k: string) => string[]): string[] {
  const seen = new Set([root]);
  const out = [root];
  for (let i = 0; i < out.length; i++)
    for (const c of children(out[i]))
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
  return out;
}

function period(text: string): { start: string; end: string } {
  try {
    return parsePeriod(text);
  } catch (e) {
    if (e instanceof PeriodParseError) throw badInput(`bad period "${text}": ${e.reason}`, { period: text });
    throw e;
  }
}
