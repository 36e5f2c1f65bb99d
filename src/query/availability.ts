/**
 * What data there is: counts of figures, the measures and periods they cover, broken down by
 * place (optionally rolled up to a level: "which provinces reported anything in 2022" counts a
 * district's figures for its province), measure, programme, period, kind and document. One statement.
 *
 * Broken down by measure, period or document (the planner page asks `by: [MEASURE]`), it takes two
 * steps, so that a million figures take no sort: the figures are first counted per cell of
 * measure, period and document, read in that order from an index-only scan of
 * figure_measure_code_period_start_period_end_document_id_idx (unflagged figures), then the cells (a
 * few per document) are summed into the rows and only they are sorted for the DISTINCT lists. By
 * place, programme or kind the cells would be nearly as many as the figures (measured slower), so
 * each figure is its own cell there.
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

/** The figure columns each dimension groups by. */
const COLUMN: Record<AvailabilityDimension, string[]> = {
  PLACE: ["place_key"],
  MEASURE: ["measure_code"],
  PROGRAMME: ["programme_code"],
  PERIOD: ["period_start", "period_end"],
  KIND: ["kind"],
  DOCUMENT: ["document_id"],
};
/** What the counts and lists of a row need of each figure besides its group, in the index's order. */
const COUNTED = ["measure_code", "period_start", "period_end", "document_id"];
/** The breakdowns whose cells are few (a handful per document) and come from the index. */
const CELLS_FIRST: AvailabilityDimension[] = ["MEASURE", "PERIOD", "DOCUMENT"];

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
  const r = await db.query(availabilitySql(dims, where, filter.level ? param(filter.level) : null), params);
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

/**
 * The statement: `where` filters figures (alias `f`); `levelParam` (a placeholder) rolls each place
 * up to its unit of that level, as reported (the units of the time), leaving out places above it.
 */
function availabilitySql(dims: AvailabilityDimension[], where: string[], levelParam: string | null): string {
  const cellCols = [...dims.flatMap((d) => COLUMN[d]).filter((col) => !COUNTED.includes(col)), ...COUNTED];
  const cellsFirst = dims.every((d) => CELLS_FIRST.includes(d));
  const placeCol = levelParam ? "grp.key" : "c.place_key";
  const groupCols = dims.flatMap((d) => (d === "PLACE" ? [placeCol] : COLUMN[d].map((col) => `c.${col}`)));
  const has = (d: AvailabilityDimension, expr: string) => (dims.includes(d) ? expr : "NULL");
  const grouping = levelParam
    ? `, up(origin, key) AS (
          SELECT DISTINCT place_key, place_key FROM figure
          UNION SELECT up.origin, e.parent_key FROM up JOIN place_edge e ON e.child_key = up.key AND e.boundary = 'AS_REPORTED'),
        grp AS (SELECT up.origin, up.key FROM up JOIN place p ON p.key = up.key AND p.level::text = ${levelParam})`
    : "";
  return `WITH RECURSIVE cell AS (
        SELECT ${cellCols.map((col) => `f.${col}`).join(", ")}${cellsFirst ? ", count(*) AS n" : ""}
          FROM figure f
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ${cellsFirst ? `GROUP BY ${cellCols.map((col) => `f.${col}`).join(", ")}` : ""})${grouping}
      SELECT ${has("PLACE", placeCol)} AS place_key, ${has("MEASURE", "c.measure_code")} AS measure,
             ${has("PROGRAMME", "c.programme_code")} AS programme,
             ${has("PERIOD", "c.period_start::text")} AS period_start, ${has("PERIOD", "c.period_end::text")} AS period_end,
             ${has("KIND", "c.kind::text")} AS kind, ${has("DOCUMENT", "c.document_id")} AS document_id,
             ${cellsFirst ? "sum(c.n)" : "count(*)"}::int AS figures, count(DISTINCT c.document_id)::int AS documents,
             array_agg(DISTINCT c.measure_code ORDER BY c.measure_code) AS measures,
             array_agg(DISTINCT c.period_start::text || '/' || c.period_end::text) AS periods
        FROM cell c ${levelParam ? "JOIN grp ON grp.origin = c.place_key" : ""}
       GROUP BY ${groupCols.join(", ")}
       ORDER BY ${groupCols.join(", ")}
       LIMIT ${MAX_AVAILABILITY_ROWS + 1}`;
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
