/**
 * Dashboard load over HTTP against the real server, started in this process (so its RSS is this
 * process's) on 127.0.0.1, with rollup workers off. Every query is first asked once and checked.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { pino } from "pino";
import { readConfig } from "../../src/db/config.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { post, runLoad, type LoadRequest, type LoadResult } from "./http-load.ts";
import { COMPARE_QUERY, DASHBOARD_QUERIES } from "./queries.ts";
import { mb } from "./stats.ts";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface BenchServer { url: string; queuePrefix: string; stop(): Promise<void> }

export interface LevelResult extends LoadResult { rssBeforeMb: number; rssAfterMb: number }

export interface DashboardResult {
  queries: { name: string; servedFrom: string | null; error: string | null }[];
  levels: LevelResult[];
  rssAtStartMb: number;
}

export async function startBenchServer(databaseUrl: string): Promise<BenchServer> {
  const queuePrefix = `bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const config = { ...readConfig({}), databaseUrl, redisUrl: REDIS_URL, workers: false, queuePrefix, host: "127.0.0.1" };
  const server: RunningServer = await startServer({ config, port: 0, logger: pino({ level: "silent" }), queuePrefix });
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    queuePrefix,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await deleteRedisKeys(queuePrefix);
      })();
      return stopping;
    },
  };
}

/** The queue's keys under our unique prefix (nothing else is touched). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export async function benchDashboard(url: string, concurrencies: number[], seconds: number): Promise<DashboardResult> {
  const requests: LoadRequest[] = DASHBOARD_QUERIES.map((q) => ({ name: q.name, body: JSON.stringify({ query: COMPARE_QUERY, variables: { input: q.input } }) }));
  const queries = [];
  for (const r of requests) {
    const a = await post(url, r.body);
    queries.push({ name: r.name, servedFrom: a.servedFrom, error: a.error });
  }
  const rssAtStartMb = mb(process.memoryUsage().rss);
  const levels: LevelResult[] = [];
  for (const c of concurrencies) {
    const rssBeforeMb = mb(process.memoryUsage().rss);
    const result = await runLoad(url, requests, c, seconds);
    levels.push({ ...result, rssBeforeMb, rssAfterMb: mb(process.memoryUsage().rss) });
  }
  return { queries, levels, rssAtStartMb };
}
