import type { Config } from "../shared/config.ts";
import { createQueueBackend } from "./backend.ts";
import { enqueueIncremental, ROLLUP_QUEUE } from "../rollup/jobs.ts";
import type { Slice } from "../shared/slices.ts";

/** Hands the slices an import touched to the rollup workers, after the import committed. */
export interface RollupEnqueuer {
  /** How the jobs travel, for the CLI's message. */
  via: string;
  enqueue(slices: Slice[]): Promise<void>;
  close(): Promise<void>;
}

/** The `rollups` queue on the configured backend (Redis when REDIS_URL is set, else the database), as the server's. */
export async function openRollupEnqueuer(config: Config, databaseUrl: string): Promise<RollupEnqueuer> {
  const backend = createQueueBackend({ redisUrl: config.redisUrl, databaseUrl, prefix: config.queuePrefix });
  const queue = backend.createQueue(ROLLUP_QUEUE);
  return {
    via: `the "${ROLLUP_QUEUE}" queue on ${backend.kind === "redis" ? "Redis" : "PostgreSQL"}`,
    enqueue: async (s) => {
      await enqueueIncremental(queue, s);
    },
    close: () => backend.close(),
  };
}
