import { enqueueFull } from "../../src/rollup/jobs.ts";
import type { RunningServer } from "../../src/server/app.ts";
import { readConfig, type Config } from "../../src/shared/config.ts";
import { until } from "./until.ts";

/**
 * The config of an embedded server (no DATABASE_URL, no REDIS_URL: PGlite in `dataDir`, the queue on
 * BullMQ's PostgreSQL backend) without a rate limit: the rebuild measurement reads as fast as answers come.
 */
export function embeddedConfig(dataDir: string): Config {
  const defaults = readConfig({});
  return {
    ...defaults,
    databaseUrl: undefined,
    redisUrl: undefined,
    dataDir,
    rateLimits: { ...defaults.rateLimits, anonymousPerMinute: 0 },
  };
}

/** How long each read took while a full rebuild ran, and how long the rebuild took. */
export interface RebuildReadWaits {
  waits: number[];
  longestMs: number;
  rebuildMs: number;
}

/** The README's first question, for a different year each time (never cached) or none (cached). */
const question = (period: string) =>
  `{ compare(input: { measure: "health_insurance_cards", places: ["P-20-2008", "P-80-2008"], programme: "HEALTH-INSURANCE"${period} }) { rows { value } } }`;

export const fullRuns = async (s: RunningServer) =>
  Number(
    (await s.deps.pool.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL"))
      .rows[0].n,
  );

/** Nothing queued or running on the rollup queue. */
export async function rollupIdle(s: RunningServer): Promise<boolean> {
  const c = await s.deps.rollupQueue.getJobCounts("waiting", "active", "prioritized");
  return c.waiting + c.active + c.prioritized === 0;
}

/**
 * Queues a full rebuild on an idle server and asks GraphQL questions one after the other until it
 * has finished: every answer must have no errors. Needs a server without a rate limit.
 */
export async function readWaitsDuringRebuild(s: RunningServer): Promise<RebuildReadWaits> {
  await until(
    "an idle rollup worker with a first build",
    async () => (await fullRuns(s)) > 0 && rollupIdle(s),
    120_000,
  );
  const ask = async (i: number) => {
    const started = performance.now();
    const response = await fetch(s.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: question(i % 2 ? "" : `, period: "${2010 + (i % 16)}"`) }),
    });
    const answer = (await response.json()) as { errors?: unknown };
    if (answer.errors) throw new Error(`a read during the rebuild failed: ${JSON.stringify(answer.errors)}`);
    return performance.now() - started;
  };
  // a server's first answers compile the question and load the reference tables: not a wait
  await ask(0);
  await ask(1);
  const runsBefore = await fullRuns(s);
  const waits: number[] = [];
  await enqueueFull(s.deps.rollupQueue, "read-wait measurement");
  for (let i = 0; (await fullRuns(s)) === runsBefore; i++) waits.push(await ask(i));
  const run = (
    await s.deps.pool.query(
      "SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms, error FROM rollup_run WHERE mode = 'full' ORDER BY id DESC LIMIT 1",
    )
  ).rows[0];
  if (run.error) throw new Error(`the rebuild failed: ${run.error}`);
  return { waits, longestMs: Math.max(...waits), rebuildMs: Number(run.ms) };
}
