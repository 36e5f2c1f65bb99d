import { existsSync } from "node:fs";
import type { Config } from "../../db/config.ts";
import { createQueueBackend } from "../../queue/backend.ts";
import { enqueueIncremental, ROLLUP_QUEUE } from "../../rollup/jobs.ts";
import type { Slice } from "../../rollup/slices.ts";

/** Hands the slices an import touched to the rollup workers, after the import committed. */
export interface RollupEnqueuer {
  /** How the jobs travel, for the CLI's message. */
  via: string;
  enqueue(slices: Slice[]): Promise<void>;
  close(): Promise<void>;
}

const ENQUEUE_MODULE = new URL("../../rollup/enqueue.ts", import.meta.url);

/**
 * The rollup module's own `enqueueIncremental(slices)` (src/rollup/enqueue.ts) when it exists;
 * otherwise the `rollups` queue opened here on the configured backend (Redis when REDIS_URL is
 * set, else BullMQ's PostgreSQL backend in the database), as the server does.
 */
export async function openRollupEnqueuer(config: Config, databaseUrl: string): Promise<RollupEnqueuer> {
  if (existsSync(ENQUEUE_MODULE)) {
    const mod = (await import(ENQUEUE_MODULE.href)) as {
      enqueueIncremental?: (slices: Slice[]) => Promise<unknown>;
      close?: () => Promise<void>;
    };
    if (typeof mod.enqueueIncremental === "function") {
      const enqueue = mod.enqueueIncremental;
      return { via: "src/rollup/enqueue.ts", enqueue: async (s) => { await enqueue(s); }, close: async () => { await mod.close?.(); } };
    }
  }
  const backend = createQueueBackend({ redisUrl: config.redisUrl, databaseUrl, prefix: process.env.QUEUE_PREFIX || undefined });
  const queue = backend.createQueue(ROLLUP_QUEUE);
  return {
    via: `the "${ROLLUP_QUEUE}" queue on ${backend.kind === "redis" ? "Redis" : "PostgreSQL"} (src/rollup/enqueue.ts not found)`,
    enqueue: async (s) => { await enqueueIncremental(queue, s); },
    close: () => backend.close(),
  };
}
