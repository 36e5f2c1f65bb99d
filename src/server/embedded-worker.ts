import { existsSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { readSnapshot } from "./embedded-snapshot.ts";
import { pgliteArtifacts } from "./pglite-preload.ts";
import { startPgliteWireServer, type StallInfo } from "./pglite-wire-server.ts";

/**
 * The embedded database's thread (started by embedded.ts): PGlite and its wire server run here, so
 * that PostgreSQL's WebAssembly (its start, ~1 s, and every statement) runs beside the server's
 * JavaScript on the other core instead of holding up the event loop that loads modules and answers.
 */

/** What embedded.ts passes the thread. */
export interface EmbeddedWorkerInput {
  pgdata: string;
  /** Load the shipped snapshot on a fresh pgdata (when it is current). */
  snapshot: boolean;
  /** BullMQ's schema after ours, set on the one session. */
  searchPath: string;
}

/** What the thread posts: started (or failed), a stall of the session, stopped. */
export type EmbeddedWorkerMessage =
  | { type: "started"; url: string; source: "kept" | "snapshot" | "initdb"; snapshotUnusable?: string }
  | { type: "failed"; error: Error }
  | { type: "stall"; info: StallInfo }
  | { type: "stopped" };

const post = (m: EmbeddedWorkerMessage) => parentPort!.postMessage(m);

async function start({ pgdata, snapshot: useSnapshot, searchPath }: EmbeddedWorkerInput) {
  const fresh = !existsSync(path.join(pgdata, "PG_VERSION"));
  const snapshot = fresh ? (useSnapshot ? readSnapshot() : { unusable: "not asked for" }) : undefined;
  const source = !fresh ? "kept" : snapshot && "tar" in snapshot ? "snapshot" : "initdb";
  const artifacts = await pgliteArtifacts();
  let db = await PGlite.create(pgdata, {
    ...artifacts,
    ...(snapshot && "tar" in snapshot ? { loadDataDir: snapshot.tar } : {}),
  });
  try {
    if (source === "initdb") {
      // initdb leaves ~400 MB of WASM heap behind for the life of the instance: reopening (under
      // a second, once) brings the process from ~900 MB to the ~500 MB of a warm start.
      await db.close();
      db = await PGlite.create(pgdata, artifacts);
    }
    await db.exec(`SET search_path TO ${searchPath}`);
    const wire = await startPgliteWireServer(db, { onStall: (info) => post({ type: "stall", info }) });
    const pglite = db;
    parentPort!.once("message", () => {
      void (async () => {
        try {
          await wire.stop();
        } finally {
          await pglite.close();
          post({ type: "stopped" });
        }
      })();
    });
    post({
      type: "started",
      url: wire.url,
      source,
      ...(snapshot && "unusable" in snapshot ? { snapshotUnusable: snapshot.unusable } : {}),
    });
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}

start(workerData as EmbeddedWorkerInput).catch((e: Error) => post({ type: "failed", error: e }));
