import pino from "pino";
import { readConfig, rollupLockDuration, rollupWorkerConnections } from "../src/shared/config.ts";
import { closePool, createPool } from "../src/db/pool.ts";
import { createQueueBackend } from "../src/queue/backend.ts";
import { startRollupWorker } from "./start-rollup-worker.ts";

// `npm run worker`: a rollup worker as its own process, against DATABASE_URL and REDIS_URL (or
// BullMQ's PostgreSQL backend when REDIS_URL is unset). `npm start` runs one in-process as well.
const config = readConfig();
const logger = pino({ name: "rollup-worker" });
if (!config.databaseUrl) {
  logger.error(
    "DATABASE_URL is not set: a separate worker needs the server's database (the embedded server runs its own worker)",
  );
  process.exit(2);
}
const max = rollupWorkerConnections(config);
const pool = createPool({ name: "rollup-worker", logger, connectionString: config.databaseUrl, max });
const backend = createQueueBackend({
  redisUrl: config.redisUrl,
  databaseUrl: config.databaseUrl,
  prefix: config.queuePrefix,
});
const worker = await startRollupWorker({
  pool,
  backend,
  logger,
  cron: config.rollupCron,
  sweepMs: config.rollupSweepMs,
  lockDurationMs: rollupLockDuration(config, false),
  stepPauseMs: config.rollupStepPauseMs,
  scheduleCheckMs: config.rollupScheduleCheckMs,
  fullParts: config.rollupFullParts,
  fullConnections: config.rollupFullConnections,
});
logger.info({ backend: backend.kind }, "rollup worker started");

const stop = async () => {
  logger.info("rollup worker stopping");
  await worker.close();
  await backend.close();
  await closePool(pool);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
