/**
 * `npm run bench [-- --facts 20000,100000 --seconds 5 --peer all]`: measures load, full and
 * incremental rollup builds, dashboard queries over HTTP, and peers on the same database and
 * questions: PostGraphile 5 + pg-aggregates over HTTP (test/bench/peer/, installed on first use) and
 * the naive SQL in-process. Everything runs on a database of its own (bench_<pid>, dropped at the
 * end, also on error or Ctrl-C) and on 127.0.0.1; the servers run as child processes, stopped at the
 * end. Prints one table per section and writes the figures to test/bench/results/<YYYY-MM-DD>.json.
 * No pass/fail: figures only.
 */
import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import type { ChildServer } from "./child-server.ts";
import { benchFlags } from "./cli.ts";
import {
  startBenchServer,
  benchDashboard,
  responseCacheStats,
  type BenchServer,
  type DashboardResult,
  type LevelResult,
} from "./dashboard.ts";
import { createBenchDb, prepare, type BenchDb } from "./database.ts";
import { benchIncremental, type IncrementalResult } from "./incremental.ts";
import { machineInfo } from "./machine.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";
import { benchNaive, type NaiveResult } from "./naive.ts";
import { ensurePeerInstalled, peerVersions, startPeerServer } from "./peer-server.ts";
import {
  benchPeerDashboard,
  benchPerQuestion,
  checkPeerAnswers,
  type PeerAnswerCheck,
  type QuestionLevel,
} from "./postgraphile.ts";
import { PEER_LIMITS } from "./postgraphile-questions.ts";
import { benchResearch, type ResearchResult } from "./research.ts";
import { benchScale, type ScaleResult } from "./scale.ts";
import { round, timed } from "./stats.ts";
import { renderTable } from "./table.ts";

const PEERS = ["none", "postgraphile", "naive", "all"] as const;
const flags = benchFlags(
  "npm run bench -- [--facts 20000,100000] [--seconds 5] [--concurrency 1,10,50] [--import-figures 1000] [--naive-runs 50] [--peer none|postgraphile|naive|all] [--profile DIR]",
  {
    facts: { type: "string", default: "20000,100000" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "1,10,50" },
    "import-figures": { type: "string", default: "1000" },
    "naive-runs": { type: "string", default: "50" },
    peer: { type: "string", default: "all" },
    /** A folder for a CPU profile (node --cpu-prof) of our uncached server, written when it stops. */
    profile: { type: "string" },
  },
);
const opts = {
  facts: [...new Set(flags.wholeNumbers("facts", 1)!)].sort((a, b) => a - b),
  seconds: flags.positive("seconds"),
  concurrency: flags.wholeNumbers("concurrency", 1)!,
  importFigures: flags.count("import-figures"),
  naiveRuns: flags.count("naive-runs"),
  peer: flags.oneOf("peer", PEERS),
  profile: flags.values.profile,
};
const machine = machineInfo();
const started = Date.now();
const log = (msg: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

const withPostgraphile = opts.peer === "postgraphile" || opts.peer === "all";
const withNaive = opts.peer === "naive" || opts.peer === "all";

let db: BenchDb | undefined;
let server: BenchServer | undefined;
let uncachedServer: BenchServer | undefined;
let peerServer: ChildServer | undefined;
let cleaning: Promise<void> | undefined;
const withTimeout = (p: Promise<unknown>, ms: number) =>
  Promise.race([
    p.catch((e) => log(`cleanup: ${(e as Error).message}`)),
    new Promise((r) => setTimeout(r, ms).unref()),
  ]);
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([
      server && withTimeout(server.stop(), 15_000),
      uncachedServer && withTimeout(uncachedServer.stop(), 15_000),
      peerServer && withTimeout(peerServer.stop(), 15_000),
    ]);
    if (db) {
      await db.drop().catch((e) => log(`could not drop ${db!.name}: ${(e as Error).message}`));
      log(`dropped database ${db.name}`);
    }
  })();
  return cleaning;
}
// A persistent handler: under npm/tsx one Ctrl-C arrives twice (the terminal's and tsx's relay), and
// a second signal with no listener left would exit before the database is dropped.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping and dropping the benchmark database`);
    void cleanup().finally(() => process.exit(130));
  });
}

const scales: ScaleResult[] = [];
let setup: { database: string; prepareMs: number; seedFigures: number } | undefined;
let incremental: IncrementalResult[] | undefined;
let dashboard: DashboardResult | undefined;
/** How long the VACUUM (ANALYZE) before the loads took (ms). */
let settleMs: number | undefined;
let naive: NaiveResult[] | undefined;
let peerInstall: string | undefined;
let peerRuns: Record<string, string> | undefined;
let peerAnswers: PeerAnswerCheck[] | undefined;
let peerLevels: LevelResult[] | undefined;
let perQuestion: QuestionLevel[] | undefined;
/** Our server again with its response cache off: the rollup path alone, every request computed. */
let uncachedLevels: LevelResult[] | undefined;
let responseCache: Record<string, unknown> | null = null;
let research: ResearchResult[] | undefined;

try {
  if (withPostgraphile) {
    // before the long part: fail fast
    peerInstall = ensurePeerInstalled(log);
    peerRuns = peerVersions();
  }
  db = await createBenchDb();
  machine.postgres = (await db.pool.query("SHOW server_version")).rows[0].server_version;
  log(`database ${db.name}: migrating, loading reference data and the seed`);
  const prep = await timed(() => prepare(db!));
  setup = { database: db.name, prepareMs: round(prep.ms, 0), seedFigures: prep.result };

  let synthesized = 0;
  for (const scale of opts.facts) {
    log(`scale ${scale}: synthesizing ${scale - synthesized} figures, then a full rollup rebuild`);
    scales.push(await benchScale(db.pool, scale, synthesized));
    synthesized = scale;
  }

  log(`incremental: importing ${opts.importFigures} figures and refreshing their slices`);
  incremental = [await benchIncremental(db.pool, opts.importFigures, "nation")];
  log("incremental: a province's report (its districts)");
  incremental.push(await benchIncremental(db.pool, opts.importFigures, "province"));
  log("incremental: a district's report (its communes)");
  incremental.push(await benchIncremental(db.pool, opts.importFigures, "district"));

  // The database as it settles after a bulk load and a rebuild: vacuumed and analyzed. Left to
  // autovacuum, a vacuum of the new 1.4 GB rollup table (and of the figures COPY wrote) could start
  // during a 5 s load, in some runs and not others, on the cores the servers share.
  log("settling the database: VACUUM (ANALYZE), so that autovacuum does not start during the loads");
  const settleStart = performance.now();
  await db.pool.query("VACUUM (ANALYZE)");
  settleMs = performance.now() - settleStart;
  log(
    `dashboard: starting the API server; ${opts.concurrency.join(", ")} concurrent connections for ${opts.seconds} s each, round-robin`,
  );
  server = await startBenchServer(db.url);
  dashboard = await benchDashboard(server, opts.concurrency, opts.seconds);
  responseCache = await responseCacheStats(server); // its hits and misses over the round-robin alone
  // Uncached is the headline: every request computed from the rollups, as an ad hoc question, a
  // filter nobody asked before or any question after an import is. That server answers the
  // per-question comparison with the peer too.
  let uncached: BenchServer = server;
  if (process.env.RESPONSE_CACHE_MB !== "0") {
    log("dashboard: our server again, response cache off");
    const profiling = opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${opts.profile}`] : [];
    uncached = uncachedServer = await startBenchServer(db.url, "api-nocache", { RESPONSE_CACHE_MB: "0" }, profiling);
    uncachedLevels = (await benchDashboard(uncached, opts.concurrency, opts.seconds)).levels;
  }

  log("research questions (analytics): our server with its response cache off, each question alone");
  research = await benchResearch(db.url, opts.concurrency, opts.seconds);

  if (withPostgraphile) {
    log("PostGraphile peer: starting it, comparing answers, then the same round-robin load");
    peerServer = await startPeerServer(db.url);
    peerAnswers = await checkPeerAnswers(uncached, peerServer);
    peerLevels = await benchPeerDashboard(peerServer, opts.concurrency, opts.seconds);
  }
  log(
    `each question alone, ours uncached: ${DASHBOARD_QUERIES.length} questions × ${opts.concurrency.length} concurrencies × ${opts.seconds} s${peerServer ? " on both servers" : ""}`,
  );
  perQuestion = await benchPerQuestion(uncached, peerServer ?? null, opts.concurrency, opts.seconds);
  await Promise.all([server.stop(), uncachedServer?.stop(), peerServer?.stop()]);
  server = undefined;
  uncachedServer = undefined;
  peerServer = undefined;

  if (withNaive) {
    log(`naive SQL peer: ${opts.naiveRuns} runs per question`);
    naive = await benchNaive(db.pool, await ReferenceCache.load(db.pool), opts.naiveRuns);
  }
} catch (e) {
  if (!interrupted) console.error(e);
  process.exitCode = 1;
} finally {
  await cleanup();
}

const SERVER_LABELS: Record<string, string> = { api: "ours, cache on", "api-nocache": "ours, cache off" };
const totalSeconds = round((Date.now() - started) / 1000, 1);
const loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
const tables: string[] = [];
tables.push(
  renderTable(
    "machine",
    ["date", "nproc", "cpu", "memory MB", "node", "postgres", "load avg start", "load avg end", "run s"],
    [
      [
        machine.date,
        machine.nproc,
        machine.cpuModel,
        machine.totalMemMb,
        machine.node,
        machine.postgres,
        machine.loadAvgAtStart.join(" "),
        loadAvgAtEnd.join(" "),
        totalSeconds,
      ],
    ],
    [machine.caveat],
  ),
);
if (setup) {
  tables.push(
    renderTable(
      "setup",
      ["database", "migrate + reference + seed ms", "seed figures"],
      [[setup.database, setup.prepareMs, setup.seedFigures]],
    ),
  );
}
if (scales.length) {
  tables.push(
    renderTable(
      "load and full rollup rebuild (cumulative: one database, each scale adds figures up to its total)",
      [
        "scale",
        "added",
        "figures in table",
        "load ms",
        "load figures/s",
        "rebuild ms",
        "rebuild figures/s",
        "in one piece ms",
        "plain GROUP BY ms",
        "rebuild / GROUP BY",
        "rollup rows",
        "rows per figure",
        "rollup slices",
        "rollup MB",
        "districts / communes with figures",
      ],
      scales.map((s) => [
        s.scale,
        s.synthesized,
        s.figuresInTable,
        s.loadMs,
        s.loadFiguresPerSecond,
        `${s.rebuildMs} (${s.rebuildConnections} conn.)`,
        s.rebuildFiguresPerSecond,
        s.rebuildOnePieceMs,
        s.plainGroupByMs,
        round(s.rebuildMs / Math.max(1, s.plainGroupByMs), 1),
        s.rollupRows,
        s.rollupRowsPerFigure,
        s.rollupSlices,
        s.rollupTableMb,
        `${s.districtsWithFigures} / ${s.communesWithFigures}`,
      ]),
      [
        "load = synthesize(): figures generated in the bench process and streamed into the figure table with COPY (indexes kept, references checked in bulk); rebuild = a full rebuild of every figure in the table (seed included) as a worker runs it: its parts side by side on ROLLUP_FULL_CONNECTIONS connections (rebuildInParts); in one piece = rebuildAll(), one connection, one snapshot; plain GROUP BY = the physical limit: one GROUP BY of every figure on the cell key, summing values (no trees, no priorities, nothing stored)",
      ],
    ),
  );
}
if (incremental) {
  tables.push(
    renderTable(
      "incremental refresh on the largest scale: a report imported, its rollups visible",
      [
        "report",
        "figures",
        "status",
        "slices",
        "rows rewritten",
        "rows rewritten per imported figure",
        "import ms",
        "refresh ms",
        "total ms until visible",
        "checked cell",
        "before",
        "after",
      ],
      incremental.map((i) => [
        i.scope,
        i.figures,
        i.status,
        i.slices,
        i.refreshedRows,
        i.rowsPerFigure,
        i.importMs,
        i.refreshMs,
        i.totalMs,
        i.checkedCell,
        i.before,
        i.after,
      ]),
      [
        "import = importDocument() until commit (validate + write + audit); refresh = refreshSlices(onCommitted slices) in this process, as a worker would run it: the changed places and their ancestors in the touched slices (and the calendar years of flows); total includes reading the cell back",
        "rows rewritten = rollup rows the refresh deleted, updated or inserted (a recomputed cell that came out the same is not written)",
      ],
    ),
  );
}
if (dashboard) {
  const d = dashboard;
  const levels = [...d.levels, ...(uncachedLevels ?? []), ...(peerLevels ?? [])];
  const notes = [
    `${d.queries.length} questions, round-robin, closed loop with autocannon (each connection sends its next request when the previous answer arrives); each server is a child process and RSS is its own (ours ${d.rssAtStartMb ?? "?"} MB after the first pass); the load generator runs in the bench process on the same machine`,
    `before the loads: VACUUM (ANALYZE) of the database, ${settleMs === undefined ? "?" : Math.round(settleMs)} ms (a settled database: no autovacuum during the loads)`,
    ...d.queries.map((q) => `${q.name}: ${q.error ? `ERROR ${q.error}` : `servedFrom ${q.servedFrom}`}`),
  ];
  if (peerLevels)
    notes.push(
      "postgraphile = the peer's closest query for each question (postgraphile-questions.ts) over the figure table, one request per question",
    );
  const nonRollup = d.levels.reduce((n, l) => n + l.noted, 0);
  if (nonRollup) notes.push(`${nonRollup} of our answers were not served from ROLLUP`);
  for (const l of levels)
    if (l.firstError) notes.push(`first error (${l.server}, concurrency ${l.concurrency}): ${l.firstError}`);
  tables.push(
    renderTable(
      "dashboard load over HTTP (POST /graphql, every question round-robin)",
      [
        "server",
        "concurrency",
        "s",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "non-ROLLUP",
        "RSS before MB",
        "RSS after MB",
      ],
      levels.map((l) => [
        SERVER_LABELS[l.server] ?? l.server,
        l.concurrency,
        l.seconds,
        l.requests,
        l.requestsPerSecond,
        l.p50Ms,
        l.p99Ms,
        l.maxMs,
        l.errors,
        l.server.startsWith("api") ? l.noted : null,
        l.rssBeforeMb,
        l.rssAfterMb,
      ]),
      notes,
    ),
  );
}
if (research) {
  tables.push(
    renderTable(
      "research questions (analytics) over HTTP, response cache off: every request computed",
      [
        "question",
        "rows (total)",
        "served",
        "concurrency",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "non-ROLLUP",
      ],
      research.flatMap((r) =>
        r.levels.map((l) => [
          r.question,
          r.total,
          r.error ? `ERROR ${r.error}` : r.servedFrom,
          l.concurrency,
          l.requestsPerSecond,
          l.p50Ms,
          l.p99Ms,
          l.maxMs,
          l.errors,
          l.noted,
        ]),
      ),
      ["test/bench/queries.ts RESEARCH_QUERIES; the same server settings as the dashboard's cache-off run"],
    ),
  );
}
if (peerAnswers) {
  tables.push(
    renderTable(
      "PostGraphile peer: can it ask the question, and do the answers agree?",
      ["question", "expressible", "agree", "with data", "ours only", "peer only", "first difference"],
      peerAnswers.map((a) =>
        a.agreement
          ? [
              a.question,
              a.expressible,
              `${a.agreement.agree}/${a.agreement.rows}`,
              a.agreement.withData,
              a.agreement.oursOnly,
              a.agreement.peerOnly,
              a.error ?? a.agreement.example ?? "",
            ]
          : [a.question, a.expressible, "-", null, null, null, a.error ?? ""],
      ),
      [
        `peer: test/bench/peer/server.mjs, ${Object.entries(peerRuns ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ", ",
          )} (${peerInstall}); amber preset + PgAggregatesPreset + connection filter with relations, PgIndexBehaviorsPlugin off (every column filterable and groupable, as PostGraphile 4's default), mutations off, only figure and the tables it references exposed`,
        "agree = rows (place × group × period) whose values are equal to 12 significant digits, or empty on both sides, out of the rows of either answer; 'with data' = rows with a value on at least one side",
        PEER_LIMITS,
        ...peerAnswers.map((a) => `${a.question} [${a.expressible}]: ${a.why}`),
      ],
    ),
  );
}
if (perQuestion) {
  const checks = new Map((peerAnswers ?? []).map((a) => [a.question, a]));
  const pair = (a: number, b: number) => `${a} / ${b}`;
  const notes = [
    `each question alone, ${opts.seconds} s per server and concurrency, ours with its response cache OFF (every request computed); ratios are ours ÷ peer: req/s above 1 and p50 below 1 mean ours is faster. The peer caches nothing.`,
    ...perQuestion
      .filter((q) => q.ours.errors || q.peer?.errors)
      .map(
        (q) =>
          `errors on "${q.question}" at ${q.concurrency}: ours ${q.ours.errors}${q.ours.firstError ? ` (${q.ours.firstError})` : ""}, peer ${q.peer?.errors ?? "-"}${q.peer?.firstError ? ` (${q.peer.firstError})` : ""}`,
      ),
  ];
  const notRollup = perQuestion.reduce((n, q) => n + q.ours.noted, 0);
  if (notRollup) notes.push(`${notRollup} of our answers were not served from ROLLUP`);
  tables.push(
    renderTable(
      `dashboard questions one by one over HTTP: ours uncached vs ${peerLevels ? "PostGraphile" : "no peer (--peer none)"}`,
      [
        "question",
        "conc.",
        "ours req/s",
        "ours p50/p99 ms",
        "peer req/s",
        "peer p50/p99 ms",
        "req/s ours/peer",
        "p50 ours/peer",
        "errors ours/peer",
        "expressible",
        "agree",
      ],
      perQuestion.map((q) => {
        const a = checks.get(q.question);
        return [
          q.question,
          q.concurrency,
          q.ours.requestsPerSecond,
          pair(q.ours.p50Ms, q.ours.p99Ms),
          q.peer?.requestsPerSecond ?? null,
          q.peer ? pair(q.peer.p50Ms, q.peer.p99Ms) : null,
          q.throughputRatio,
          q.p50Ratio,
          `${q.ours.errors} / ${q.peer?.errors ?? "-"}`,
          a?.expressible ?? null,
          a?.agreement ? `${a.agreement.agree}/${a.agreement.rows}` : a?.error ? "error" : null,
        ];
      }),
      notes,
    ),
  );
}
if (naive) {
  tables.push(
    renderTable(
      `naive SQL peer (p50 of ${opts.naiveRuns} runs each, in-process; ours = compare() with a ReferenceCache)`,
      [
        "question",
        "served",
        "rows",
        "with data",
        "ours p50 ms",
        "naive p50 ms",
        "ours/naive",
        "rows agreeing",
        "agreeing w/o flagged",
        "verdict",
      ],
      naive.map((n) => [
        n.question,
        n.servedFrom,
        n.rows,
        n.rowsWithData,
        n.oursP50Ms,
        n.peerP50Ms,
        n.ratio,
        `${n.agree}/${n.rows}`,
        `${n.agreeUnflagged}/${n.rows}`,
        n.verdict,
      ]),
      [
        "the naive SQL sums every figure of the places: reported totals and their parts alike (ALL and single ethnic groups, a province's own figure and its districts'), flagged IMPLAUSIBLE figures, and figures of older documents for the same cell; ours takes a reported total over the sum of its parts and leaves flagged figures out, so a difference is expected where those occur",
        ...naive.filter((n) => n.example).map((n) => `${n.question}: first difference ${n.example}`),
      ],
    ),
  );
}
const headline = headlineTable();
if (headline) tables.splice(1, 0, headline);
console.log(tables.join("\n\n"));

/**
 * The headline: our server with its response cache off (every request computed from the rollups)
 * against PostGraphile, round-robin over the dashboard's questions and each question alone (its
 * worst ratio); then what the response cache adds, with its hits and misses.
 */
function headlineTable(): string | null {
  const ours = uncachedLevels ?? (responseCache && !responseCache.enabled ? dashboard?.levels : undefined);
  if (!ours) return null;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a && b && Number.isFinite(a) && Number.isFinite(b) ? round(a / b, 1) : null;
  const rows = ours.map((o) => {
    const p = peerLevels?.find((l) => l.concurrency === o.concurrency);
    const alone = (perQuestion ?? []).filter((q) => q.concurrency === o.concurrency && q.peer);
    const worst = alone.length
      ? alone.reduce((w, q) => Math.min(w, q.ours.requestsPerSecond / q.peer!.requestsPerSecond), Infinity)
      : null;
    const cached = dashboard?.levels.find((l) => l.concurrency === o.concurrency);
    return [
      o.concurrency,
      o.requestsPerSecond,
      o.p50Ms,
      o.p99Ms,
      o.errors,
      p?.requestsPerSecond ?? null,
      p ? `${p.p50Ms} / ${p.p99Ms}` : null,
      ratio(o.requestsPerSecond, p?.requestsPerSecond),
      ratio(p?.p50Ms, o.p50Ms),
      worst === null ? null : round(worst, 1),
      cached && cached !== o ? cached.requestsPerSecond : null,
      cached && cached !== o ? `${cached.p50Ms} / ${cached.p99Ms}` : null,
    ];
  });
  const cacheNote = responseCache
    ? `cached = the same round-robin on our server with its response cache on: ${responseCache.hits} hits, ${responseCache.misses} misses over that run (a repeated question answered from memory); not the headline`
    : "our server reports no response cache";
  return renderTable(
    "HEADLINE: dashboard questions round-robin over HTTP, ours UNCACHED (response cache off: every request computed) vs PostGraphile",
    [
      "concurrency",
      "ours req/s",
      "ours p50 ms",
      "ours p99 ms",
      "ours errors",
      "peer req/s",
      "peer p50/p99 ms",
      "req/s ours÷peer",
      "p50 peer÷ours",
      "worst question alone req/s ours÷peer",
      "cached req/s",
      "cached p50/p99 ms",
    ],
    rows,
    [
      `load average at the end ${loadAvgAtEnd.join(" ")} on ${machine.nproc} CPUs: the load generator, both servers and PostgreSQL share them`,
      cacheNote,
      ...(research ?? []).flatMap((r) =>
        r.levels.map(
          (l) =>
            `analytics "${r.question}" (uncached, alone, concurrency ${l.concurrency}): p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, ${l.requestsPerSecond} req/s${r.error ? `, ERROR ${r.error}` : ""}`,
        ),
      ),
    ],
  );
}

const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const file = new URL(`${machine.date.slice(0, 10)}.json`, resultsDir);
const postgraphile = withPostgraphile
  ? { install: peerInstall, versions: peerRuns, limits: PEER_LIMITS, answers: peerAnswers, dashboard: peerLevels }
  : undefined;
writeFileSync(
  file,
  `${JSON.stringify({ machine: { ...machine, loadAvgAtEnd }, options: opts, totalSeconds, setup, scales, incremental, dashboard: dashboard && { ...dashboard, settleMs, responseCache, uncachedLevels }, research, perQuestion, postgraphile, naive }, null, 2)}\n`,
);
console.log(`\nresults written to ${file.pathname}`);
