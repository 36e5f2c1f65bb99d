import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/db/pool.ts";
import { checkReferencesInBulk } from "../../src/ingest/synth/bulk-checks.ts";
import { parseSynthArgs } from "../../src/ingest/synth/cli-args.ts";
import { synthesize, SynthOptionsError } from "../../src/ingest/synth/synthesize.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

const PREFIX = "synthetic/det";
const N = 5_000;

let a: TestDb;
let b: TestDb;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDb(), createTestDb()]);
});
afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
});

/** Everything a run writes, ids and timestamps aside, in a stable order. */
async function checksum(db: TestDb): Promise<{ md5: string; figures: number; documents: number }> {
  return (
    await db.pool.query(
      `SELECT md5(string_agg(concat_ws('|', d.source_key, d.title, d.publisher, d.published_at, d.url, d.content_hash, f.figure_key, f.place_key,
                  f.ethnicity_code, f.programme_code, f.measure_code, f.period_start, f.period_end, f.kind, f.value, f.qualifier,
                  f.raw_text, f.quote, array_to_string(f.flags, ','), f.flag_reason, f.suggested_value), E'\\n' ORDER BY d.source_key, f.figure_key)) AS md5,
            count(*)::int AS figures, count(DISTINCT d.id)::int AS documents
       FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key LIKE $1`,
      [`${PREFIX}/%`],
    )
  ).rows[0];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], databaseUrl?: string): Promise<Run> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/ingest/synth-cli.ts", ...args],
      { cwd: new URL("../..", import.meta.url).pathname, env, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("synthesize: determinism", () => {
  it("gives the same rows for the same seed and N in another database (either way of checking keys), other rows for another seed", async () => {
    const listener = createClient({ name: "test-listener", connectionString: a.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on("notification", (n) => notified.push(n.payload ?? ""));
    await listener.query("LISTEN data_changed");
    const [ra, rb] = await Promise.all([
      synthesize(a.pool, { facts: N, seed: 5, sourceKey: PREFIX }),
      synthesize(b.pool, { facts: N, seed: 5, sourceKey: PREFIX, foreignKeys: "per-row" }),
    ]);
    expect([ra.foreignKeys, rb.foreignKeys]).toEqual(["bulk", "per-row"]);
    // the skipped statement trigger's notification is sent all the same
    await until("the data_changed notification for figure", async () => notified.includes("figure"), 5000, 20);
    await listener.end();
    expect(ra.inserted).toBe(N);
    expect(rb.documents).toBe(ra.documents);
    const [ca, cb] = await Promise.all([checksum(a), checksum(b)]);
    expect(ca).toEqual(cb);
    expect(ca.figures).toBe(N);

    const other = await synthesize(a.pool, { facts: N, seed: 6, sourceKey: PREFIX });
    // the run replaced the earlier one under the same prefix
    expect(other.replacedDocuments).toBe(ra.documents);
    expect(other.places).toEqual(ra.places);
    const c6 = await checksum(a);
    expect(c6.figures).toBe(N);
    expect(c6.md5).not.toBe(ca.md5);
  });

  it("checks in bulk every reference the skipped per-row checks would have", async () => {
    const client = await b.pool.connect();
    try {
      await client.query("BEGIN");
      const doc = (
        await client.query(
          `INSERT INTO document (source_key, title, content_hash, imported_by) VALUES ('test/bulk', 't', 'x', 'test') RETURNING id`,
        )
      ).rows[0].id;
      await client.query("SET LOCAL session_replication_role = replica");
      await client.query(
        `INSERT INTO figure (document_id, figure_key, place_key, ethnicity_code, programme_code, measure_code, period_start, period_end, kind, value, qualifier, raw_text, quote)
         VALUES ($1, 'a', 'D-99-NOWHERE', 'ALL', 'ALL', 'households', '2022-01-01', '2022-12-31', 'ACTUAL', 1, 'EXACT', '1 hộ', '1 hộ'),
                ($1, 'b', 'VN', 'ALL', 'NO-SUCH-PROGRAMME', 'households', '2022-01-01', '2022-12-31', 'ACTUAL', 1, 'EXACT', '1 hộ', '1 hộ')`,
        [doc],
      );
      await client.query("SET LOCAL session_replication_role = origin");
      await expect(checkReferencesInBulk(client, [doc])).rejects.toThrow(
        "synthetic figures name missing places (1), programmes (1)",
      );
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });

  it("refuses bad options", async () => {
    for (const bad of [
      { facts: 0 },
      { facts: 1.5 },
      { facts: -3 },
      { facts: 100, seed: -1 },
      { facts: 100, sourceKey: "has space" },
    ]) {
      await expect(synthesize(b.pool, bad), JSON.stringify(bad)).rejects.toThrow(SynthOptionsError);
    }
  });
});

describe("npm run synth", () => {
  it("validates its arguments with a clear error", () => {
    const url = "postgresql://x@127.0.0.1/y";
    const error = (argv: string[], db: string | undefined = url) => {
      const r = parseSynthArgs(argv, db);
      return r.ok ? null : r.error;
    };
    expect(error(["--facts", "abc"])).toBe(`--facts must be a whole number, not "abc"`);
    expect(error([])).toBe("--facts is required");
    expect(error(["--facts", "0"])).toMatch(/^facts must be a whole number from 1 to 50,000,000/);
    expect(error(["--facts", "1.5"])).toBe(`--facts must be a whole number, not "1.5"`);
    expect(error(["--facts", "10", "--seed", "x"])).toBe(`--seed must be a whole number, not "x"`);
    expect(error(["--facts", "10", "--bogus"])).toMatch(/bogus/);
    expect(error(["--facts", "10", "--source-key", "a b"])).toMatch(
      /sourceKey must be 1 to 200 characters without spaces/,
    );
    expect(error(["--facts", "10"], "")).toMatch(/^DATABASE_URL is not set/);
    expect(parseSynthArgs(["--facts", "1m", "--seed", "7", "--no-progress"], url)).toEqual({
      ok: true,
      help: false,
      databaseUrl: url,
      progress: false,
      options: { facts: 1_000_000, seed: 7, sourceKey: undefined },
    });
    expect(parseSynthArgs(["--facts", "100_000"], url)).toMatchObject({
      ok: true,
      progress: true,
      options: { facts: 100_000 },
    });
  });

  it("loads, prints the summary and the rollup hint, marks the slices dirty; exits 2 on bad arguments", async () => {
    const [run, bad] = await Promise.all([
      cli(["--facts", "3k", "--seed", "9", "--source-key", PREFIX], b.url),
      cli(["--facts", "lots"], b.url),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--facts must be a whole number, not "lots"`);
    expect(bad.stderr).toContain("usage: npm run synth -- --facts N");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/figures:\s+3,000 \(\d+ flagged IMPLAUSIBLE\)/);
    expect(run.stdout).toMatch(/documents:\s+[\d,]+ under synthetic\/det\/ \(replaced [\d,]+ of an earlier run\)/);
    expect(run.stdout).toMatch(/places:\s+97 provinces, [\d,]+ districts, [\d,]+ communes/);
    expect(run.stdout).toMatch(/time:\s+[\d.]+ s \([\d,]+ figures\/s; foreign keys checked in bulk after COPY\)/);
    expect(run.stdout).toContain("npm run rollup -- --full --now");
    expect((await checksum(b)).figures).toBe(3000);
    const clean = (
      await b.pool.query(
        `SELECT count(*)::int AS n FROM (SELECT DISTINCT measure_code, kind, period_start, period_end FROM figure) s
        WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty d WHERE (d.measure_code, d.kind, d.period_start, d.period_end) = (s.measure_code, s.kind, s.period_start, s.period_end))`,
      )
    ).rows[0].n;
    expect(clean).toBe(0);
  });
});

describe("synthesize: rollups", () => {
  it("rebuilds the rollups over a synthetic set; the national total is the sum the rules give", async () => {
    // b holds the 3,000 figures of the CLI run above (seed 9).
    const run = await rebuildAll(b.pool);
    expect(run.rows).toBeGreaterThan(3000);
    expect((await b.pool.query(`SELECT count(*)::int AS n FROM rollup_dirty`)).rows[0].n).toBe(0);

    // Household counts are stated for all programmes, for ALL or DTTS only (never per single group,
    // never Kinh), so the rules reduce to: a district's ALL is its own ALL figure, else its DTTS one
    // (the only ethnic part); a district's is its own figure, else the sum of its communes', else its
    // own DTTS figure; a province's is its own figure, else the sum of its districts', else (ALL) its
    // own DTTS figure; the nation is the sum of the provinces. Flagged figures left out.
    // The measure, ethnicity and year with the most provinces stating a total beside district figures:
    const pick = (
      await b.pool.query(
        `SELECT f.measure_code AS measure, f.ethnicity_code AS eth, extract(year FROM f.period_start)::int AS year
         FROM figure f JOIN place p ON p.key = f.place_key
        WHERE f.measure_code IN ('households', 'poor_households', 'near_poor_households') AND f.kind = 'ACTUAL'
          AND f.period_end - f.period_start = 364 AND f.period_start < '2025-01-01'
        GROUP BY 1, 2, 3
        ORDER BY count(DISTINCT p.key) FILTER (WHERE p.level = 'PROVINCE' AND EXISTS (
                   SELECT 1 FROM figure g JOIN place d ON d.key = g.place_key AND d.parent_key = p.key
                    WHERE (g.measure_code, g.ethnicity_code, g.kind, g.period_start, g.period_end) = (f.measure_code, f.ethnicity_code, f.kind, f.period_start, f.period_end))) DESC,
                 count(*) DESC, 1, 2, 3
        LIMIT 1`,
      )
    ).rows[0] as { measure: string; eth: string; year: number };
    const expected = (
      await b.pool.query(
        `WITH f AS (SELECT place_key, ethnicity_code, value FROM figure
                   WHERE measure_code = $1 AND ethnicity_code IN ($2, 'DTTS') AND programme_code = 'ALL' AND kind = 'ACTUAL'
                     AND period_start = make_date($3, 1, 1) AND period_end = make_date($3, 12, 31) AND NOT 'IMPLAUSIBLE' = ANY(flags)),
            own AS (SELECT place_key, max(value) FILTER (WHERE ethnicity_code = $2) AS asked, max(value) FILTER (WHERE ethnicity_code = 'DTTS') AS dtts
                      FROM f GROUP BY 1),
            commune AS (SELECT c.parent_key, coalesce(o.asked, o.dtts) AS value FROM own o JOIN place c ON c.key = o.place_key AND c.level = 'COMMUNE'),
            district AS (SELECT d.parent_key, coalesce(o.asked, (SELECT sum(value) FROM commune WHERE parent_key = d.key), o.dtts) AS value
                           FROM place d LEFT JOIN own o ON o.place_key = d.key WHERE d.level = 'DISTRICT'),
            province AS (
              SELECT p.key, o.asked AS reported, (SELECT sum(value) FROM district WHERE parent_key = p.key) AS parts, o.dtts
                FROM place p LEFT JOIN own o ON o.place_key = p.key WHERE p.level = 'PROVINCE' AND p.valid_to IS NOT NULL),
            valued AS (SELECT *, coalesce(reported, parts, dtts) AS value FROM province)
       SELECT sum(value)::text AS total, count(value)::int AS provinces,
              count(*) FILTER (WHERE reported IS NOT NULL AND parts IS NOT NULL AND parts <> reported)::int AS reported_over_parts
         FROM valued`,
        [pick.measure, pick.eth, pick.year],
      )
    ).rows[0];
    expect(expected.provinces).toBeGreaterThanOrEqual(3);
    // and the rule that matters is exercised: a province's own total beats the sum of its districts
    expect(expected.reported_over_parts).toBeGreaterThanOrEqual(1);
    const cell = async (boundary: string) =>
      (
        await b.pool.query(
          `SELECT trim_scale(value)::text AS value, derivation::text FROM rollup
        WHERE boundary = $1 AND measure_code = $2 AND kind = 'ACTUAL' AND place_key = 'VN' AND ethnicity_code = $3
          AND programme_code = 'ALL' AND period_start = make_date($4, 1, 1) AND period_end = make_date($4, 12, 31)`,
          [boundary, pick.measure, pick.eth, pick.year],
        )
      ).rows[0];
    const asReported = await cell("AS_REPORTED");
    expect(asReported).toEqual({ value: expected.total.replace(/\.?0+$/, ""), derivation: "SUM_OF_PARTS" });
    expect(await cell("CURRENT")).toEqual(asReported);
  });
});
