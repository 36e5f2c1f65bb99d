/**
 * `npx tsx test/bench/research-db.mts --reuse DB [--runs 9]`: the researchers' questions
 * (test/bench/queries.ts RESEARCH_QUERIES, issue 18) one at a time over HTTP against an existing
 * database (e.g. the shared 1M-figure one), the API in a child process with the response cache off
 * so that every request is computed. Prints JSON: each question's times, median and fastest, its
 * total, and the load average before and after (times on this shared machine are only comparable
 * side by side at a stated load).
 */
import { loadavg } from "node:os";
import { startBenchServer } from "./dashboard.ts";
import { benchFlags } from "./cli.ts";
import { ADMIN_URL } from "./database.ts";
import { post } from "./http-load.ts";
import { ANALYTICS_QUERY, RESEARCH_QUERIES } from "./queries.ts";

const flags = benchFlags("npx tsx test/bench/research-db.mts --reuse DB [--runs 9]", {
  reuse: { type: "string" },
  runs: { type: "string", default: "9" },
});
const reuse = flags.values.reuse ?? flags.fail("--reuse DB is required");
const runs = flags.count("runs");
if (!/^[a-z0-9_]+$/.test(reuse)) flags.fail(`--reuse needs a database name (a-z, 0-9, _), not "${reuse}"`);
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const url = new URL(ADMIN_URL);
url.pathname = `/${reuse}`;

const server = await startBenchServer(url.toString(), "api-nocache", {
  RESPONSE_CACHE_MB: "0",
  RATE_LIMIT_PER_MINUTE: "0",
});
try {
  const loadBefore = load();
  const results = [];
  for (const q of RESEARCH_QUERIES) {
    const body = JSON.stringify({ query: ANALYTICS_QUERY, variables: { query: q.query } });
    const times: number[] = [];
    let total: number | null = null;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await post<{ analytics: { total: number } }>(server.url, body);
      times.push(Math.round(performance.now() - t));
      if (r.error) throw new Error(`${q.name}: ${r.error}`);
      total = r.data!.analytics.total;
      console.error(`${q.name}: run ${i + 1} ${times.at(-1)} ms (load ${load()[0]})`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    results.push({ question: q.name, total, ms: times, medianMs: sorted[sorted.length >> 1], minMs: sorted[0] });
  }
  console.log(
    JSON.stringify({ database: reuse, runs, responseCache: "off", loadBefore, loadAfter: load(), results }, null, 2),
  );
} finally {
  await server.stop();
}
