import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { readConfig } from "../shared/config.ts";
import { startServer } from "./app.ts";
import { snapshotStamp, SNAPSHOT_FILE, writeSnapshot } from "./embedded-snapshot.ts";

// `npm run snapshot:embedded`: builds an embedded database from nothing (initdb, migrations,
// reference data, seed, first full rollup build) and ships its data directory as the snapshot.
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const dataDir = mkdtempSync(path.join(tmpdir(), "embedded-snapshot-"));
const stamp = snapshotStamp();
const started = Date.now();
const config = { ...readConfig({}), databaseUrl: undefined, redisUrl: undefined, dataDir, embeddedSnapshot: false };
const server = await startServer({ config, port: 0, logger });
const { pool, rollupQueue } = server.deps;
for (;;) {
  const built = await pool.query(
    "SELECT EXISTS (SELECT 1 FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL AND error IS NULL) AS b",
  );
  const busy = await rollupQueue.getJobCounts("waiting", "active", "prioritized");
  if (built.rows[0].b && busy.waiting + busy.active + busy.prioritized === 0) break;
  await new Promise((r) => setTimeout(r, 250));
}
await server.stop();
const { bytes } = await writeSnapshot(path.join(dataDir, "pgdata"), stamp);
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `${SNAPSHOT_FILE}: ${(bytes / 1e6).toFixed(1)} MB, built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
