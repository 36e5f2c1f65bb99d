import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createQueueBackend } from "../queue/backend.ts";
import { startRollupWorker } from "../../workers/start-rollup-worker.ts";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import { rollupLockDuration, rollupWorkerConnections, type Config } from "../shared/config.ts";
import { closePool, createPool } from "../db/pool.ts";
import { referenceOf } from "../graphql/reference.ts";
import { buildAppSchema } from "../graphql/schema.ts";
import { openDatabase, runSeedHook } from "./bootstrap.ts";
import type { AppDeps } from "../shared/deps.ts";
import { createDeps } from "./deps.ts";
import { createHttpApp, GRAPHQL_PATH } from "./http.ts";

export interface StartOptions {
  config: Config;
  /** Overrides config.port; 0 picks a free port. */
  port?: number;
  logger?: Logger;
  /** Redis key prefix for BullMQ (default "bull"). */
  queuePrefix?: string;
  /** Run the seed hook on an embedded database (default true). */
  seed?: boolean;
}

export interface RunningServer {
  url: string;
  deps: AppDeps;
  stop(): Promise<void>;
}

/**
 * Connects (embedded PGlite when DATABASE_URL is unset), migrates, loads the reference data,
 * opens Prisma, the pool and the queues, and serves GraphQL, /healthz and /admin/queues.
 * stop() drains HTTP requests, then closes everything it opened.
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const logger = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info" });
  const phases = startupPhases();
  const opening = openDatabase(config, logger);
  // built while the embedded database starts on its own thread (createHttpApp takes it)
  buildAppSchema().catch(() => {});
  const db = await opening;
  phases.end("database");
  const deps = createDeps(config, db, logger, { queuePrefix: opts.queuePrefix });
  let stopWorker = async () => {};
  let workerStarting: Promise<void> | undefined;
  const stopped = new AbortController();
  try {
    if (db.embedded && opts.seed !== false) await runSeedHook(deps);
    phases.end("seed");
    // On the embedded database the worker's start (its queue's tables, the schedule, a sweep) shares
    // the one session with the first requests: it waits until the first answer is sent.
    if (config.workers && !db.embedded) stopWorker = await startWorkerInProcess(deps);
    // every request reads the reference tables (the cost estimate does): loaded beside the schema's
    // build, the first request does not wait seconds for them
    referenceOf(deps).catch((e) => logger.warn({ err: e }, "reference tables not loaded yet"));
    const httpServer = createServer();
    // graphql-jit's loading and the embedded worker's start wait for it
    const firstAnswer = afterFirstAnswer(httpServer, FIRST_ANSWER_WAIT_MS, stopped.signal);
    const { app, apollo } = await createHttpApp(deps, httpServer, firstAnswer);
    httpServer.on("request", app);
    phases.end("http");
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(opts.port ?? config.port, config.host, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    logger.info({ ms: phases.ms }, "listening");
    if (db.embedded) {
      workerStarting = firstAnswer
        .then(() => (stopped.signal.aborted ? undefined : startWorkerInProcess(deps)))
        .then(
          (stop) => {
            if (stop) stopWorker = stop;
          },
          (e) => logger.error({ err: e }, "rollup worker did not start"),
        );
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${config.host && config.host !== "0.0.0.0" ? config.host : "localhost"}:${port}${GRAPHQL_PATH}`,
      deps,
      stop() {
        stopping ??= (async () => {
          try {
            await apollo.stop(); // closes the HTTP server once in-flight requests are answered
          } finally {
            stopped.abort();
            await workerStarting;
            await stopWorker().catch((e) => logger.warn({ err: e }, "rollup worker did not stop cleanly"));
            await deps.close();
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    await stopWorker().catch(() => {});
    await deps.close().catch(() => {});
    throw e;
  }
}

/** The longest what waits for the first answer (graphql-jit, the embedded worker) waits before it goes on anyway. */
const FIRST_ANSWER_WAIT_MS = 3000;

/** Resolves when the server has sent its first response, after `maxMs`, or on `signal`. */
function afterFirstAnswer(httpServer: Server, maxMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxMs);
    signal.addEventListener("abort", done, { once: true });
    httpServer.on("request", onRequest);
    function onRequest(_req: IncomingMessage, res: ServerResponse) {
      res.once("finish", done);
    }
    function done() {
      clearTimeout(timer);
      httpServer.off("request", onRequest);
      resolve();
    }
  });
}

/** Milliseconds spent in each step of the start, for the "listening" log line. */
function startupPhases() {
  const ms: Record<string, number> = {};
  let last = performance.now();
  return {
    ms,
    end(phase: string) {
      const now = performance.now();
      ms[phase] = Math.round(now - last);
      last = now;
    },
  };
}

/**
 * A rollup worker in the API process, on its own small pool (rebuilds run long statements that
 * the API's statement timeout must not cut).
 */
async function startWorkerInProcess(deps: AppDeps): Promise<() => Promise<void>> {
  const logger = deps.logger.child({ component: "rollup-worker" });
  const max = rollupWorkerConnections(deps.config);
  const pool = createPool({ name: "rollup-worker", logger, connectionString: deps.databaseUrl, max });
  // Its own queue connections, so that a worker that cannot close (below) holds up nothing else.
  const backend = createQueueBackend({
    redisUrl: deps.config.redisUrl,
    databaseUrl: deps.databaseUrl,
    prefix: deps.config.queuePrefix,
    drainDelay: deps.config.redisUrl ? undefined : 2,
  });
  const { config } = deps;
  const worker = await startRollupWorker({
    pool,
    backend,
    logger,
    cron: config.rollupCron,
    lockDurationMs: rollupLockDuration(config, deps.embedded),
    stepPauseMs: config.rollupStepPauseMs,
    scheduleCheckMs: config.rollupScheduleCheckMs,
    fullParts: config.rollupFullParts,
    fullConnections: config.rollupFullConnections,
    sweepMs: config.rollupSweepMs,
    // PGlite's one session: a rebuild in one transaction would keep every reader waiting until it ends.
    stepwise: deps.embedded,
  });
  return async () => {
    // A worker cut off from its queue (Redis down) never finishes closing (its commands wait for
    // the connection to come back): after a few seconds it is left behind, the process is ending.
    const closing = worker.close().then(() => backend.close());
    const closed = await Promise.race([
      closing.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref()),
    ]);
    if (!closed) deps.logger.warn("rollup worker did not close in 3 s (queue unreachable?): left behind");
    await closePool(pool);
  };
}
