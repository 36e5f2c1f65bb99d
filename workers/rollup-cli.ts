import { readConfig } from "../src/shared/config.ts";
import { closePool, createPool } from "../src/db/pool.ts";
import { createQueueBackend } from "../src/queue/backend.ts";
import { enqueueFull, ROLLUP_QUEUE } from "../src/rollup/jobs.ts";
import { rebuildFull } from "../src/rollup/split-rebuild.ts";

// `npm run rollup -- --full`      enqueue a full rebuild for the workers
// `npm run rollup -- --full --now` rebuild right here, without the queue
const args = process.argv.slice(2);
const { databaseUrl, redisUrl, queuePrefix, rollupFullConnections } = readConfig();
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (with the embedded server, use the rebuildRollups mutation)");
  process.exit(2);
}
if (!args.includes("--full")) {
  console.error("usage: npm run rollup -- --full [--now]");
  process.exit(2);
}
const pool = createPool({ name: "rollup-cli", connectionString: databaseUrl });
try {
  if (args.includes("--now")) {
    const onStep = (step: string, done: number, total: number) => {
      if (done % 20 === 0 || done === total) console.log(`  ${done}/${total} ${step}`);
    };
    // as a worker computes it: in parts side by side on ROLLUP_FULL_CONNECTIONS connections
    const r = await rebuildFull(pool, rollupFullConnections, { onStep });
    console.log(`rebuilt: ${r.rows} rows over ${r.slices} slices in ${r.durationMs} ms`);
  } else {
    const backend = createQueueBackend({ redisUrl, databaseUrl, prefix: queuePrefix });
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const id = await enqueueFull(queue, "cli");
    console.log(`full rebuild enqueued as job ${id} (${backend.kind})`);
    await queue.close();
    await backend.close();
  }
} finally {
  await closePool(pool);
}
