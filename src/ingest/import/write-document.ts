/**
 * Stores a validated document in one transaction: upsert by sourceKey, then a diff of its figures
 * by key (insert / update / delete / ignore), every change audited old → new, the touched rollup
 * slices marked dirty. Imports of the same sourceKey serialise on an advisory lock.
 */
import { Decimal } from "decimal.js";
import type pg from "pg";
import { markDirty } from "../../shared/mark-dirty.ts";
import { uniqueSlices, type FigureKind, type Slice } from "../../shared/slices.ts";
import type { Qualifier } from "../parse/vn-number.ts";
import type { DocumentRecord } from "../../shared/document.ts";
import { insertPlaceGroup, type PlaceGroupDef } from "../../reference/place-groups.ts";
import { lockImportReferenceVersion } from "./reference-cache.ts";
import {
  auditJson,
  changedFields,
  contentHash,
  DOCUMENT_FIELDS,
  sliceOf,
  type FigureRecord,
  type NotRecordedRecord,
} from "./records.ts";
import type { ImportStatus } from "./summary.ts";

export const WRITE_BATCH = 1000;

export interface WriteOptions {
  actor: string;
  /** Run everything, then roll back: the result says what the import would do. */
  dryRun?: boolean;
  /** Figures written so far (inserted + updated + deleted), after each batch. */
  onProgress?: (done: number, total: number) => void;
  /** The figures the report states that could not be recorded: replace the document's list. */
  notRecorded?: NotRecordedRecord[];
  /** New place groups the document declares (validated): written before its figures. */
  placeGroups?: PlaceGroupDef[];
}

export interface WriteResult {
  status: Exclude<ImportStatus, "ERROR">;
  /** Null only for a dry run of a new document. */
  documentId: number | null;
  version: number;
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  touched: Slice[];
}

interface StoredFigure extends FigureRecord {
  id: string;
}

type Audit = {
  key: string;
  action: "INSERT" | "UPDATE" | "DELETE";
  old: FigureRecord | null;
  next: FigureRecord | null;
};

export async function writeDocument(
  pool: pg.Pool,
  doc: DocumentRecord,
  figures: FigureRecord[],
  opts: WriteOptions,
): Promise<WriteResult> {
  const hash = contentHash(doc, figures, opts.notRecorded ?? []);
  const client = await pool.connect();
  try {
    // Not inTransaction: a dry run ends in ROLLBACK, having written and checked everything.
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [doc.sourceKey]);
    if (opts.placeGroups?.length) await lockImportReferenceVersion(client);
    for (const g of opts.placeGroups ?? []) await insertPlaceGroup(client, g, opts.actor);
    const result = await writeLocked(client, doc, figures, hash, opts);
    await markDirty(client, result.touched);
    await client.query(opts.dryRun ? "ROLLBACK" : "COMMIT");
    return opts.dryRun && result.status === "CREATED" ? { ...result, documentId: null } : result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

async function writeLocked(
  client: pg.PoolClient,
  doc: DocumentRecord,
  figures: FigureRecord[],
  hash: string,
  opts: WriteOptions,
): Promise<WriteResult> {
  const existing = (
    await client.query(
      `SELECT id, version, content_hash, title, publisher, author, published_at::text AS published_at, url, file_name
       FROM document WHERE source_key = $1 FOR UPDATE`,
      [doc.sourceKey],
    )
  ).rows[0];

  if (!existing) {
    const id = (
      await client.query(
        `INSERT INTO document (source_key, title, publisher, author, published_at, url, file_name, content_hash, version, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9) RETURNING id`,
        [doc.sourceKey, doc.title, doc.publisher, doc.author, doc.publishedAt, doc.url, doc.fileName, hash, opts.actor],
      )
    ).rows[0].id as number;
    const progress = counter(figures.length, opts.onProgress);
    await insertFigures(client, id, figures, progress);
    await replaceNotRecorded(client, id, opts.notRecorded ?? []);
    await writeAudits(
      client,
      id,
      opts.actor,
      figures.map((f) => ({ key: f.key, action: "INSERT", old: null, next: f })),
    );
    return {
      status: "CREATED",
      documentId: id,
      version: 1,
      imported: figures.length,
      updated: 0,
      deleted: 0,
      ignored: 0,
      touched: uniqueSlices(figures.map(sliceOf)),
    };
  }

  const documentId = existing.id as number;
  if (existing.content_hash === hash) {
    return {
      status: "UNCHANGED",
      documentId,
      version: existing.version,
      imported: 0,
      updated: 0,
      deleted: 0,
      ignored: figures.length,
      touched: [],
    };
  }

  const stored = await readFigures(client, documentId);
  const inserts: FigureRecord[] = [];
  const updates: { old: FigureRecord; next: FigureRecord }[] = [];
  let ignored = 0;
  const incoming = new Set<string>();
  for (const f of figures) {
    incoming.add(f.key);
    const old = stored.get(f.key);
    if (!old) inserts.push(f);
    else if (changedFields(old, f).length) updates.push({ old, next: f });
    else ignored++;
  }
  const deletes = [...stored.values()].filter((f) => !incoming.has(f.key));

  const storedMeta: DocumentRecord = {
    sourceKey: doc.sourceKey,
    title: existing.title,
    publisher: existing.publisher,
    author: existing.author,
    publishedAt: existing.published_at,
    url: existing.url,
    fileName: existing.file_name,
  };
  const metaChanged =
    DOCUMENT_FIELDS.some((k) => storedMeta[k] !== doc[k]) ||
    (await notRecordedChanged(client, documentId, opts.notRecorded ?? []));
  const changed = metaChanged || inserts.length + updates.length + deletes.length > 0;
  let version = existing.version as number;
  if (changed) {
    version = (
      await client.query(
        `UPDATE document SET title = $2, publisher = $3, author = $4, published_at = $5, url = $6, file_name = $7,
              content_hash = $8, version = version + 1, imported_at = now(), imported_by = $9
        WHERE id = $1 RETURNING version`,
        [documentId, doc.title, doc.publisher, doc.author, doc.publishedAt, doc.url, doc.fileName, hash, opts.actor],
      )
    ).rows[0].version;
  } else {
    // Same stored content under a new hash (a note changed, or the hash format did): remember it.
    await client.query(`UPDATE document SET content_hash = $2 WHERE id = $1`, [documentId, hash]);
  }

  const progress = counter(inserts.length + updates.length + deletes.length, opts.onProgress);
  await replaceNotRecorded(client, documentId, opts.notRecorded ?? []);
  await deleteFigures(
    client,
    deletes.map((f) => f.id),
    progress,
  );
  await updateFigures(
    client,
    documentId,
    updates.map((u) => u.next),
    progress,
  );
  await insertFigures(client, documentId, inserts, progress);
  await writeAudits(client, documentId, opts.actor, [
    ...deletes.map((f): Audit => ({ key: f.key, action: "DELETE", old: f, next: null })),
    ...updates.map((u): Audit => ({ key: u.next.key, action: "UPDATE", old: u.old, next: u.next })),
    ...inserts.map((f): Audit => ({ key: f.key, action: "INSERT", old: null, next: f })),
  ]);
  const touched = uniqueSlices([
    ...inserts.map(sliceOf),
    ...deletes.map(sliceOf),
    ...updates.flatMap((u) => [sliceOf(u.old), sliceOf(u.next)]),
  ]);
  return {
    status: changed ? "UPDATED" : "UNCHANGED",
    documentId,
    version,
    imported: inserts.length,
    updated: updates.length,
    deleted: deletes.length,
    ignored,
    touched,
  };
}

function counter(total: number, onProgress: WriteOptions["onProgress"]) {
  let done = 0;
  return (n: number) => {
    done += n;
    onProgress?.(done, total);
  };
}

async function readFigures(client: pg.PoolClient, documentId: number): Promise<Map<string, StoredFigure>> {
  const r = await client.query(
    `SELECT id::text AS id, figure_key, place_key, ethnicity_code, programme_code, measure_code,
            period_start::text AS period_start, period_end::text AS period_end, kind::text AS kind, value::text AS value,
            qualifier::text AS qualifier, raw_text, quote, coalesce(flags, '{}') AS flags, flag_reason,
            suggested_value::text AS suggested_value, value_type::text AS value_type, value_high::text AS value_high,
            total::text AS total, base, status::text AS status, funding_source::text AS funding_source, capital_type::text AS capital_type,
            poverty_standard::text AS poverty_standard
       FROM figure WHERE document_id = $1`,
    [documentId],
  );
  return new Map(
    r.rows.map((row) => [
      row.figure_key as string,
      {
        id: row.id,
        key: row.figure_key,
        placeKey: row.place_key,
        ethnicityCode: row.ethnicity_code,
        programmeCode: row.programme_code,
        measureCode: row.measure_code,
        periodStart: row.period_start,
        periodEnd: row.period_end,
        kind: row.kind as FigureKind,
        value: decimalText(row.value)!,
        qualifier: row.qualifier as Qualifier,
        rawText: row.raw_text,
        quote: row.quote,
        flags: row.flags,
        flagReason: row.flag_reason,
        suggestedValue: decimalText(row.suggested_value),
        valueType: row.value_type,
        valueHigh: decimalText(row.value_high),
        total: decimalText(row.total),
        base: row.base,
        status: row.status,
        fundingSource: row.funding_source,
        capitalType: row.capital_type,
        povertyStandard: row.poverty_standard,
      },
    ]),
  );
}

/** numeric(38, 6) comes back padded ("269316.000000"); records hold the shortest form. */
function decimalText(v: string | null): string | null {
  return v === null ? null : new Decimal(v).toFixed();
}

// Column arrays for unnest: one statement per batch instead of one per figure.
function columns(figures: FigureRecord[]) {
  return [
    figures.map((f) => f.key),
    figures.map((f) => f.placeKey),
    figures.map((f) => f.ethnicityCode),
    figures.map((f) => f.programmeCode),
    figures.map((f) => f.measureCode),
    figures.map((f) => f.periodStart),
    figures.map((f) => f.periodEnd),
    figures.map((f) => f.kind),
    figures.map((f) => f.value),
    figures.map((f) => f.qualifier),
    figures.map((f) => f.rawText),
    figures.map((f) => f.quote),
    // text[][] cannot be unnested row by row: each row's flags travel as one JSON array
    figures.map((f) => JSON.stringify(f.flags)),
    figures.map((f) => f.flagReason),
    figures.map((f) => f.suggestedValue),
    figures.map((f) => f.valueType),
    figures.map((f) => f.valueHigh),
    figures.map((f) => f.total),
    figures.map((f) => f.base),
    figures.map((f) => f.status),
    figures.map((f) => f.fundingSource),
    figures.map((f) => f.capitalType),
    figures.map((f) => f.povertyStandard),
  ];
}

const UNNEST = `unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::"FigureKind"[],
  $10::numeric[], $11::"Qualifier"[], $12::text[], $13::text[], $14::jsonb[], $15::text[], $16::numeric[],
  $17::"ValueType"[], $18::numeric[], $19::numeric[], $20::text[], $21::"FigureStatus"[], $22::"FundingSource"[], $23::"CapitalType"[],
  $24::"PovertyStandard"[])
  AS u(figure_key, place_key, ethnicity_code, programme_code, measure_code, period_start, period_end, kind, value, qualifier,
       raw_text, quote, flags, flag_reason, suggested_value, value_type, value_high, total, base, status, funding_source, capital_type, poverty_standard)`;
const FLAGS = `ARRAY(SELECT jsonb_array_elements_text(u.flags))`;

async function insertFigures(
  client: pg.PoolClient,
  documentId: number,
  figures: FigureRecord[],
  progress: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < figures.length; i += WRITE_BATCH) {
    const batch = figures.slice(i, i + WRITE_BATCH);
    await client.query(
      `INSERT INTO figure (document_id, figure_key, place_key, ethnicity_code, programme_code, measure_code, period_start, period_end,
                           kind, value, qualifier, raw_text, quote, flags, flag_reason, suggested_value,
                           value_type, value_high, total, base, status, funding_source, capital_type, poverty_standard)
       SELECT $1, u.figure_key, u.place_key, u.ethnicity_code, u.programme_code, u.measure_code, u.period_start, u.period_end,
              u.kind, u.value, u.qualifier, u.raw_text, u.quote, ${FLAGS}, u.flag_reason, u.suggested_value,
              u.value_type, u.value_high, u.total, u.base, u.status, u.funding_source, u.capital_type, u.poverty_standard
         FROM ${UNNEST}`,
      [documentId, ...columns(batch)],
    );
    progress(batch.length);
  }
}

async function updateFigures(
  client: pg.PoolClient,
  documentId: number,
  figures: FigureRecord[],
  progress: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < figures.length; i += WRITE_BATCH) {
    const batch = figures.slice(i, i + WRITE_BATCH);
    await client.query(
      `UPDATE figure SET place_key = u.place_key, ethnicity_code = u.ethnicity_code, programme_code = u.programme_code,
              measure_code = u.measure_code, period_start = u.period_start, period_end = u.period_end, kind = u.kind,
              value = u.value, qualifier = u.qualifier, raw_text = u.raw_text, quote = u.quote, flags = ${FLAGS},
              flag_reason = u.flag_reason, suggested_value = u.suggested_value, value_type = u.value_type, value_high = u.value_high,
              total = u.total, base = u.base, status = u.status, funding_source = u.funding_source, capital_type = u.capital_type,
              poverty_standard = u.poverty_standard, updated_at = now()
         FROM ${UNNEST}
        WHERE figure.document_id = $1 AND figure.figure_key = u.figure_key`,
      [documentId, ...columns(batch)],
    );
    progress(batch.length);
  }
}

async function deleteFigures(client: pg.PoolClient, ids: string[], progress: (n: number) => void): Promise<void> {
  for (let i = 0; i < ids.length; i += WRITE_BATCH) {
    const batch = ids.slice(i, i + WRITE_BATCH);
    await client.query(`DELETE FROM figure WHERE id = ANY($1::bigint[])`, [batch]);
    progress(batch.length);
  }
}

async function replaceNotRecorded(client: pg.PoolClient, documentId: number, list: NotRecordedRecord[]): Promise<void> {
  await client.query(`DELETE FROM not_recorded_figure WHERE document_id = $1`, [documentId]);
  if (!list.length) return;
  await client.query(
    `INSERT INTO not_recorded_figure (document_id, text, quote, reason)
     SELECT $1, n.text, n.quote, n.reason FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS n(text, quote, reason, i) ORDER BY n.i`,
    [documentId, list.map((n) => n.text), list.map((n) => n.quote), list.map((n) => n.reason)],
  );
}

async function notRecordedChanged(
  client: pg.PoolClient,
  documentId: number,
  list: NotRecordedRecord[],
): Promise<boolean> {
  const stored = (
    await client.query(`SELECT text, quote, reason FROM not_recorded_figure WHERE document_id = $1 ORDER BY id`, [
      documentId,
    ])
  ).rows;
  return (
    JSON.stringify(stored.map((r) => [r.text, r.quote, r.reason])) !==
    JSON.stringify(list.map((n) => [n.text, n.quote, n.reason]))
  );
}

async function writeAudits(client: pg.PoolClient, documentId: number, actor: string, audits: Audit[]): Promise<void> {
  for (let i = 0; i < audits.length; i += WRITE_BATCH) {
    const batch = audits.slice(i, i + WRITE_BATCH);
    await client.query(
      `INSERT INTO figure_audit (document_id, figure_key, action, old_value, new_value, actor)
       SELECT $1, a.figure_key, a.action, a.old_value, a.new_value, $2
         FROM unnest($3::text[], $4::"AuditAction"[], $5::jsonb[], $6::jsonb[]) AS a(figure_key, action, old_value, new_value)`,
      [
        documentId,
        actor,
        batch.map((a) => a.key),
        batch.map((a) => a.action),
        batch.map((a) => (a.old ? JSON.stringify(auditJson(a.old)) : null)),
        batch.map((a) => (a.next ? JSON.stringify(auditJson(a.next)) : null)),
      ],
    );
  }
}
