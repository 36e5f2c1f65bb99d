/**
 * Dashboard load over HTTP: our API server in a child process of its own (api-child.ts, so that its
 * RSS is its alone) on 127.0.0.1 with rollup workers off, and the same autocannon load for every
 * server measured (ours, the PostGraphile peer). Every query is first asked once and checked.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { startChildServer, type ChildServer } from "./child-server.ts";
import { post, runLoad, type LoadRequest, type LoadResult } from "./http-load.ts";
import { COMPARE_QUERY, DASHBOARD_QUERIES } from "./queries.ts";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface BenchServer extends ChildServer {
  queuePrefix: string;
}

export interface LevelResult extends LoadResult {
  server: string;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
}

export interface DashboardResult {
  queries: { name: string; servedFrom: string | null; error: string | null }[];
  levels: LevelResult[];
  rssAtStartMb: number | null;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `name` labels its rows in the tables; `env` adds to the server's environment (RESPONSE_CACHE_MB=0: no
 * cache); `nodeArgs` go to node before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses).
 */
export async function startBenchServer(
  databaseUrl: string,
  name = "api",
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const queuePrefix = `bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const child = await startChildServer({
    name,
    command: process.execPath,
    args: [...nodeArgs, "--import", "tsx", "test/bench/api-child.ts"],
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      WORKERS: "0",
      LOG_LEVEL: "silent",
      ...env,
    },
  });
  let stopping: Promise<void> | undefined;
  return {
    ...child,
    queuePrefix,
    stop() {
      stopping ??= (async () => {
        await child.stop();
        await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
      })();
      return stopping;
    },
  };
}

export function compareBody(input: unknown): string {
  return JSON.stringify({ query: COMPARE_QUERY, variables: { input } });
}

/** Ours does not error on a stale rollup: it answers from facts; the load counts those answers. */
export const notFromRollup = (body: string) => !body.includes('"servedFrom":"ROLLUP"');

/**
 * What our server's /healthz says about its response cache (counters since it started), or null
 * when it reports none. With the cache on, a repeated question is a cache hit: run the bench with
 * RESPONSE_CACHE_MB=0 (passed on to the server) to measure the rollup path alone.
 */
export async function responseCacheStats(server: ChildServer): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(new URL("/healthz", server.url));
    return ((await res.json()) as { responseCache?: Record<string, unknown> }).responseCache ?? null;
  } catch {
    return null;
  }
}

/** Round-robin over a request set at each concurrency, with the server's RSS before and after each level. */
export async function loadLevels(
  server: ChildServer,
  requests: LoadRequest[],
  concurrencies: number[],
  seconds: number,
  note?: (body: string) => boolean,
): Promise<LevelResult[]> {
  const levels: LevelResult[] = [];
  for (const c of concurrencies) {
    const rssBeforeMb = server.rssMb();
    const result = await runLoad(server.url, requests, c, seconds, note);
    levels.push({ server: server.name, ...result, rssBeforeMb, rssAfterMb: server.rssMb() });
  }
  return levels;
}

export async function benchDashboard(
  server: BenchServer,
  concurrencies: number[],
  seconds: number,
): Promise<DashboardResult> {
  const requests: LoadRequest[] = DASHBOARD_QUERIES.map((q) => ({ name: q.name, body: compareBody(q.input) }));
  const queries = [];
  for (const r of requests) {
    const a = await post<{ compare: { servedFrom: string } }>(server.url, r.body);
    queries.push({ name: r.name, servedFrom: a.data?.compare?.servedFrom ?? null, error: a.error });
  }
  const rssAtStartMb = server.rssMb();
  return { queries, levels: await loadLevels(server, requests, concurrencies, seconds, notFromRollup), rssAtStartMb };
}
