import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { EmbeddedWorkerInput, EmbeddedWorkerMessage } from "./embedded-worker.ts";
import type { WireServerOptions } from "./pglite-wire-server.ts";

/**
 * The zero-setup database: PGlite (PostgreSQL in WASM) with its files in `dataDir`, reachable
 * as an ordinary Postgres connection string on a free 127.0.0.1 port, so pg, Prisma's pg
 * adapter and BullMQ's PostgreSQL backend use it unchanged. It runs on a thread of its own
 * (embedded-worker.ts).
 *
 * Every connection shares ONE PGlite session (see pglite-wire-server.ts): session settings are
 * shared, startup options such as `-c search_path=…` are ignored, and a connection holding an
 * open transaction makes every other connection wait.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
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
  /**
   * Told when the database's thread ends after it started and before stop() (it crashed): every
   * query fails from then on. Without it the error is thrown, uncaught, so the process ends.
   */
  onLost?: (error: Error) => void;
}

/** The server bundle's build (build-server.mjs) names the thread's own bundle here. */
declare const EMBEDDED_WORKER_BUNDLE: string | undefined;

/** The thread's module: the bundle's, or the TypeScript source through tsx (tests, the CLIs). */
function spawnWorker(input: EmbeddedWorkerInput): Worker {
  const entry =
    typeof EMBEDDED_WORKER_BUNDLE === "string"
      ? new URL(EMBEDDED_WORKER_BUNDLE)
      : new URL("./embedded-worker-tsx.mjs", import.meta.url);
  return new Worker(entry, { workerData: input });
}

/** What happens to a lost database when nobody is told: the process ends, as on any uncaught error. */
const throwUncaught = (e: Error) =>
  process.nextTick(() => {
    throw e;
  });

/** The handlers a start begun early is given when startEmbeddedPostgres takes it over. */
type Handlers = Pick<EmbeddedOptions, "onStall" | "onLost">;
/** A start begun by startEmbeddedPostgresEarly, for startEmbeddedPostgres to take over. */
let early: { key: string; started: Promise<EmbeddedPostgres>; handlers: Handlers } | undefined;
const earlyKey = (opts: EmbeddedOptions) => JSON.stringify([path.resolve(opts.dataDir), opts.snapshot !== false]);

/**
 * Starts the embedded database before the server's modules are loaded (`npm start`, main.ts): its
 * thread starts PGlite beside them. The server's startEmbeddedPostgres with the same options takes it.
 */
export function startEmbeddedPostgresEarly(opts: Omit<EmbeddedOptions, keyof Handlers>): void {
  const handlers: Handlers = {};
  const started = startEmbeddedPostgres(
    { ...opts, onStall: (info) => handlers.onStall?.(info), onLost: (e) => (handlers.onLost ?? throwUncaught)(e) },
    { fresh: true },
  );
  started.catch(() => {}); // reported to startEmbeddedPostgres, which awaits it
  early = { key: earlyKey(opts), started, handlers };
}

export async function startEmbeddedPostgres(
  opts: EmbeddedOptions,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<EmbeddedPostgres> {
  if (!fresh && early?.key === earlyKey(opts)) {
    const { started, handlers } = early;
    early = undefined;
    handlers.onStall = opts.onStall;
    handlers.onLost = opts.onLost;
    return started;
  }
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  let worker: Worker | undefined;
  try {
    worker = spawnWorker({
      pgdata: path.join(dataDir, "pgdata"),
      snapshot: opts.snapshot !== false,
      searchPath: SEARCH_PATH,
    });
    const thread = worker;
    const exited = new Promise<number>((resolve) => thread.once("exit", resolve));
    let crash: Error | undefined;
    const started = await new Promise<Extract<EmbeddedWorkerMessage, { type: "started" }>>((resolve, reject) => {
      thread.on("message", (m: EmbeddedWorkerMessage) => {
        if (m.type === "started") resolve(m);
        else if (m.type === "failed") reject(m.error);
        else if (m.type === "stall") opts.onStall?.(m.info);
      });
      thread.on("error", (e) => {
        crash = e;
        reject(e);
      });
      void exited.then((code) =>
        reject(new Error(`the embedded database's thread exited (${code}) before it started`)),
      );
    });
    let stopping: Promise<void> | undefined;
    void exited.then((code) => {
      if (stopping) return;
      const lost = new Error(
        `the embedded database's thread ended (exit code ${code})${crash ? `: ${crash.message}` : ""}`,
        { cause: crash },
      );
      (opts.onLost ?? throwUncaught)(lost);
    });
    return {
      url: started.url,
      dataDir,
      source: started.source,
      ...(started.snapshotUnusable ? { snapshotUnusable: started.snapshotUnusable } : {}),
      stop() {
        stopping ??= (async () => {
          try {
            const stopped = new Promise<void>((resolve) =>
              thread.on("message", (m: EmbeddedWorkerMessage) => m.type === "stopped" && resolve()),
            );
            thread.postMessage("stop");
            await Promise.race([stopped, exited]);
            await thread.terminate();
          } finally {
            releaseLock();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await worker?.terminate().catch(() => {});
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
