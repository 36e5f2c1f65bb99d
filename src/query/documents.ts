/**
 * Reports: a paged list (by place, including the documents about the units under it; by
 * publication date; by words of the title, publisher or author) and one document with its
 * figures; and the audit trail of figures (who changed what, when, old → new).
 */
import type pg from "pg";
import { toAscii } from "../reference/text.ts";
import { cursorCodec } from "./cursor.ts";
import { badInput } from "./errors.ts";
import { nameCondition } from "./places.ts";
import { placeAndBelow } from "./availability.ts";
import type { ReferenceCache } from "./reference-cache.ts";
import { columns, DOCUMENT_COLUMNS, type DocumentRow } from "./rows.ts";

type Db = Pick<pg.Pool, "query">;

export const DEFAULT_DOCUMENT_PAGE = 20;
export const MAX_DOCUMENT_PAGE = 200;

export interface DocumentFilter {
  place?: string | null;
  /** "YYYY-MM-DD", inclusive. */
  publishedFrom?: string | null;
  publishedTo?: string | null;
  /** Words of the title, publisher, author or source key, with or without diacritics. */
  search?: string | null;
}

export interface DocumentPage {
  rows: DocumentRow[];
  hasNextPage: boolean;
  countTotal(): Promise<number>;
}

const documentCursor = cursorCodec("document:", /^\d{1,9}$/);
export const encodeDocumentCursor = (id: number) => documentCursor.encode(id);
const decodeDocumentCursor = (cursor: string) => Number(documentCursor.decode(cursor));

/** Documents in import order (id), keyset-paged. */
export async function findDocuments(
  db: Db,
  ref: ReferenceCache,
  filter: DocumentFilter,
  page: { first?: number | null; after?: string | null },
): Promise<DocumentPage> {
  const first = page.first ?? DEFAULT_DOCUMENT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_DOCUMENT_PAGE)
    throw badInput(`first must be between 0 and ${MAX_DOCUMENT_PAGE} (got ${first})`, { max: MAX_DOCUMENT_PAGE });
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.place)
    where.push(
      `EXISTS (SELECT 1 FROM figure f WHERE f.document_id = d.id AND f.place_key = ANY(${param(placeAndBelow(ref, filter.place))}::text[]))`,
    );
  for (const [field, op] of [
    ["publishedFrom", ">="],
    ["publishedTo", "<="],
  ] as const) {
    const day = filter[field];
    if (!day) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
      throw badInput(`${field} must be a date YYYY-MM-DD (got "${day}")`);
    where.push(`d.published_at ${op} ${param(day)}::date`);
  }
  if (filter.search) {
    const text = `lower(concat_ws(' ', d.title, d.publisher, d.author, d.source_key))`;
    const ascii = `translate(${text}, ${param(VIETNAMESE)}, ${param(ASCII)})`;
    const cond = nameCondition(ascii, filter.search, param);
    if (cond) where.push(cond);
  }
  const base = [...where];
  if (page.after) where.push(`d.id > ${param(decodeDocumentCursor(page.after))}`);
  const r = await db.query<DocumentRow>(
    `SELECT ${columns(DOCUMENT_COLUMNS, "d")} FROM document d ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.id LIMIT ${param(first + 1)}`,
    params,
  );
  const countParams = params.slice(0, paramsUsedBy(base, params.length));
  let total: Promise<number> | undefined;
  return {
    rows: r.rows.slice(0, first),
    hasNextPage: r.rows.length > first,
    countTotal() {
      total ??= db
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM document d ${base.length ? `WHERE ${base.join(" AND ")}` : ""}`,
          countParams,
        )
        .then((c) => c.rows[0].n);
      return total;
    },
  };
}

/** How many leading parameters the base conditions use (those added for paging come after them). */
function paramsUsedBy(conditions: string[], n: number): number {
  let used = 0;
  for (let i = 1; i <= n; i++) if (conditions.some((c) => new RegExp(`\\$${i}(?!\\d)`).test(c))) used = i;
  return used;
}

export async function documentBySourceKey(db: Db, sourceKey: string): Promise<DocumentRow | null> {
  const r = await db.query<DocumentRow>(`SELECT ${columns(DOCUMENT_COLUMNS)} FROM document WHERE source_key = $1`, [
    sourceKey,
  ]);
  return r.rows[0] ?? null;
}

// Vietnamese letters and their lower-case ASCII base (as toAscii gives it), for diacritic-free search in SQL.
const LOWER = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ";
const VIETNAMESE = LOWER + LOWER.toUpperCase();
const ASCII = [...VIETNAMESE].map(toAscii).join("");

export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: "INSERT" | "UPDATE" | "DELETE";
  old: Record<string, unknown> | null;
  next: Record<string, unknown> | null;
}

/** The audit trail of figures, by (document id, figure key), oldest first. */
export async function auditTrails(
  db: Db,
  keys: readonly { documentId: number; figureKey: string }[],
): Promise<AuditEntry[][]> {
  const r = await db.query(
    `SELECT a.id::text, a.document_id, a.figure_key, a.at, a.actor, a.action::text, a.old_value, a.new_value
       FROM figure_audit a JOIN unnest($1::int[], $2::text[]) AS k(document_id, figure_key)
         ON a.document_id = k.document_id AND a.figure_key = k.figure_key
      ORDER BY a.at, a.id`,
    [keys.map((k) => k.documentId), keys.map((k) => k.figureKey)],
  );
  const byKey = new Map<string, AuditEntry[]>();
  for (const x of r.rows) {
    const k = `${x.document_id}|${x.figure_key}`;
    const entry: AuditEntry = {
      id: x.id,
      at: x.at,
      actor: x.actor,
      action: x.action,
      old: x.old_value,
      next: x.new_value,
    };
    const list = byKey.get(k);
    if (list) list.push(entry);
    else byKey.set(k, [entry]);
  }
  return keys.map((k) => byKey.get(`${k.documentId}|${k.figureKey}`) ?? []);
}
