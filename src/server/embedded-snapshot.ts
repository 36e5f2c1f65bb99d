import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";

/**
 * A ready embedded database shipped in the repository: PGlite's data directory after initdb,
 * the migrations, the reference data, the seed and its first full rollup build
 * (`npm run snapshot:embedded` makes it). A first start on an empty DATA_DIR loads it instead
 * of running initdb (the slowest step: seconds of WASM) and loading everything again.
 *
 * It is used only while its stamp (a digest of everything its content is made from) matches the
 * working tree: a changed migration, reference file, seed document, importer or rollup engine
 * makes it stale, and a first start then builds the database as if there were none.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = path.join(root, "src/server/embedded-snapshot");
export const SNAPSHOT_FILE = path.join(dir, "pgdata.tar.br");
export const STAMP_FILE = path.join(dir, "stamp.txt");

/** The sources of the snapshot's content (tests excluded: they change nothing in it). */
const INPUTS = ["prisma/migrations", "src/db", "src/reference", "src/ingest", "src/rules", "src/rollup", "src/shared"];
/** The packages whose files or tables are in it. */
const PACKAGES = ["@electric-sql/pglite", "bullmq"];

export function snapshotStamp(): string {
  const h = createHash("sha256");
  for (const file of INPUTS.flatMap((d) => filesUnder(path.join(root, d)))) {
    h.update(path.relative(root, file)).update(readFileSync(file));
  }
  for (const name of PACKAGES) {
    const installed = JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"));
    h.update(`${name}@${(installed as { version: string }).version}`);
  }
  return h.digest("hex");
}

function filesUnder(dirPath: string): string[] {
  return readdirSync(dirPath, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = path.join(dirPath, e.name);
      if (e.isDirectory()) return filesUnder(p);
      return e.name.endsWith(".test.ts") ? [] : [p];
    });
}

/** The snapshot as a tar archive for PGlite's `loadDataDir`, or why it cannot be used. */
export function readSnapshot(): { tar: Blob } | { unusable: string } {
  if (!existsSync(SNAPSHOT_FILE) || !existsSync(STAMP_FILE)) return { unusable: "no snapshot" };
  if (readFileSync(STAMP_FILE, "utf8").trim() !== snapshotStamp()) {
    return { unusable: "stale snapshot (its sources changed since; `npm run snapshot:embedded` makes a new one)" };
  }
  return { tar: new Blob([brotliDecompressSync(readFileSync(SNAPSHOT_FILE))]) };
}

/**
 * Writes the data directory `pgdata` (of a stopped database) as the snapshot. WAL segments other
 * than the one holding the last checkpoint are left out: after a clean shutdown they are only
 * recycled files, two thirds of the archive, and PostgreSQL makes new ones as it needs them.
 */
export async function writeSnapshot(pgdata: string, stamp: string): Promise<{ bytes: number }> {
  let db = await PGlite.create(pgdata);
  await db.exec("CHECKPOINT");
  const current = (await db.query<{ f: string }>("SELECT pg_walfile_name(pg_current_wal_lsn()) AS f")).rows[0].f;
  await db.close();
  const wal = path.join(pgdata, "pg_wal");
  for (const f of readdirSync(wal)) if (/^[0-9A-F]{24}$/.test(f) && f !== current) rmSync(path.join(wal, f));
  db = await PGlite.create(pgdata);
  const tar = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
  await db.close();
  const packed = brotliCompressSync(tar, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: tar.length,
    },
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(SNAPSHOT_FILE, packed);
  writeFileSync(STAMP_FILE, `${stamp}\n`);
  return { bytes: packed.length };
}
