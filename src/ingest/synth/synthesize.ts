/**
 * The national-scale synthetic dataset: N figures over the real units (src/reference): every
 * province (63 before the 2025 reform, 34 after), every district of 2016 to mid-2025 and the
 * communes of each period (the 3,321 of 2025 made of the old ones by the crosswalk), the 54 groups with DTTS and ALL, the whole programme tree, every measure in its unit, 2016-2025,
 * actuals and plans, qualifiers, and 0.5 % of figures flagged as the ingest flags them. The same
 * seed and N give the same rows.
 *
 * Everything happens in one transaction (synchronous_commit off: a crash loses the run, not the
 * database): earlier documents of the same source-key prefix
 * replaced, the reports inserted, their figures streamed in with COPY, the touched rollup slices
 * marked dirty (as an import does). The rollups are not rebuilt: run `npm run rollup -- --full`.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { buildEthnicities } from "../../reference/ethnicities.ts";
import { markDirty } from "../../shared/mark-dirty.ts";
import { inTransaction } from "../../shared/transaction.ts";
import type { Slice } from "../../shared/slices.ts";
import { canSkipRowChecks, checkReference, checkReferencesInBulk } from "./bulk-checks.ts";
import { BlockBuilder, copyFigures, figureRow, ROWS_PER_COPY, type CopyBatch } from "./copy-figures.ts";
import { planDocuments, type DocumentPlan } from "./documents.ts";
import { DocumentGenerator } from "./generate.ts";
import { loadGeography, type Geography } from "./geography.ts";
import type { Ethnicity } from "./statements.ts";
import { topicFor } from "./topics.ts";
import { ValueModel } from "./values.ts";

export interface SynthOptions {
  facts: number;
  /** Same seed, same figures. Default 42. */
  seed?: number;
  /** Prefix of the reports' source keys; a run replaces the earlier reports under it. Default "synthetic/seed-<seed>-n<facts>". */
  sourceKey?: string;
  /** Called as figures are handed to the database. */
  onProgress?: (done: number, total: number) => void;
  /**
   * How the figures' foreign keys are checked. "bulk" (the default where allowed): the per-row
   * checks are skipped during the COPY (session_replication_role = replica: superuser only, and only
   * when figure has no triggers but the foreign-key ones, the data_changed notification and the
   * availability counts, which are then done by hand) and every reference of the new figures is checked afterwards with one
   * set-based query, before commit. "per-row": PostgreSQL's own checks, about three times slower.
   */
  foreignKeys?: "bulk" | "per-row";
}

export interface SynthResult {
  /** The first report's id. */
  documentId: number;
  documents: number;
  inserted: number;
  flagged: number;
  /** The units the reports could state figures for (each within its validity). */
  places: { provinces: number; districts: number; communes: number };
  /** Earlier reports under the same prefix, replaced. */
  replacedDocuments: number;
  sourcePrefix: string;
  foreignKeys: "bulk" | "per-row";
}

export const MAX_FACTS = 50_000_000;
const FLAGGED_SHARE = 0.005;
const HASH_FORMAT = "synthetic-v1";

export class SynthOptionsError extends Error {}

export function checkOptions(opts: SynthOptions): { facts: number; seed: number; prefix: string } {
  const { facts } = opts;
  if (!Number.isSafeInteger(facts) || facts < 1 || facts > MAX_FACTS) {
    throw new SynthOptionsError(
      `facts must be a whole number from 1 to ${MAX_FACTS.toLocaleString("en")}, not ${facts}`,
    );
  }
  const seed = opts.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new SynthOptionsError(`seed must be a whole number from 0 to 4294967295, not ${seed}`);
  const prefix = opts.sourceKey ?? `synthetic/seed-${seed}-n${facts}`;
  if (!prefix.trim() || prefix.length > 200 || /[\s]/.test(prefix))
    throw new SynthOptionsError(`sourceKey must be 1 to 200 characters without spaces, not "${prefix}"`);
  return { facts, seed, prefix };
}

export async function synthesize(db: pg.Pool | pg.ClientBase, opts: SynthOptions): Promise<SynthResult> {
  const { facts, seed, prefix } = checkOptions(opts);
  const pooled = "totalCount" in db;
  const client = pooled ? await (db as pg.Pool).connect() : (db as pg.ClientBase);
  try {
    return await inTransaction(client, () => run(client, facts, seed, prefix, opts));
  } finally {
    if (pooled) (client as pg.PoolClient).release();
  }
}

async function run(
  client: pg.ClientBase,
  facts: number,
  seed: number,
  prefix: string,
  opts: SynthOptions,
): Promise<SynthResult> {
  await client.query("SET LOCAL synchronous_commit = off");
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`synth:${prefix}`]);
  await checkReference(client);
  const geo = await loadGeography(client, seed);
  const slices = new Map<string, Slice>();
  const addSlice = (s: Slice) => {
    const id = `${s.measureCode}|${s.kind}|${s.periodStart}|${s.periodEnd}`;
    if (!slices.has(id))
      slices.set(id, { measureCode: s.measureCode, kind: s.kind, periodStart: s.periodStart, periodEnd: s.periodEnd });
  };
  // The replaced run's figures leave their slices too.
  const old = await client.query<Slice>(
    `SELECT DISTINCT f.measure_code AS "measureCode", f.kind::text AS kind, f.period_start::text AS "periodStart", f.period_end::text AS "periodEnd"
       FROM figure f JOIN document d ON d.id = f.document_id WHERE left(d.source_key, length($1) + 1) = $1 || '/'`,
    [prefix],
  );
  old.rows.forEach(addSlice);
  const replaced = await client.query(`DELETE FROM document WHERE left(source_key, length($1) + 1) = $1 || '/'`, [
    prefix,
  ]);

  const docs = planDocuments(geo, prefix, facts).filter((d) => d.quota > 0);
  const ids = await insertDocuments(client, docs);
  const ethnicities: Ethnicity[] = buildEthnicities().map((e, index) => ({ index, code: e.code, name: e.name }));
  const model = new ValueModel(
    seed,
    topicFor("ALL", "households")!,
    topicFor("ALL", "poor_households")!,
    topicFor("ALL", "near_poor_households")!,
    topicFor("NTP-2021-P4", "workers_employed")!,
  );
  const generator = new DocumentGenerator({ seed, geo, model, ethnicities, flaggedShare: FLAGGED_SHARE });

  const hashes: string[] = [];
  let flagged = 0;
  async function* batches(): AsyncGenerator<CopyBatch> {
    const builder = new BlockBuilder();
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i];
      const hash = createHash("sha256").update(
        `${HASH_FORMAT}\n${doc.sourceKey}\n${doc.title}\n${doc.publisher}\n${doc.publishedAt}\n${doc.url}\n`,
      );
      const id = String(ids[i]);
      for (const f of generator.generate(doc)) {
        const row = figureRow(f);
        hash.update(row);
        builder.add(f.order, id, row);
        if (f.flags.length) flagged++;
        addSlice(f);
      }
      hashes.push(hash.digest("hex"));
      if (builder.rows >= ROWS_PER_COPY) yield builder.take();
      // Let the connection flush what is queued while the next report is generated.
      else if (i % 8 === 7) await new Promise((r) => setImmediate(r));
    }
    if (builder.rows) yield builder.take();
  }

  const foreignKeys = opts.foreignKeys === "per-row" || !(await canSkipRowChecks(client)) ? "per-row" : "bulk";
  if (foreignKeys === "bulk") await client.query("SET LOCAL session_replication_role = replica");
  let done = 0;
  const inserted = await copyFigures(client, batches(), (n) => {
    done += n;
    opts.onProgress?.(done, facts);
  });
  if (inserted !== facts) throw new Error(`generated ${inserted} figures instead of ${facts}`);
  if (foreignKeys === "bulk") {
    await client.query("SET LOCAL session_replication_role = origin");
    await checkReferencesInBulk(client, ids);
    // What figure's statement-level triggers would have done: the notification (delivered at
    // commit) and the availability counts of the new documents.
    await client.query("SELECT pg_notify('data_changed', 'figure')");
    await client.query("SELECT availability_add_documents($1::int[])", [ids]);
  }
  await client.query(
    `UPDATE document d SET content_hash = u.h FROM unnest($1::int[], $2::text[]) AS u(id, h) WHERE d.id = u.id`,
    [ids, hashes],
  );
  await markDirty(client, [...slices.values()]);
  return {
    documentId: ids[0],
    documents: docs.length,
    inserted,
    flagged,
    places: countPlaces(geo),
    replacedDocuments: replaced.rowCount ?? 0,
    sourcePrefix: prefix,
    foreignKeys,
  };
}

function countPlaces(geo: Geography): SynthResult["places"] {
  const count = (level: string) => geo.places.filter((p) => p.level === level).length;
  return { provinces: count("PROVINCE"), districts: count("DISTRICT"), communes: count("COMMUNE") };
}

async function insertDocuments(client: pg.ClientBase, docs: DocumentPlan[]): Promise<number[]> {
  const r = await client.query<{ id: number; source_key: string }>(
    `INSERT INTO document (source_key, title, publisher, published_at, url, content_hash, imported_by)
     SELECT k, t, p, d::date, u, 'pending', 'synth' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(k, t, p, d, u, n)
     ORDER BY n RETURNING id, source_key`,
    [
      docs.map((d) => d.sourceKey),
      docs.map((d) => d.title),
      docs.map((d) => d.publisher),
      docs.map((d) => d.publishedAt),
      docs.map((d) => d.url),
    ],
  );
  const idOf = new Map(r.rows.map((x) => [x.source_key, x.id]));
  return docs.map((d) => idOf.get(d.sourceKey)!);
}
