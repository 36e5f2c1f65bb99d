/**
 * What data there is: counts of figures, the measures and periods they cover, broken down by
 * place (optionally rolled up to a level: "which provinces reported anything in 2022" counts a
 * district's figures for its province), measure, programme, period, kind and document. One statement.
 *
 * Most questions read the availability tables instead of the figures (see Source): their rows are
 * a tenth to a fifth of the figures at a million, and they answer exactly as the figures would
 * (figures, distinct documents, measures, periods; flagged figures; the period and place filters).
 * Breakdowns that mix place with measure, programme or kind, or place with a programme or kind
 * filter, read the figures (filtered by programme or kind: from figure_availability_kind_programme_idx
 * alone, migration 20261205600000_availability_programme_place_index). There, broken down by
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
import { FIGURE_KINDS } from "../shared/slices.ts";
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
 * they can group and filter by: place, document, period (with the measures as counts per code and
 * as a bit string, migration 20261203600000_availability_measure_masks; by or filtered by measure
 * only when the filter names the measures and the places roll up to a level, see sourceFor);
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
  availability_place: {
    dims: ["PLACE", "MEASURE", "PERIOD", "DOCUMENT"],
    narrowing: ["place", "measures", "period", "document"],
  },
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
  let measuresParam: string | null = null;
  if (filter.measures?.length) {
    const unknown = filter.measures.filter((m) => !ref.measures.has(m));
    if (unknown.length) throw badInput(`unknown measure ${unknown.map((m) => `"${m}"`).join(", ")}`, { unknown });
    measuresParam = param(filter.measures);
    narrow("measures", `f.measure_code = ANY(${measuresParam}::text[])`);
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
  // as kinds (none for an unknown one), not text: figure_availability_kind_programme_idx's first column
  if (filter.kind)
    narrow("kind", `f.kind = ANY(${param(FIGURE_KINDS.filter((k) => k === filter.kind))}::"FigureKind"[])`);
  if (filter.document)
    narrow("document", `f.document_id = (SELECT id FROM document WHERE source_key = ${param(filter.document)})`);
  const dims = [...new Set(by)];
  if (dims.length === 0)
    throw badInput("`by` needs at least one dimension: PLACE, MEASURE, PROGRAMME, PERIOD, KIND or DOCUMENT");
  if (filter.level && !dims.includes("PLACE"))
    throw badInput("`filter.level` counts figures for the places of that level: add PLACE to `by`");
  const source = read === "figures" ? "figure" : sourceFor(dims, narrowing, Boolean(filter.level));
  if (!filter.includeFlagged)
    where.push(source === "figure" ? `NOT (${param(IMPLAUSIBLE)} = ANY(f.flags))` : "f.unflagged");
  // every kind: a programme filter alone then descends figure_availability_kind_programme_idx per
  // kind and programme instead of reading all of it
  if (source === "figure" && read === "cells" && filter.programme && !filter.kind)
    where.push(`f.kind = ANY(${param(FIGURE_KINDS)}::"FigureKind"[])`);
  const units = () => (filter.level ? levelParams(ref, filter.level, param) : null);
  const sql =
    source === "availability_place"
      ? placeCellsSql(dims, where, units(), measuresParam)
      : availabilitySql(dims, where, rollUpTo(filter.level, read, units, param), source);
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
function sourceFor(dims: AvailabilityDimension[], narrowing: Narrowing[], rolledUp: boolean): Source {
  for (const source of ["availability_programme", "availability_place"] as const) {
    const covers = SOURCE_COVERS[source];
    // availability_place's cells taken apart per measure are some 450,000 at a million figures: only
    // those of the measures asked for, and only rolled up to a level (else the figures' index on
    // measure is quicker)
    if (source === "availability_place" && (dims.includes("MEASURE") || narrowing.includes("measures")))
      if (!rolledUp || !narrowing.includes("measures")) continue;
    if (dims.every((d) => covers.dims.includes(d)) && narrowing.every((n) => covers.narrowing.includes(n)))
      return source;
  }
  return "figure";
}

/**
 * A roll-up of the figures' places to a level: `edges` (a placeholder holding the level) walks
 * place_edge in the statement, as reported, the check the availability tables are compared with;
 * `units` joins the pairs unitsAt found in the same tree.
 */
type RollUp = { edges: string } | { units: LevelParams };

/** The figures of the check walk place_edge themselves; the others join unitsAt's pairs. */
function rollUpTo(
  level: string | null | undefined,
  read: AvailabilityRead,
  units: () => LevelParams | null,
  param: (v: unknown) => string,
): RollUp | null {
  if (!level) return null;
  return read === "figures" ? { edges: param(level) } : { units: units()! };
}

/** The rows' group columns and the roll-up of the figures' places up the edges of `rollUp`, as in place_edge. */
function grouping(dims: AvailabilityDimension[], rollUp: RollUp | null) {
  const edges = rollUp && "edges" in rollUp ? rollUp.edges : null;
  const placeCol = edges ? "grp.key" : "c.place_key";
  const groupCols = dims.flatMap((d) => (d === "PLACE" ? [placeCol] : COLUMN[d].map((col) => `c.${col}`)));
  const has = (d: AvailabilityDimension, expr: string) => (dims.includes(d) ? expr : "NULL");
  const ctes = edges
    ? `, up(origin, key) AS (
          SELECT DISTINCT place_key, place_key FROM figure
          UNION SELECT up.origin, e.parent_key FROM up JOIN place_edge e ON e.child_key = up.key AND e.boundary = 'AS_REPORTED'),
        grp AS (SELECT up.origin, up.key FROM up JOIN place p ON p.key = up.key AND p.level::text = ${edges})`
    : "";
  const groupSelect = `${has("PLACE", placeCol)} AS place_key, ${has("MEASURE", "c.measure_code")} AS measure,
             ${has("PROGRAMME", "c.programme_code")} AS programme,
             ${has("PERIOD", "c.period_start::text")} AS period_start, ${has("PERIOD", "c.period_end::text")} AS period_end,
             ${has("KIND", "c.kind::text")} AS kind, ${has("DOCUMENT", "c.document_id")} AS document_id`;
  const join = edges ? "JOIN grp ON grp.origin = c.place_key" : "";
  return { groupCols, ctes, groupSelect, join };
}

/**
 * The statement over figures or availability_programme: `where` filters the source (alias `f`);
 * `rollUp` rolls each place up to its unit of a level, as reported (the units of the time), leaving
 * out places above it. Rolled up through unitsAt's pairs, the figures are counted per cell of unit,
 * measure, period and document first (a province's figures fall into a few cells per document).
 */
function availabilitySql(
  dims: AvailabilityDimension[],
  where: string[],
  rollUp: RollUp | null,
  source: Exclude<Source, "availability_place">,
): string {
  const cellCols = [...dims.flatMap((d) => COLUMN[d]).filter((col) => !COUNTED.includes(col)), ...COUNTED];
  const counted = source === "availability_programme" ? "f.figures" : "count(*)";
  const units = rollUp && "units" in rollUp ? rollUp.units : null;
  const cellsFirst = source === "availability_programme" || dims.every((d) => CELLS_FIRST.includes(d));
  const cellExprs = cellCols.map((col) => (col === "place_key" && units ? "u.unit" : `f.${col}`));
  const g = grouping(dims, rollUp);
  return `WITH RECURSIVE cell AS (
        SELECT ${cellExprs.map((e, i) => `${e} AS ${cellCols[i]}`).join(", ")}${cellsFirst ? `, ${counted} AS n` : ""}
          FROM ${source} f
          ${units ? `JOIN unnest(${units.origins}::text[], ${units.units}::text[]) AS u(origin, unit) ON u.origin = f.place_key` : ""}
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ${cellsFirst && source === "figure" ? `GROUP BY ${cellExprs.join(", ")}` : ""})${g.ctes}
      SELECT ${g.groupSelect},
             ${cellsFirst ? "sum(c.n)" : "count(*)"}::int AS figures, count(DISTINCT c.document_id)::int AS documents,
             array_agg(DISTINCT c.measure_code ORDER BY c.measure_code) AS measures,
             array_agg(DISTINCT c.period_start::text || '/' || c.period_end::text) AS periods
        FROM cell c ${g.join}
       GROUP BY ${g.groupCols.join(", ")}
       ORDER BY ${g.groupCols.join(", ")}
       LIMIT ${MAX_AVAILABILITY_ROWS + 1}`;
}

/** The two placeholders of a level's roll-up: every place that has an ancestor of that level (itself included), and that ancestor. */
type LevelParams = { origins: string; units: string };

/**
 * The statement over availability_place, in two steps. The cells are first summed per row
 * answered, document and period: every province's cells over all periods (about 100,000) fall into
 * a few thousand. The rows are counted from those. A row's measures are its cells' bit strings of
 * codes or'ed together, decoded for the rows answered (migration
 * 20261203600000_availability_measure_masks): no count map taken apart. Broken down or filtered by
 * measure (`measures`: the filter's placeholder), the cells holding one of those measures are taken
 * apart into one per measure, with that measure's count. `level` rolls each place up to its unit
 * of that level (see unitsAt).
 */
function placeCellsSql(
  dims: AvailabilityDimension[],
  where: string[],
  level: LevelParams | null,
  measures: string | null,
): string {
  const groups = dims.flatMap((d) =>
    COLUMN[d].map((col) => ({ col, expr: d === "PLACE" && level ? "u.unit" : `f.${col}` })),
  );
  const from = measures
    ? `(SELECT a.*, m.measure_code, m.n::int AS counted
          FROM availability_place a, jsonb_each_text(a.measures) AS m(measure_code, n)
         WHERE a.measures ?| ${measures}::text[]) f`
    : "availability_place f CROSS JOIN (SELECT 64 * (max(bit) / 64 + 1) AS n FROM availability_measure_bit) w";
  // strings written before more codes were numbered are shorter: padded to the longest
  const mask = `bit_or(CASE WHEN length(f.measure_mask) = w.n THEN f.measure_mask
                            ELSE f.measure_mask || repeat('0', w.n - length(f.measure_mask))::bit varying END)`;
  // document first: the primary key's order, so that the cells need sorting only within each document
  const keys = [
    { col: "document_id", expr: "f.document_id" },
    ...groups.filter((g) => g.col !== "document_id"),
    ...["period_start", "period_end"]
      .filter((col) => !groups.some((g) => g.col === col))
      .map((col) => ({ col, expr: `f.${col}` })),
  ];
  const cells = `SELECT ${keys.map((k) => `${k.expr} AS ${k.col}`).join(", ")},
             ${measures ? `${groups.some((g) => g.col === "measure_code") ? "" : "f.measure_code, "}sum(f.counted)` : `${mask} AS mask, sum(f.figures)`} AS n
        FROM ${from}
        ${level ? `JOIN unnest(${level.origins}::text[], ${level.units}::text[]) AS u(origin, unit) ON u.origin = f.place_key` : ""}
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY ${keys.map((k) => k.expr).join(", ")}${measures ? ", f.measure_code" : ""}`;
  const groupCols = groups.map((g) => `c.${g.col}`).join(", ");
  const has = (d: AvailabilityDimension, expr: string) => (dims.includes(d) ? expr : "NULL");
  return `WITH cell AS (${cells})
      SELECT ${has("PLACE", "c.place_key")} AS place_key, ${has("MEASURE", "c.measure_code")} AS measure,
             NULL AS programme,
             ${has("PERIOD", "c.period_start::text")} AS period_start, ${has("PERIOD", "c.period_end::text")} AS period_end,
             NULL AS kind, ${has("DOCUMENT", "c.document_id")} AS document_id,
             sum(c.n)::int AS figures, count(DISTINCT c.document_id)::int AS documents,
             ${
               measures
                 ? "array_agg(DISTINCT c.measure_code ORDER BY c.measure_code)"
                 : "ARRAY(SELECT b.code FROM availability_measure_bit b WHERE get_bit(bit_or(c.mask), b.bit) = 1 ORDER BY b.code)"
             } AS measures,
             array_agg(DISTINCT c.period_start::text || '/' || c.period_end::text) AS periods
        FROM cell c
       GROUP BY ${groupCols}
       ORDER BY ${groupCols}
       LIMIT ${MAX_AVAILABILITY_ROWS + 1}`;
}

/**
 * Every place with an ancestor of `level` in the tree as reported (itself included), and that
 * ancestor, as the statement over the figures finds them in place_edge. Kept per load of the
 * reference tables (a reload replaces the maps: the key).
 */
const unitsByLevel = new WeakMap<Map<string, string>, Map<string, { origins: string[]; units: string[] }>>();
function unitsAt(ref: ReferenceCache, level: string): { origins: string[]; units: string[] } {
  const known = unitsByLevel.get(ref.placeParent.AS_REPORTED) ?? new Map();
  unitsByLevel.set(ref.placeParent.AS_REPORTED, known);
  let pairs = known.get(level);
  if (!pairs) {
    pairs = { origins: [], units: [] };
    for (const origin of ref.places.keys())
      for (let k: string | undefined = origin; k; k = ref.placeParent.AS_REPORTED.get(k))
        if (ref.places.get(k)?.level === level) {
          pairs.origins.push(origin);
          pairs.units.push(k);
          break;
        }
    known.set(level, pairs);
  }
  return pairs;
}

function levelParams(ref: ReferenceCache, level: string, param: (v: unknown) => string): LevelParams {
  const { origins, units } = unitsAt(ref, level);
  return { origins: param(origins), units: param(units) };
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
