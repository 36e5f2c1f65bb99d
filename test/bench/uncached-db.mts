/**
 * `npx tsx test/bench/uncached-db.mts --reuse DB [--seconds 5] [--concurrency 1,10] [--alone]
 * [--only 0,9] [--root CHECKOUT] [--profile DIR]`: the bench's uncached dashboard load alone (the 10 questions of
 * test/bench/queries.ts round-robin over HTTP, the API in a child process with its response cache
 * off) against an existing database, for quick A/B runs of two checkouts side by side (`--root`:
 * the checkout whose test/bench/api-child.ts serves, default this one). `--alone` adds each question
 * by itself. The API migrates and reloads the reference tables at start: use a copy of shared_1m,
 * never shared_1m itself. Prints JSON with req/s, p50 and p99 and the load average before and after.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";
import { fileURLToPath } from "node:url";
import { startChildServer } from "./child-server.ts";
import { compareBody, notFromRollup, REDIS_URL } from "./dashboard.ts";
import { ADMIN_URL } from "./database.ts";
import { post, runLoad, type LoadRequest, type LoadResult } from "./http-load.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";
import { benchFlags } from "./cli.ts";

const flags = benchFlags(
  "npx tsx test/bench/uncached-db.mts --reuse DB (a copy, not shared_1m) [--seconds 5] [--concurrency 1,10] [--alone] [--only 0,9] [--root CHECKOUT] [--profile DIR]",
  {
    reuse: { type: "string" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "1,10" },
    alone: { type: "boolean", default: false },
    only: { type: "string" },
    root: { type: "string", default: fileURLToPath(new URL("../../", import.meta.url)) },
    profile: { type: "string" },
  },
);
const reuse = flags.values.reuse ?? flags.fail("--reuse DB is required");
if (!/^[a-z0-9_]+$/.test(reuse) || reuse === "shared_1m")
  flags.fail(`--reuse needs the name of a copy (a-z, 0-9, _; not shared_1m), not "${reuse}"`);
const seconds = flags.positive("seconds");
const concurrencies = flags.wholeNumbers("concurrency", 1) ?? [];
const only = flags.wholeNumbers("only", 0);
const root = flags.values.root;
const profile = flags.values.profile;
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const url = new URL(ADMIN_URL);
url.pathname = `/${reuse}`;

const server = await startChildServer({
  name: "api-nocache",
  command: process.execPath,
  args: [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []), "--import", "tsx", "test/bench/api-child.ts"],
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: url.toString(),
    REDIS_URL,
    QUEUE_PREFIX: `bench-uncached-${process.pid}`,
    WORKERS: "0",
    LOG_LEVEL: "silent",
    RESPONSE_CACHE_MB: "0",
  },
});
/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 once it has gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
/** CPU used by the API process and by the database's backends (the API's connections) during `run`. */
async function withCpu(run: () => Promise<LoadResult>) {
  const backends = async () =>
    (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [reuse])).rows.map(
      (r) => r.pid,
    );
  const pids = await backends();
  const before = { api: cpuSeconds(server.pid), db: pids.map(cpuSeconds), self: process.cpuUsage() };
  const r = await run();
  const after = await backends();
  const dbSeconds =
    after.reduce((s, pid) => s + cpuSeconds(pid), 0) -
    pids.reduce((s, pid, i) => s + (after.includes(pid) ? before.db[i] : 0), 0);
  const self = process.cpuUsage(before.self);
  const perRequest = (sec: number) => Math.round((sec / Math.max(1, r.requests)) * 1e5) / 100;
  return {
    ...summary(r),
    cpuMsPerRequest: {
      api: perRequest(cpuSeconds(server.pid) - before.api),
      db: perRequest(dbSeconds),
      loadGenerator: perRequest((self.user + self.system) / 1e6),
    },
  };
}
const summary = (r: LoadResult) => ({
  rps: r.requestsPerSecond,
  p50: r.p50Ms,
  p99: r.p99Ms,
  errors: r.errors,
  notRollup: r.noted,
  ...(r.firstError ? { firstError: r.firstError } : {}),
});
try {
  const requests: LoadRequest[] = DASHBOARD_QUERIES.filter((_, i) => !only || only.includes(i)).map((q) => ({
    name: q.name,
    body: compareBody(q.input),
  }));
  for (const r of requests) {
    const a = await post(server.url, r.body);
    if (a.error) throw new Error(`${r.name}: ${a.error}`);
  }
  const loadBefore = load();
  const roundRobin: Record<string, unknown> = {};
  for (const c of concurrencies) {
    roundRobin[c] = await withCpu(() => runLoad(server.url, requests, c, seconds, notFromRollup));
    console.error(`round-robin at ${c}: ${JSON.stringify(roundRobin[c])} (load ${load()[0]})`);
  }
  const alone: Record<string, Record<string, unknown>> = {};
  if (flags.values.alone)
    for (const r of requests) {
      alone[r.name] = {};
      for (const c of concurrencies) alone[r.name][c] = await withCpu(() => runLoad(server.url, [r], c, seconds));
      console.error(`${r.name}: ${JSON.stringify(alone[r.name])}`);
    }
  console.log(
    JSON.stringify({ database: reuse, root, seconds, loadBefore, loadAfter: load(), roundRobin, alone }, null, 2),
  );
} finally {
  await admin.end();
  await server.stop();
}
