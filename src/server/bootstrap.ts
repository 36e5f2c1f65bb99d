import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { migrate } from "../db/migrate.ts";
import { createClient } from "../db/pool.ts";
import { loadReference } from "../reference/load.ts";
import type { Config } from "../shared/config.ts";
import type { loadSeedIfEmpty as LoadSeedIfEmpty } from "../ingest/seed/load-seed.ts";
import { enqueueIncremental } from "../rollup/jobs.ts";
import type { AppDeps } from "../shared/deps.ts";
import type { Slice } from "../shared/slices.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.ts";

/** The database the service runs on: the configured PostgreSQL, or the embedded one. */
export interface Database {
  url: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/**
 * Connects (starting the embedded PGlite when DATABASE_URL is unset), then applies pending
 * migrations and refreshes the reference data. Both are idempotent, so this runs on every start.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      snapshot: config.embeddedSnapshot,
      onStall: (info) =>
        logger.warn(
          info,
          "embedded database: an open transaction has held the only session idle while other queries wait (does code inside a transaction wait on another connection?)",
        ),
      // every query would fail from then on: ending the process lets a supervisor start it again
      onLost: (e) => {
        logger.fatal({ err: e }, "embedded database lost: stopping");
        process.exit(1);
      },
    });
    url = embedded.url;
    logger.info(
      {
        dataDir: embedded.dataDir,
        url,
        ms: Date.now() - started,
        source: embedded.source,
        ...(embedded.snapshotUnusable ? { snapshot: embedded.snapshotUnusable } : {}),
      },
      "embedded PostgreSQL (PGlite) started",
    );
  }
  try {
    const client = createClient({ name: "migrate", logger, connectionString: url });
    await client.connect();
    try {
      const applied = await migrate(client);
      if (applied.length) logger.info({ applied }, "migrations applied");
      await loadReference(client);
    } finally {
      await client.end();
    }
  } catch (e) {
    await embedded?.stop().catch(() => {});
    throw e;
  }
  const db = embedded;
  return {
    url,
    embedded,
    close: async () => {
      await db?.stop();
    },
  };
}

const SEED_MODULE = new URL("../ingest/seed/load-seed.ts", import.meta.url);

/**
 * Loads the seed dataset into an empty database through the ingest's hook
 * `loadSeedIfEmpty(pool, { onCommitted })` (src/ingest/seed/load-seed.ts); the rollup slices it
 * touches go on deps.rollupQueue. Imported only if the module exists, so the server runs without it.
 */
export async function runSeedHook(deps: AppDeps): Promise<void> {
  if (!existsSync(SEED_MODULE)) {
    deps.logger.debug("no seed loader (src/ingest/seed/load-seed.ts) yet: skipping the seed");
    return;
  }
  // a literal specifier: the server bundle (build-server.mjs) includes it
  const mod = (await import("../ingest/seed/load-seed.ts")) as { loadSeedIfEmpty?: typeof LoadSeedIfEmpty };
  if (typeof mod.loadSeedIfEmpty !== "function") {
    deps.logger.warn("src/ingest/seed/load-seed.ts exports no loadSeedIfEmpty: skipping the seed");
    return;
  }
  try {
    const onCommitted = async (slices: Slice[]) => {
      await enqueueIncremental(deps.rollupQueue, slices);
    };
    const result = await mod.loadSeedIfEmpty(deps.pool, { onCommitted });
    if (result === null) deps.logger.debug("database has figures: seed not loaded");
    else deps.logger.info({ documents: Array.isArray(result) ? result.length : result }, "seed dataset loaded");
  } catch (e) {
    // The service is still useful without the seed, and the next start tries again (if empty).
    deps.logger.error({ err: e }, "loading the seed dataset failed");
  }
}
