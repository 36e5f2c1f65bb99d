import type { AppDeps } from "../shared/deps.ts";
import type { ReadRoutingStats } from "../shared/deps.ts";
import type { ResponseCacheStats } from "./response-cache.ts";

export interface Health {
  status: "ok" | "degraded";
  database: { ok: boolean; latencyMs: number | null; embedded: boolean; error?: string };
  queue: { ok: boolean; backend: "redis" | "postgres"; error?: string };
  responseCache?: ResponseCacheStats;
  reads: ReadRoutingStats;
}

/** A check that hangs (Redis down: ioredis queues the command until it reconnects) counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

export async function checkHealth(deps: AppDeps, responseCache?: ResponseCacheStats): Promise<Health> {
  const [database, queue] = await Promise.all([
    timed(() => deps.pool.query("SELECT 1")),
    timed(() => deps.rollupQueue.getJobCounts("waiting")),
  ]);
  return {
    status: database.ok && queue.ok ? "ok" : "degraded",
    database: {
      ok: database.ok,
      latencyMs: database.ok ? database.ms : null,
      embedded: deps.embedded,
      ...errorOf(database),
    },
    queue: { ok: queue.ok, backend: deps.queues.kind, ...errorOf(queue) },
    responseCache,
    reads: deps.reads.stats(),
  };
}

type Outcome = { ok: true; ms: number } | { ok: false; error: string };

async function timed(check: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function errorOf(o: Outcome): { error?: string } {
  return o.ok ? {} : { error: o.error };
}
