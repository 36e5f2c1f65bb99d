import type { Queue } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../db/config.ts";
import { closePool, createPool } from "../db/pool.ts";
import { createPrisma, type PrismaClient } from "../db/prisma.ts";
import { createQueueBackend, type QueueBackend } from "../queue/backend.ts";
import { ROLLUP_QUEUE } from "../rollup/jobs.ts";
import type { Database } from "./bootstrap.ts";
import { DataVersion } from "./data-version.ts";

/** Everything a request, a resolver or a worker needs, opened once per process. */
export interface AppDeps {
  config: Config;
  prisma: PrismaClient;
  pool: pg.Pool;
  queues: QueueBackend;
  rollupQueue: Queue;
  logger: Logger;
  /** The database's connection string (the embedded one's when DATABASE_URL is unset). */
  databaseUrl: string;
  /** True when the database is the in-process PGlite (one shared session: keep transactions short). */
  embedded: boolean;
  /** Changes whenever the data may have changed (null: unknown); keys the response cache. */
  dataVersion: DataVersion;
  /** Closes the queues, Prisma, the pool and then the database (the embedded one stops). */
  close(): Promise<void>;
}

export interface DepsOptions {
  /** Redis key prefix for BullMQ (tests use a unique one). */
  queuePrefix?: string;
}

export function createDeps(config: Config, db: Database, logger: Logger, opts: DepsOptions = {}): AppDeps {
  const embedded = db.embedded !== null;
  // The API's statements are cut at SQL_TIMEOUT_MS: a runaway ad hoc question must not hold a connection.
  const pool = createPool({ name: "api", logger, connectionString: db.url, max: embedded ? 4 : 10, statement_timeout: config.sqlTimeoutMs });
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
  const dataVersion = new DataVersion(db.url, logger);
  if (config.responseCacheMb > 0) void dataVersion.start();
  let closing: Promise<void> | undefined;
  return {
    config, prisma, pool, queues, rollupQueue, logger, embedded, databaseUrl: db.url, dataVersion,
    close() {
      closing ??= (async () => {
        const results = await Promise.allSettled([dataVersion.stop(), queues.close(), prisma.$disconnect().then(() => closePool(pool))]);
        await db.close();
        const failed = results.find((r) => r.status === "rejected");
        if (failed) throw (failed as PromiseRejectedResult).reason;
      })();
      return closing;
    },
  };
}
