import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { listSeedDocuments } from "../../src/ingest/seed/documents.ts";

export const CSV_HEADER = [
  "source_key",
  "title",
  "publisher",
  "author",
  "published_at",
  "url",
  "key",
  "place",
  "ethnicity",
  "programme",
  "measure",
  "period",
  "kind",
  "text",
  "quote",
  "qualifier",
];

/** A seed document by its file-name prefix ("001"), deep-copied so that a test may change it. */
export function seedDocument(prefix: string): ImportDocument {
  const doc = listSeedDocuments().find((d) => d.document.fileName!.startsWith(prefix));
  if (!doc) throw new Error(`no seed document ${prefix}`);
  return structuredClone(doc);
}

/** A copy of a seed document under another sourceKey: a new document to the database. */
export function renamed(doc: ImportDocument, sourceKey: string): ImportDocument {
  const copy = structuredClone(doc);
  copy.document.sourceKey = sourceKey;
  return copy;
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A document in the CSV import format (header + one line per figure, "\n" line ends). */
export function toCsv(doc: ImportDocument): string {
  const d = doc.document;
  const lines = doc.figures.map((f) =>
    [
      d.sourceKey,
      d.title,
      d.publisher,
      d.author,
      d.publishedAt,
      d.url,
      f.key,
      f.place,
      f.ethnicity,
      f.programme,
      f.measure,
      f.period,
      f.kind,
      f.text,
      f.quote,
      f.qualifier,
    ]
      .map(cell)
      .join(","),
  );
  return [CSV_HEADER.join(","), ...lines].join("\n") + "\n";
}

const dir = mkdtempSync(join(tmpdir(), "ingest-test-"));
let n = 0;

export function tempFile(content: string | Uint8Array, ext = "csv"): string {
  const path = join(dir, `file-${process.pid}-${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
}

/**
 * Everything an import may write, as one comparable value: row counts and a digest of the rows of
 * document, figure, figure_audit and rollup_dirty. Equal before and after = nothing was written.
 */
export async function snapshot(db: Pick<pg.Pool, "query">): Promise<Record<string, string>> {
  const r = await db.query(`
    SELECT (SELECT count(*) FROM document)::text AS documents,
           (SELECT count(*) FROM figure)::text AS figures,
           (SELECT count(*) FROM figure_audit)::text AS audits,
           (SELECT count(*) FROM rollup_dirty)::text AS dirty,
           (SELECT coalesce(md5(string_agg(d::text, '|' ORDER BY id)), '') FROM document d) AS document_digest,
           (SELECT coalesce(md5(string_agg(f::text, '|' ORDER BY id)), '') FROM figure f) AS figure_digest,
           (SELECT coalesce(md5(string_agg(a::text, '|' ORDER BY id)), '') FROM figure_audit a) AS audit_digest,
           (SELECT coalesce(md5(string_agg(r::text, '|' ORDER BY measure_code, kind, period_start, period_end)), '') FROM rollup_dirty r) AS dirty_digest`);
  return r.rows[0];
}

export async function figureRow(db: Pick<pg.Pool, "query">, sourceKey: string, key: string) {
  const r = await db.query(
    `SELECT f.place_key, f.ethnicity_code, f.programme_code, f.measure_code, f.period_start::text, f.period_end::text, f.kind::text,
            f.value::text, f.qualifier::text, f.raw_text, f.quote, f.flags, f.flag_reason, f.suggested_value::text
       FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key = $1 AND f.figure_key = $2`,
    [sourceKey, key],
  );
  return r.rows[0] ?? null;
}
