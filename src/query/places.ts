import type pg from "pg";
import { toAscii } from "../reference/text.ts";
import { badInput } from "./errors.ts";
import { columns, PLACE_COLUMNS, type PlaceRecord } from "./rows.ts";

type Db = Pick<pg.Pool, "query">;

export interface PlaceSearch {
  level?: string | null;
  /** A key or an official code (every unit with that code). */
  parentCode?: string | null;
  /** With or without diacritics; a substring, or every word the start of a word of the name. */
  name?: string | null;
  /** "YYYY-MM-DD": only units valid on that day. */
  asOf?: string | null;
}

/** Places matching every given criterion, by level, then code, then validity. */
export async function searchPlaces(db: Db, search: PlaceSearch): Promise<PlaceRecord[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const where: string[] = [];
  if (search.level) where.push(`p.level::text = ${param(search.level)}`);
  if (search.parentCode?.trim()) {
    const ref = param(search.parentCode.trim().toUpperCase());
    where.push(`p.parent_key IN (SELECT key FROM place WHERE upper(key) = ${ref} OR upper(code) = ${ref})`);
  }
  const name = nameCondition("p.name_ascii", search.name, param);
  if (name) where.push(name);
  if (search.asOf) where.push(validOn("p", param(search.asOf)));
  const r = await db.query<PlaceRecord>(
    `SELECT ${columns(PLACE_COLUMNS, "p")} FROM place p ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY p.level, p.code, p.valid_from`,
    params,
  );
  return r.rows;
}

/** SQL: the unit with alias `alias` is valid on the day in parameter `day`. */
export function validOn(alias: string, day: string): string {
  return `${alias}.valid_from <= ${day}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${day}::date)`;
}

/** The longest place name is under 40 characters; a search may add a province's name. */
export const MAX_NAME_SEARCH = 100;

/**
 * SQL matching a name typed with or without diacritics against an ascii name column: a substring
 * ("thong"), or each typed word the start of consecutive words ("Bac Thong" → "bach thong").
 * Null when the text has nothing to match.
 */
export function nameCondition(column: string, text: string | null | undefined, param: (v: unknown) => string): string | null {
  const q = toAscii(text ?? "").replace(/\s+/g, " ").trim();
  if (!q) return null;
  // A long text makes a regular expression PostgreSQL works on until the statement timeout.
  if (q.length > MAX_NAME_SEARCH) throw badInput(`a name search of ${q.length} characters; at most ${MAX_NAME_SEARCH}`);
  const words = q.split(" ").map(escapeRegex);
  const wordStarts = `(^|[^a-z0-9])${words.join("[a-z0-9]*[^a-z0-9]+")}`;
  return `(strpos(${column}, ${param(q)}) > 0 OR ${column} ~ ${param(wordStarts)})`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
