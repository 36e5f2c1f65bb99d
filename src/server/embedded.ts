import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { readSnapshot } from "./embedded-snapshot.ts";
import { pgliteArtifacts } from "./pglite-preload.ts";
import { startPgliteWireServer, type PgliteWireServer, type WireServerOptions } from "./pglite-wire-server.ts";

/**
 * The zero-setup database: PGlite (PostgreSQL in WASM) with its files in `dataDir`, reachable
 * as an ordinary Postgres connection string on a free 127.0.0.1 port, so pg, Prisma's pg
 * adapter and BullMQ's PostgreSQL backend use it unchanged.
 *
 * Every connection shares ONE PGlite session (see pglite-wire-server.ts): session settings are
 * shared, startup options such as `-c search_path=…` are ignored, and a connection holding an
 * open transaction makes every other connection wait.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  db: PGlite;
  wire: PgliteWireServer;
  /** How this start found its database: kept in dataDir, loaded from the shipped snapshot, or made by initdb. */
  source: "kept" | "snapshot" | "initdb";
  /** Why the snapshot was not used on a first start. */
  snapshotUnusable?: string;
  stop(): Promise<void>;
}

/**
 * BullMQ's tables and functions live in schema `bullmq` and its SQL names them unqualified; it
 * normally pins search_path per connection, which the shared session cannot do. `public` stays
 * first so that our own unqualified DDL and queries keep landing in `public`.
 */
const SEARCH_PATH = "public, bullmq";

export interface EmbeddedOptions {
  dataDir: string;
  /** Told when a transaction holds the one session idle while other connections wait. */
  onStall?: WireServerOptions["onStall"];
  /** On an empty dataDir, load the shipped snapshot when it is current (src/server/embedded-snapshot.ts); default true. */
  snapshot?: boolean;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    const pgdata = path.join(dataDir, "pgdata");
    const fresh = !existsSync(path.join(pgdata, "PG_VERSION"));
    const snapshot = fresh ? (opts.snapshot === false ? { unusable: "not asked for" } : readSnapshot()) : undefined;
    const source = !fresh ? "kept" : snapshot && "tar" in snapshot ? "snapshot" : "initdb";
    const artifacts = await pgliteArtifacts();
    db = await PGlite.create(pgdata, {
      ...artifacts,
      ...(snapshot && "tar" in snapshot ? { loadDataDir: snapshot.tar } : {}),
    });
    if (source === "initdb") {
      // initdb leaves ~400 MB of WASM heap behind for the life of the instance: reopening (under
      // a second, once) brings the process from ~900 MB to the ~500 MB of a warm start.
      await db.close();
      db = await PGlite.create(pgdata, artifacts);
    }
    await db.exec(`SET search_path TO ${SEARCH_PATH}`);
    const wire = await startPgliteWireServer(db, { onStall: opts.onStall });
    const pglite = db;
    let stopping: Promise<void> | undefined;
    return {
      url: wire.url,
      dataDir,
      db: pglite,
      wire,
      source,
      ...(snapshot && "unusable" in snapshot ? { snapshotUnusable: snapshot.unusable } : {}),
      stop() {
        stopping ??= (async () => {
          try {
            await wire.stop();
            await pglite.close();
          } finally {
            releaseLock();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await db?.close().catch(() => {});
    releaseLock();
    throw e;
  }
}

/**
 * PGlite has no postmaster to refuse a second process on the same files, and two writers would
 * corrupt them: a pid file does that job. A stale file (its process is gone) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "embedded.pid");
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lockFile, "utf8").trim()) || undefined;
  } catch {
    holder = undefined;
  }
  if (holder !== undefined && isAlive(holder)) {
    throw new Error(
      `DATA_DIR ${dataDir} is in use by process ${holder}${holder === process.pid ? " (this one)" : ""}; stop it first or set another DATA_DIR`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
