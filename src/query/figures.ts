/**
 * The `figures` listing: reported facts filtered by place, measure, programme, ethnicity, period,
 * kind and flags, paged by id (keyset: stable while figures are added).
 */
import type pg from "pg";
import { parsePeriod } from "../rules/period.ts";
import { cursorCodec } from "./cursor.ts";
import { badInput } from "./errors.ts";
import { figuresAsOfSql } from "./figures-as-of.ts";
import { nameCondition } from "./places.ts";
import { columns, FIGURE_COLUMNS, type FigureRow } from "./rows.ts";

type Db = Pick<pg.Pool, "query">;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const IMPLAUSIBLE = "IMPLAUSIBLE";

export interface FigureFilter {
  /** Keys or official codes (every unit that held the code). An empty list does not filter. */
  placeCodes?: string[] | null;
  placeName?: string | null;
  measureCodes?: string[] | null;
  programmeCodes?: string[] | null;
  ethnicity?: string | null;
  /** A period string (src/rules/period.ts): figures whose period lies within it. */
  period?: string | null;
  kind?: string | null;
  includeFlagged?: boolean | null;
  /** Adds descendant places (AS_REPORTED tree) and descendant programmes. */
  includeDescendants?: boolean | null;
  /** The figures as they stood at that moment (src/query/figures-as-of.ts). */
  asOf?: Date | null;
  /** Only the figures of this document (its sourceKey). */
  document?: string | null;
}

export interface FigurePage {
  rows: FigureRow[];
  hasNextPage: boolean;
  /** The number of figures matching the filter (all pages); one more query, so only on demand. */
  countTotal(): Promise<number>;
}

const figureCursor = cursorCodec("figure:", /^-?\d{1,19}$/);
export const encodeCursor = (id: string) => figureCursor.encode(id);
export const decodeCursor = (cursor: string) => figureCursor.decode(cursor);

export async function findFigures(
  db: Db,
  filter: FigureFilter,
  page: { first?: number | null; after?: string | null },
): Promise<FigurePage> {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE} (got ${first})`, { max: MAX_PAGE_SIZE });
  }
  const afterId = page.after ? decodeCursor(page.after) : null;
  await checkCodes(db, filter);
  const base = buildFilter(filter);
  const params = [...base.params];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [...base.where];
  if (afterId) where.push(`f.id > ${param(afterId)}::bigint`);
  const r = await db.query<FigureRow>(
    `${base.with} SELECT ${columns(FIGURE_COLUMNS, "f")} FROM ${base.relation} f
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY f.id LIMIT ${param(first + 1)}`,
    params,
  );
  let total: Promise<number> | undefined;
  return {
    rows: r.rows.slice(0, first),
    hasNextPage: r.rows.length > first,
    countTotal() {
      total ??= db
        .query<{ n: string }>(
          `${base.with} SELECT count(*)::text AS n FROM ${base.relation} f ${base.where.length ? `WHERE ${base.where.join(" AND ")}` : ""}`,
          base.params,
        )
        .then((c) => Number(c.rows[0].n));
      return total;
    },
  };
}

interface SqlFilter {
  with: string;
  /** `figure`, or the figures as of a moment. */
  relation: string;
  where: string[];
  params: unknown[];
}

function buildFilter(filter: FigureFilter): SqlFilter {
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
  const where: string[] = [];
  const descend = filter.includeDescendants === true;
  const relation = filter.asOf ? `(${figuresAsOfSql(`${param(filter.asOf)}`)})` : "figure";

  const placeCodes = nonEmpty(filter.placeCodes)?.map((c) => c.trim().toUpperCase());
  const placeName = nameCondition("name_ascii", filter.placeName, param);
  if (placeCodes || placeName) {
    const conditions: string[] = [];
    if (placeCodes) {
      const codes = param(placeCodes);
      conditions.push(`(upper(key) = ANY(${codes}::text[]) OR upper(code) = ANY(${codes}::text[]))`);
    }
    if (placeName) conditions.push(placeName);
    ctes.push(`fig_place_root AS (SELECT key FROM place WHERE ${conditions.join(" AND ")})`);
    ctes.push(
      descend
        ? `fig_place AS (SELECT key FROM fig_place_root
           UNION SELECT e.child_key FROM place_edge e JOIN fig_place d ON e.parent_key = d.key WHERE e.boundary = 'AS_REPORTED')`
        : `fig_place AS (SELECT key FROM fig_place_root)`,
    );
    where.push(`f.place_key IN (SELECT key FROM fig_place)`);
  }

  const programmes = nonEmpty(filter.programmeCodes);
  if (programmes) {
    const codes = param(programmes);
    if (descend) {
      ctes.push(`fig_programme AS (SELECT code FROM programme WHERE code = ANY(${codes}::text[])
        UNION SELECT p.code FROM programme p JOIN fig_programme d ON p.parent_code = d.code)`);
      where.push(`f.programme_code IN (SELECT code FROM fig_programme)`);
    } else {
      where.push(`f.programme_code = ANY(${codes}::text[])`);
    }
  }

  const measures = nonEmpty(filter.measureCodes);
  if (measures) where.push(`f.measure_code = ANY(${param(measures)}::text[])`);
  if (filter.ethnicity) where.push(`f.ethnicity_code = ${param(filter.ethnicity)}`);
  if (filter.kind) where.push(`f.kind::text = ${param(filter.kind)}`);
  if (filter.period) {
    const period = parsePeriod(filter.period);
    where.push(`f.period_start >= ${param(period.start)}::date AND f.period_end <= ${param(period.end)}::date`);
  }
  if (filter.document)
    where.push(`f.document_id = (SELECT id FROM document WHERE source_key = ${param(filter.document)})`);
  if (!filter.includeFlagged) where.push(`NOT (${param(IMPLAUSIBLE)} = ANY(f.flags))`);
  return { with: ctes.length ? `WITH RECURSIVE ${ctes.join(", ")}` : "", relation, where, params };
}

/** Unknown codes are the caller's mistake, not an empty answer: one query checks them all. */
async function checkCodes(db: Db, filter: FigureFilter): Promise<void> {
  const lists: [what: string, codes: string[] | undefined, sql: string][] = [
    [
      "place",
      nonEmpty(filter.placeCodes)?.map((c) => c.trim()),
      `EXISTS (SELECT 1 FROM place WHERE upper(key) = upper(c) OR upper(code) = upper(c))`,
    ],
    ["measure", nonEmpty(filter.measureCodes), `EXISTS (SELECT 1 FROM measure WHERE code = c)`],
    ["programme", nonEmpty(filter.programmeCodes), `EXISTS (SELECT 1 FROM programme WHERE code = c)`],
    ["ethnicity", filter.ethnicity ? [filter.ethnicity] : undefined, `EXISTS (SELECT 1 FROM ethnicity WHERE code = c)`],
  ];
  const present = lists.filter(([, codes]) => codes);
  if (!present.length) return;
  const params: unknown[] = [];
  const parts = present.map(([what, codes, exists]) => {
    params.push(codes);
    return `SELECT '${what}' AS what, c FROM unnest($${params.length}::text[]) AS c WHERE NOT ${exists}`;
  });
  const r = await db.query<{ what: string; c: string }>(parts.join(" UNION ALL "), params);
  if (r.rows.length) {
    const unknown = r.rows.map((row) => `${row.what} "${row.c}"`).join(", ");
    throw badInput(`unknown ${unknown}`, { unknown: r.rows.map((row) => ({ kind: row.what, code: row.c })) });
  }
}

function nonEmpty(list: string[] | null | undefined): string[] | undefined {
  return list && list.length ? list : undefined;
}

/** One figure by id (null when there is none). */
export async function figureById(db: Db, id: string): Promise<FigureRow | null> {
  if (!/^\d{1,19}$/.test(id)) throw badInput(`"${id}" is not a figure id`);
  const r = await db.query<FigureRow>(`SELECT ${columns(FIGURE_COLUMNS)} FROM figure WHERE id = $1::bigint`, [id]);
  return r.rows[0] ?? null;
}
