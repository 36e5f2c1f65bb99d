/**
 * What data there is: counts of figures, the measures and periods they cover, broken down by
 * place (optionally rolled up to a level: "which provinces reported anything in 2022" counts a
 * district's figures for its province), measure, programme, period, kind and document. One statement.
 *
 * Most questions read the availability tables instead of the figures (see Source): their rows are
 * a tenth to a fifth of the figures at a million, and they answer exactly as the figures would
 * (figures, distinct documents, measures, periods; flagged figures; the period and place filters).
 * Breakdowns that mix place with measure, programme or kind read the figures. There, broken down by
 * measure, period or document it takes two steps, so that a million figures take no sort: the
 * figures are first counted per cell of measure, period and document, read in that order from an
 * index-only scan of figure_measure_code_period_start_period_end_document_id_idx (unflagged
 * figures), then the cells (a few per document) are summed into the rows and only they are sorted
 * for the DISTINCT lists. Otherwise each figure is its own cell.
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

/**
 * Where the counts are read from. availability_place and availability_programme (kept by figure's
 * triggers, migration 20261202020000_availability_cells) hold the figure counts per cell of what
 * they can group and filter by: place, document, period (with the measures as counts per code);
 * programme, kind, measure, document, period. Any other combination reads the figures.
 */
type Source = "figure" | "availability_place" | "availability_programme";
/** The filters that narrow by a figure column (level and includeFlagged aside). */
type Narrowing = "place" | "measures" | "programme" | "period" | "kind" | "document";
const SOURCE_COVERS: Record<Exclude<Source, "figure">, { dims: AvailabilityDimension[]; narrowing: Narrowing[] }> = {
  availability_programme: {
    dims: ["MEASURE", "PROGRAMME", "PERIOD", "KIND", "DOCUMENT"],
    narrowing: ["measures", "programme", "period", "kind", "document"],
  },
  availability_place: { dims: ["PLACE", "PERIOD", "DOCUMENT"], narrowing: ["place", "period", "document"] },
};

/** "cells": the availability tables where they answer; "figures": always the figure table (to check them). */
export type AvailabilityRead = "cells" | "figures";

export async function dataAvailability(
  db: Pick<pg.Pool, "query">,
  ref: ReferenceCache,
  filter: AvailabilityFilter,
  by: AvailabilityDimension[],
  read: AvailabilityRead = "cells",
): Promise<AvailabilityRow[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const narrowing: Narrowing[] = [];
  const narrow = (what: Narrowing, condition: string) => {
    narrowing.push(what);
    where.push(condition);
  };
  if (filter.place) narrow("place", `f.place_key = ANY(${param(placeAndBelow(ref, filter.place))}::text[])`);
  if (filter.measures?.length) {
    const unknown = filter.measures.filter((m) => !ref.measures.has(m));
    if (unknown.length) throw badInput(`unknown measure ${unknown.map((m) => `"${m}"`).join(", ")}`, { unknown });
    narrow("measures", `f.measure_code = ANY(${param(filter.measures)}::text[])`);
  }
  if (filter.programme) {
    if (!ref.programmeParent.has(filter.programme)) throw badInput(`unknown programme "${filter.programme}"`);
    const programmes = subtree(filter.programme, (c) => ref.programmeChildren.get(c) ?? []);
    narrow("programme", `f.programme_code = ANY(${param(programmes)}::text[])`);
  }
  if (filter.period) {
    const p = period(filter.period);
    narrow("period", `f.period_start >= ${param(p.start)}::date AND f.period_end <= ${param(p.end)}::date`);
  }
  if (filter.kind) narrow("kind", `f.kind::text = ${param(filter.kind)}`);
  if (filter.document)
    narrow("document", `f.document_id = (SELECT id FROM document WHERE source_key = ${param(filter.document)})`);
  const dims = [...new Set(by)];
  if (dims.length === 0)
    throw badInput("`by` needs at least one dimension: PLACE, MEASURE, PROGRAMME, PERIOD, KIND or DOCUMENT");
  if (filter.level && !dims.includes("PLACE"))
    throw badInput("`filter.level` counts figures for the places of that level: add PLACE to `by`");
  const source = read === "figures" ? "figure" : sourceFor(dims, narrowing);
  if (!filter.includeFlagged)
    where.push(source === "figure" ? `NOT (${param(IMPLAUSIBLE)} = ANY(f.flags))` : "f.unflagged");
  const levelParam = filter.level ? param(filter.level) : null;
  const sql =
    source === "availability_place"
      ? placeCellsSql(dims, where, levelParam)
      : availabilitySql(dims, where, levelParam, source);
  const r = await db.query(sql, params);
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

/** The smallest source that holds every dimension and filter asked for. */
function sourceFor(dims: AvailabilityDimension[], narrowing: Narrowing[]): Source {
  for (const source of ["availability_programme", "availability_place"] as const) {
    const covers = SOURCE_COVERS[source];
    if (dims.every((d) => covers.dims.includes(d)) && narrowing.every((n) => covers.narrowing.includes(n)))
      return source;
  }
  return "figure";
}

/** The rows' group columns and the place roll-up to `levelParam`'s level over the places of `origins`. */
function grouping(dims: AvailabilityDimension[], levelParam: string | null, origins: string) {
  const placeCol = levelParam ? "grp.key" : "c.place_key";
  const groupCols = dims.flatMap((d) => (d === "PLACE" ? [placeCol] : COLUMN[d].map((col) => `c.${col}`)));
  const has = (d: AvailabilityDimension, expr: string) => (dims.includes(d) ? expr : "NULL");
  const ctes = levelParam
    ? `, up(origin, key) AS (
          SELECT DISTINCT place_key, place_key FROM ${origins}
          UNION SELECT up.origin, e.parent_key FROM up JOIN place_edge e ON e.child_key = up.key AND e.boundary = 'AS_REPORTED'),
        grp AS (SELECT up.origin, up.key FROM up JOIN place p ON p.key = up.key AND p.level::text = ${levelParam})`
    : "";
  const groupSelect = `${has("PLACE", placeCol)} AS place_key, ${has("MEASURE", "c.measure_code")} AS measure,
             ${has("PROGRAMME", "c.programme_code")} AS programme,
             ${has("PERIOD", "c.period_start::text")} AS period_start, ${has("PERIOD", "c.period_end::text")} AS period_end,
             ${has("KIND", "c.kind::text")} AS kind, ${has("DOCUMENT", "c.document_id")} AS document_id`;
  const join = levelParam ? "JOIN grp ON grp.origin = c.place_key" : "";
  return { groupCols, ctes, groupSelect, join };
}

/**
 * The statement over figures or availability_programme: `where` filters the source (alias `f`);
 * `levelParam` (a placeholder) rolls each place up to its unit of that level, as reported (the units
 * of the time), leaving out places above it.
 */
function availabilitySql(
  dims: AvailabilityDimension[],
  where: string[],
  levelParam: string | null,
  source: Exclude<Source, "availability_place">,
): string {
  const cellCols = [...dims.flatMap((d) => COLUMN[d]).filter((col) => !COUNTED.includes(col)), ...COUNTED];
  const counted = source === "availability_programme" ? "f.figures" : "count(*)";
  const cellsFirst = source === "availability_programme" || dims.every((d) => CELLS_FIRST.includes(d));
  const g = grouping(dims, levelParam, "figure");
  return `WITH RECURSIVE cell AS (
        SELECT ${cellCols.map((col) => `f.${col}`).join(", ")}${cellsFirst ? `, ${counted} AS n` : ""}
          FROM ${source} f
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ${cellsFirst && source === "figure" ? `GROUP BY ${cellCols.map((col) => `f.${col}`).join(", ")}` : ""})${g.ctes}
      SELECT ${g.groupSelect},
             ${cellsFirst ? "sum(c.n)" : "count(*)"}::int AS figures, count(DISTINCT c.document_id)::int AS documents,
             array_agg(DISTINCT c.measure_code ORDER BY c.measure_code) AS measures,
             array_agg(DISTINCT c.period_start::text || '/' || c.period_end::text) AS periods
        FROM cell c ${g.join}
       GROUP BY ${g.groupCols.join(", ")}
       ORDER BY ${g.groupCols.join(", ")}
       LIMIT ${MAX_AVAILABILITY_ROWS + 1}`;
}

/** The statement over availability_place: its measures are the keys of each cell's count map. */
function placeCellsSql(dims: AvailabilityDimension[], where: string[], levelParam: string | null): string {
  const g = grouping(dims, levelParam, "cell");
  return `WITH RECURSIVE cell AS (
        SELECT f.place_key, f.document_id, f.period_start, f.period_end, f.figures, f.measures
          FROM availability_place f
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""})${g.ctes}
      SELECT ${g.groupSelect},
             sum(c.figures)::int AS figures, count(DISTINCT c.document_id)::int AS documents,
             (SELECT array_agg(DISTINCT m ORDER BY m) FROM jsonb_array_elements(jsonb_agg(c.measures)) e, jsonb_object_keys(e) m) AS measures,
             array_agg(DISTINCT c.period_start::text || '/' || c.period_end::text) AS periods
        FROM cell c ${g.join}
       GROUP BY ${g.groupCols.join(", ")}
       ORDER BY ${g.groupCols.join(", ")}
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
