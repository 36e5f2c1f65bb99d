import type { Logger } from "pino";
import type { Config } from "../shared/config.ts";
import type { AppDeps } from "../shared/deps.ts";
import { closePool, createPool } from "../db/pool.ts";
import { createPrisma } from "../db/prisma.ts";
import { createQueueBackend } from "../queue/backend.ts";
import { ROLLUP_QUEUE } from "../rollup/jobs.ts";
import type { Database } from "./bootstrap.ts";
import { RedisApqStore } from "./apq-store.ts";
import { DataVersion } from "./data-version.ts";
import { ReadRouter } from "./read-replica.ts";

export interface DepsOptions {
  /** Redis key prefix for BullMQ (tests use a unique one). */
  queuePrefix?: string;
}

export function createDeps(config: Config, db: Database, logger: Logger, opts: DepsOptions = {}): AppDeps {
  const embedded = db.embedded !== null;
  // The API's statements are cut at SQL_TIMEOUT_MS: a runaway ad hoc question must not hold a connection.
  const pool = createPool({
    name: "api",
    logger,
    connectionString: db.url,
    max: embedded ? 4 : 10,
    statement_timeout: config.sqlTimeoutMs,
  });
  const prisma = createPrisma(pool);
  const queues = createQueueBackend({
    redisUrl: config.redisUrl,
    databaseUrl: db.url,
    prefix: opts.queuePrefix ?? config.queuePrefix,
    // Without Redis an idle worker polls the database; NOTIFY wakes it sooner on both kinds.
    drainDelay: config.redisUrl ? undefined : 2,
    onError: (e, source) => logger.warn({ err: e, source }, "queue connection error"),
  });
  const rollupQueue = queues.createQueue(ROLLUP_QUEUE);
  // A standby for reads: only with a PostgreSQL of our own (the embedded one has none).
  const readPool =
    config.databaseReadUrl && !embedded
      ? createPool({
          name: "api-reads",
          logger,
          connectionString: config.databaseReadUrl,
          max: 10,
          statement_timeout: config.sqlTimeoutMs,
        })
      : null;
  const dataVersion = new DataVersion(db.url, logger, { trackWal: readPool !== null });
  // Always: reads keep small answers under the data version too (src/query/versioned-memo.ts), cache or not.
  void dataVersion.start();
  const reads = new ReadRouter(pool, readPool, dataVersion, config.readReplicaMaxWaitMs, logger);
  const queuePrefix = opts.queuePrefix ?? config.queuePrefix;
  const apqStore = config.redisUrl ? new RedisApqStore(config.redisUrl, `${queuePrefix}:`, logger) : null;
  let closing: Promise<void> | undefined;
  return {
    config,
    prisma,
    pool,
    queues,
    rollupQueue,
    logger,
    embedded,
    databaseUrl: db.url,
    dataVersion,
    apqStore,
    reads,
    close() {
      closing ??= (async () => {
        const results = await Promise.allSettled([
          dataVersion.stop(),
          queues.close(),
          apqStore?.close(),
          prisma.$disconnect().then(() => closePool(pool)),
          readPool && closePool(readPool),
        ]);
        await db.close();
        const failed = results.find((r) => r.status === "rejected");
        if (failed) throw (failed as PromiseRejectedResult).reason;
      })();
      return closing;
    },
  };
}
