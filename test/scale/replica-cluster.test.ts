import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { ROLLUP_QUEUE } from "../../src/rollup/jobs.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { REDIS_URL } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { standbyUnavailable, startPrimaryAndStandby, stopPairs, type PrimaryAndStandby } from "../support/standby.ts";
import { until } from "../support/until.ts";

// The scaled-out shape: a PostgreSQL primary with a streaming hot standby (pg_basebackup), two API
// processes reading from the standby, two rollup workers, imports through both APIs. No answer is
// older than an acknowledged import (not even while the standby's replay is paused), no rollup
// attempt fails, and the rollup ends equal to a clean rebuild, on the primary and on the standby.
const unavailable = standbyUnavailable();
const EDITOR_KEY = "scale-test-editor-key";
const prefix = `ptest-${randomBytes(4).toString("hex")}`;
let pair: PrimaryAndStandby;
let primary: pg.Pool;
let backend: QueueBackend;
const apis: RunningServer[] = [];
const workers: { proc: ChildProcess; out: string[] }[] = [];

beforeAll(async () => {
  if (unavailable) return;
  pair = await startPrimaryAndStandby();
  primary = new pg.Pool({ connectionString: pair.primaryUrl, max: 3 });
  backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: pair.primaryUrl, prefix });
  const config = {
    ...readConfig({}),
    databaseUrl: pair.primaryUrl,
    databaseReadUrl: pair.standbyUrl,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    workers: false,
    editorKey: EDITOR_KEY,
    readReplicaMaxWaitMs: 150,
    rateLimits: { anonymousPerMinute: 0, keyedPerMinute: 0, mutationsPerMinute: 0 }, // the test polls
  };
  for (let i = 0; i < 2; i++) apis.push(await startServer({ config, port: 0, logger: pino({ level: "silent" }) }));
  for (let i = 0; i < 2; i++) {
    const out: string[] = [];
    const proc = spawn(process.execPath, ["--import", "tsx", "workers/rollup-worker.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: pair.primaryUrl,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        ROLLUP_LOCK_DURATION_MS: "5000",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout!.on("data", (d) => out.push(String(d)));
    proc.stderr!.on("data", (d) => out.push(String(d)));
    workers.push({ proc, out });
  }
  for (const api of apis)
    await until(
      "the API's data-change listener",
      async () => (await health(api)).responseCache?.enabled === true,
      20_000,
    );
}, 180_000);

afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGTERM");
  await Promise.all(
    workers.map((w) => new Promise((r) => (w.proc.exitCode !== null ? r(null) : w.proc.once("exit", r)))),
  );
  for (const api of apis) await api.stop();
  await backend?.close();
  await primary?.end();
  await stopPairs();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
}, 60_000);

const health = async (api: RunningServer) =>
  (await (await fetch(api.url.replace("/graphql", "/healthz"))).json()) as {
    responseCache?: { enabled: boolean };
    reads: { replica: boolean; replicaReads: number; primaryFallbacks: number };
  };

async function gql(
  api: RunningServer,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(api.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

// Two series of re-imported documents: the same cells corrected again and again (the answer must
// follow every correction), in two years (slices that lock apart), through one API or the other.
const SERIES = [
  { sourceKey: "scale/ba-be-2022", place: "D-06-BA-BE", programme: "CREDIT-POOR", period: "2022" },
  { sourceKey: "scale/bach-thong-2021", place: "D-06-BACH-THONG", programme: "CREDIT-NEAR-POOR", period: "2021" },
] as const;

async function importValue(api: RunningServer, series: (typeof SERIES)[number], value: number) {
  const document = {
    document: {
      sourceKey: series.sourceKey,
      title: `Tín dụng chính sách ${series.period}`,
      publishedAt: `${Number(series.period) + 1}-02-01`,
    },
    figures: [
      {
        key: "households",
        place: series.place,
        programme: series.programme,
        measure: "households_supported",
        period: series.period,
        text: `${value} hộ`,
        quote: `Có ${value} hộ vay vốn`,
      },
    ],
  };
  const r = await gql(
    api,
    `mutation($d: JSON!) { importReport(document: $d) { status errors { reason } } }`,
    { d: document },
    { "x-api-key": EDITOR_KEY },
  );
  expect(r.importReport.errors).toEqual([]);
}

/** The province's total for the series' year: the district's value counted in, from rollups or facts. */
async function provinceValue(api: RunningServer, series: (typeof SERIES)[number]): Promise<number> {
  const r = await gql(
    api,
    `query($p: String!) { compare(input: { measure: "households_supported", places: ["P-06-2008"], programme: "CREDIT", period: $p }) { rows { value } } }`,
    { p: series.period },
  );
  return Number(r.compare.rows[0]?.value ?? NaN);
}

const rollupDigest = async (url: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (
      await c.query(`SELECT md5(string_agg(concat_ws('|', boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start,
      period_end, value, lower, upper, qualifier, derivation, parts_dimension, covered_children, total_children, figure_count,
    (SELECT array_agg(i ORDER BY i) FROM unnest(figure_ids) i), flagged_excluded), ','
      ORDER BY boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end)) AS d, count(*)::int AS n FROM rollup`)
    ).rows[0] as { d: string; n: number };
  } finally {
    await c.end();
  }
};

describe.skipIf(unavailable)("two APIs on a hot standby, two workers", () => {
  it("never answer older than an acknowledged import, fail no rollup attempt, and end equal to a clean rebuild", async () => {
    await until(
      "the first full rebuild (one for both workers)",
      async () =>
        Number(
          (await primary.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL"))
            .rows[0].n,
        ) >= 1,
      30_000,
    );

    let round = 0;
    const expectFresh = async (
      writer: RunningServer,
      reader: RunningServer,
      series: (typeof SERIES)[number],
      value: number,
    ) => {
      await importValue(writer, series, value);
      // The process that acknowledged the import answers with it at once.
      expect(await provinceValue(writer, series)).toBe(value);
      // Another process answers with it once it has heard of the change, and never with less after.
      await until(
        "the other API to hear of the import",
        async () => (await provinceValue(reader, series)) === value,
        5_000,
        10,
      );
      for (let i = 0; i < 3; i++) expect(await provinceValue(reader, series)).toBe(value);
    };
    for (; round < 4; round++) {
      const [writer, reader] = round % 2 ? [apis[1], apis[0]] : [apis[0], apis[1]];
      await Promise.all(SERIES.map((series, k) => expectFresh(writer, reader, series, 100 + round * 10 + k)));
    }

    // The standby stops replaying: reads must fall back to the primary rather than answer stale.
    await pair.onStandby("SELECT pg_wal_replay_pause()");
    const fallbacksBefore = (await health(apis[0])).reads.primaryFallbacks;
    try {
      await expectFresh(apis[0], apis[1], SERIES[0], 999);
      expect((await health(apis[0])).reads.primaryFallbacks).toBeGreaterThan(fallbacksBefore);
    } finally {
      await pair.onStandby("SELECT pg_wal_replay_resume()");
    }
    // The reader's polls above may all have found the standby more than readReplicaMaxWaitMs behind
    // the imports (a loaded machine): once they are over, it catches up and serves the reader. Asked
    // with the editor key, which the response cache does not answer, so each ask reads.
    await until(
      "the standby to serve a read of the second API",
      async () => {
        await gql(
          apis[1],
          `{ compare(input: { measure: "households_supported", places: ["P-06-2008"], period: "2022" }) { rows { value } } }`,
          undefined,
          { "x-api-key": EDITOR_KEY },
        );
        return (await health(apis[1])).reads.replicaReads > 0;
      },
      10_000,
      50,
    );
    expect((await health(apis[1])).reads.replicaReads).toBeGreaterThan(0);

    // Every refresh done, none failed, and the rollup is what a clean rebuild makes.
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const failures = () =>
      workers.flatMap((w) =>
        w.out
          .join("")
          .split("\n")
          .filter((l) => l.includes("rollup job failed")),
      );
    await until(
      "the workers to finish every refresh",
      async () => {
        // (not "delayed": the schedule's next rebuild waits there)
        const c = await queue.getJobCounts("waiting", "active", "prioritized");
        const dirty = Number((await primary.query("SELECT count(*) n FROM rollup_dirty")).rows[0].n);
        return c.waiting + c.active + c.prioritized === 0 && dirty === 0;
      },
      30_000,
      100,
    ).catch(async (e) => {
      const state = {
        queue: await queue.getJobCounts(),
        dirty: (await primary.query("SELECT * FROM rollup_dirty")).rows,
      };
      throw new Error(
        `${(e as Error).message}; failed attempts: ${failures().slice(0, 3).join(" / ")}; ${JSON.stringify(state)}`,
      );
    });
    expect(failures()).toEqual([]);
    expect((await queue.getJobCounts("failed")).failed).toBe(0);
    const completed = await queue.getCompleted(0, 200);
    expect(completed.length).toBeGreaterThan(4);
    expect(completed.filter((j) => j.attemptsStarted > 1 || (j.stalledCounter ?? 0) > 0).map((j) => j.id)).toEqual([]);
    expect((await primary.query("SELECT count(*) n FROM rollup_run WHERE error IS NOT NULL")).rows[0].n).toBe("0");
    // Both workers took part.
    expect(workers.map((w) => w.out.join("").includes('"rollup done"'))).toEqual([true, true]);
    await queue.close();

    const served = await rollupDigest(pair.primaryUrl);
    await until(
      "the standby to replay the last refresh",
      async () => (await rollupDigest(pair.standbyUrl)).d === served.d,
      10_000,
      50,
    );
    await rebuildAll(primary);
    expect(await rollupDigest(pair.primaryUrl)).toEqual(served);
    expect(served.n).toBeGreaterThan(0);
  }, 120_000);
});
