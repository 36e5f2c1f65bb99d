import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { analytics, ROWS_COMPARED_FIRST } from "../../src/query/analytics/analytics.ts";
import { analyticsCsv } from "../../src/query/analytics/csv.ts";
import { RATE_RANK_PARTS, rankedInSql, rankInSqlChecks } from "../../src/query/analytics/rank-in-sql.ts";
import type { AnalyticsData, AnalyticsInput } from "../../src/query/analytics/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { countingPool } from "../support/counting-pool.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { rng } from "../support/rng.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// A top-N by a rate is ranked in SQL (src/query/analytics/rank-in-sql.ts, analytics_rate_rank) and
// only the places of the rows that may be shown are composed: the answer must be byte for byte the
// one composing every row gives. Random rates and counts over two provinces' districts and some of
// their communes, 2019-2024: rates reported (bounded, flagged, for a quarter only: the latest in the
// year stands), counts at the district (a zero denominator too), summed from communes (a side missing
// at some), over ethnic groups, over programmes (a union: computed by the rules), in quarters.
vi.mock("../../src/query/analytics/rank-in-sql.ts", async (original) => {
  const real = await original<typeof import("../../src/query/analytics/rank-in-sql.ts")>();
  return { ...real, rankedInSql: vi.fn(real.rankedInSql) };
});

let db: TestDb;
let ref: ReferenceCache;
const PROVINCES = ["P-06-2008", "P-20-2008"];
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const children = async (parents: string[]) =>
    (
      await db.pool.query<{ key: string }>(
        `SELECT child_key AS key FROM place_edge WHERE boundary = 'AS_REPORTED' AND parent_key = ANY($1) ORDER BY 1`,
        [parents],
      )
    ).rows.map((r) => r.key);
  const districts = await children(PROVINCES);
  const figures: RawFigure[] = [];
  const add = (f: Omit<RawFigure, "key">) => figures.push({ ...f, key: `k${figures.length}` });
  const qualifier = () => pick(["EXACT", "EXACT", "EXACT", "AT_LEAST", "AT_MOST", "ABOUT"]);
  const counts = (place: string, period: [string, string], extra: Partial<RawFigure> = {}) => {
    const households = random() < 0.05 ? 0 : 100 + Math.floor(random() * 9000);
    const poor = Math.floor(households * random() * 0.4);
    if (random() < 0.9)
      add({ place, measure: "households", period, value: households, qualifier: qualifier(), ...extra });
    if (random() < 0.9)
      add({ place, measure: "poor_households", period, value: poor, qualifier: qualifier(), ...extra });
  };
  for (const district of districts) {
    const communes = await children([district]);
    for (const year of YEARS) {
      const period: [string, string] = [`${year}-01-01`, `${year}-12-31`];
      const shape = random();
      if (shape < 0.25)
        add({
          place: district,
          measure: "poverty_rate",
          period,
          value: (Math.floor(random() * 3000) / 100).toFixed(2),
          qualifier: qualifier(),
          flags: random() < 0.1 ? ["IMPLAUSIBLE"] : [],
        });
      else if (shape < 0.35) {
        // a rate for parts of the year only (the latest stands), counts for another part
        for (const part of [
          [`${year}-04-01`, `${year}-06-30`],
          [`${year}-10-01`, `${year}-12-31`],
          [`${year}-01-01`, `${year}-06-30`],
          [`${year}-07-01`, `${year}-12-31`],
        ] as [string, string][])
          if (random() < 0.5)
            add({
              place: district,
              measure: "poverty_rate",
              period: part,
              value: (Math.floor(random() * 3000) / 100).toFixed(2),
            });
          else if (random() < 0.3) counts(district, part);
      } else if (shape < 0.55) counts(district, period);
      else if (shape < 0.75) for (let i = 0; i < 3; i++) counts(pick(communes), period);
      else if (shape < 0.85) for (const ethnicity of ["DTTS", "01", "07"]) counts(district, period, { ethnicity });
      else if (shape < 0.92) for (const programme of ["CREDIT", "EDUCATION"]) counts(district, period, { programme });
      else counts(pick(communes), [`${year}-07-01`, `${year}-09-30`]);
      if (random() < 0.15) counts(pick(communes), period, { ethnicity: "DTTS" });
    }
  }
  // Thủ Đức city's children's keys enclose communes of Gò Vấp (analytics_rate_rank's walk reads a
  // place's children by the range of their keys): those must not count in the city's rate.
  const thuDuc = await children(["D-79-THU-DUC"]);
  for (const year of YEARS.filter((y) => y >= 2021)) {
    const period: [string, string] = [`${year}-01-01`, `${year}-12-31`];
    for (let i = 0; i < 3; i++) counts(pick(thuDuc), period);
    counts("C-26875-20080801", period);
  }
  await insertDocument(db.pool, figures);
  await rebuildAll(db.pool);
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => {
  await db?.drop();
});

const deps = () => ({ pool: db.pool, ref, groups: async () => null });

/** The answer as a client sees it: rows, total, when computed and the CSV. */
async function answer(q: AnalyticsInput, inSql: boolean): Promise<string> {
  if (!inSql) vi.mocked(rankedInSql).mockResolvedValueOnce(null);
  const a: AnalyticsData = await analytics(deps(), q);
  const { expansion: _e, ...rest } = a;
  return JSON.stringify({ ...rest, csv: analyticsCsv(a, ref) });
}

/** The top districts by poverty rate, 2019-2024 yearly (the researchers' question, issue 18). */
const q = (limit: number): AnalyticsInput => ({
  measures: [{ code: "poverty_rate" }],
  places: [{ level: "DISTRICT" }],
  periods: { from: "2019", to: "2024", granularity: "YEAR" },
  orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
  limit,
});

/** The shortest page of `q` with rows under both poverty standards (2016-2021 and 2022-2025). */
async function mixedPage(): Promise<number> {
  const whole = await analytics(deps(), q(5000));
  return 1 + whole.rows.findIndex((r) => r.periodStart! < "2022" !== whole.rows[0].periodStart! < "2022");
}

const questions: [string, AnalyticsInput][] = [];
for (const direction of ["DESC", "ASC"] as const)
  for (const [limit, offset] of [
    [1, 0],
    [3, 0],
    [5, 2],
    [4, 9],
  ]) {
    const base = {
      measures: [{ code: "poverty_rate" }],
      orderBy: [{ measure: "poverty_rate", direction }],
      limit,
      offset,
    };
    const years = { from: "2019", to: "2024", granularity: "YEAR" as const };
    questions.push(
      [
        `districts, years, ${direction} ${limit}@${offset}`,
        { ...base, places: [{ level: "DISTRICT" }], periods: years },
      ],
      [
        `two provinces' districts, ${direction} ${limit}@${offset}`,
        { ...base, places: PROVINCES.map((within) => ({ level: "DISTRICT" as const, within })), periods: years },
      ],
      [
        `districts, two years listed, ${direction} ${limit}@${offset}`,
        { ...base, places: [{ level: "DISTRICT", within: "P-20-2008" }], periods: { list: ["2020", "2023"] } },
      ],
      [
        `districts, halves, ${direction} ${limit}@${offset}`,
        {
          ...base,
          places: [{ level: "DISTRICT" }],
          periods: { from: "2021", to: "2023", granularity: "HALF" },
        },
      ],
      [
        `districts, DTTS, ${direction} ${limit}@${offset}`,
        { ...base, places: [{ level: "DISTRICT" }], periods: years, filter: { ethnicity: "DTTS" } },
      ],
    );
  }

describe("analytics: a top-N by a rate ranked in SQL", () => {
  it("gives the answer composing every row gives, byte for byte", async () => {
    const before = { ...rankInSqlChecks };
    for (const [name, q] of questions) expect(await answer(q, true), name).toBe(await answer(q, false));
    expect(rankInSqlChecks.disagreed).toBe(before.disagreed);
    // the comparison is not vacuous: most questions were ranked in SQL
    expect(rankInSqlChecks.ranked - before.ranked).toBeGreaterThan(questions.length / 2);
    // ranked in parts (every district)
    expect(rankInSqlChecks.inParts - before.inParts).toBeGreaterThan(questions.length / 4);
  });

  it("values every row as the rules do, the rows it cannot follow marked", async () => {
    const districts = (
      await db.pool.query<{ key: string }>(`SELECT key FROM place WHERE level = 'DISTRICT' ORDER BY key`)
    ).rows.map((r) => r.key);
    let unknown = 0;
    for (const [ethnicity, granularity] of [
      ["ALL", "YEAR"],
      ["ALL", "HALF"],
      ["DTTS", "YEAR"],
    ] as const) {
      const all = await analytics(deps(), {
        measures: [{ code: "poverty_rate" }],
        places: [{ keys: districts }],
        periods: { from: "2019", to: "2024", granularity },
        filter: { ethnicity },
        limit: 5000,
      });
      const buckets = [...new Map(all.rows.map((r) => [r.periodStart!, r.periodEnd!])).entries()].sort();
      const ranked = await db.pool.query(
        `SELECT place_key, bucket, rate, unknown FROM analytics_rate_rank('AS_REPORTED', $1, $2, 'ALL', 'ACTUAL',
           'poverty_rate', 'poor_households', 'households', true, '2019-01-01', '2024-12-31', $3, $4)`,
        [districts, ethnicity, buckets.map((b) => b[0]), buckets.map((b) => b[1])],
      );
      const inSql = new Map(ranked.rows.map((r) => [`${r.place_key}|${buckets[r.bucket - 1][0]}`, r]));
      const byRules = new Map(all.rows.map((r) => [`${r.placeKey}|${r.periodStart}`, r.values[0].value!.toNumber()]));
      for (const [key, r] of inSql) {
        if (r.unknown) {
          unknown++;
          continue;
        }
        const value = byRules.get(key);
        if (r.rate === null) expect(value, key).toBeUndefined();
        else expect(Math.abs(value! - r.rate), key).toBeLessThan(1e-9 * Math.max(1, Math.abs(r.rate)));
      }
      for (const key of byRules.keys()) expect(inSql.has(key), key).toBe(true);
    }
    expect(unknown).toBeGreaterThan(0);
  });

  it("sends a bounded number of statements: one more per part of the ranking than composing every row, twice as many when the page shows one poverty standard", async () => {
    const counter = { sent: 0 };
    const counting = { pool: countingPool(db.pool, counter), ref, groups: async () => null };
    const statements = async (limit: number, inSql: boolean) => {
      if (!inSql) vi.mocked(rankedInSql).mockResolvedValueOnce(null);
      const ranked = rankInSqlChecks.ranked;
      counter.sent = 0;
      await analytics(counting, q(limit));
      expect(rankInSqlChecks.ranked - ranked).toBe(inSql ? 1 : 0);
      return counter.sent;
    };
    // the first rows under both standards (2016-2021 and 2022-2025): the page compares them by itself
    const mixed = await mixedPage();
    expect(mixed).toBeGreaterThan(1);
    expect(await statements(mixed, true)).toBeLessThanOrEqual((await statements(mixed, false)) + RATE_RANK_PARTS);
    expect(await statements(1, true)).toBeLessThanOrEqual(2 * (await statements(1, false)) + RATE_RANK_PARTS);
  });

  it("asks the ranking whole again when a part of it has no row", async () => {
    // one district with figures among districts without: the parts interleave the places
    const keys = (
      await db.pool.query<{ key: string }>(
        `SELECT key FROM place WHERE level = 'DISTRICT' AND key NOT LIKE 'D-79-%'
            AND NOT EXISTS (SELECT FROM place_edge e WHERE e.child_key = key AND e.parent_key = ANY($1))
          ORDER BY key`,
        [PROVINCES],
      )
    ).rows.map((r) => r.key);
    const withFigures = (
      await db.pool.query<{ key: string }>(
        `SELECT place_key AS key FROM rollup WHERE measure_code = 'households' AND place_key LIKE 'D-%'
          ORDER BY 1 LIMIT 1`,
      )
    ).rows[0].key;
    const before = { ...rankInSqlChecks };
    const q: AnalyticsInput = {
      measures: [{ code: "poverty_rate" }],
      places: [{ keys: [withFigures, ...keys] }],
      periods: { from: "2019", to: "2024", granularity: "YEAR" },
      orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
      limit: 2,
    };
    expect(await answer(q, true)).toBe(await answer(q, false));
    expect(rankInSqlChecks.askedWhole - before.askedWhole).toBe(1);
    expect(rankInSqlChecks.ranked - before.ranked).toBe(1);
  });

  it("is computed at the oldest of the cells the ranking read, those of rows not gathered too", async () => {
    // a page of rows under both poverty standards: answered from the rows gathered (one standard: from every row)
    const limit = await mixedPage();
    await answer(q(limit), true);
    const top = await vi.mocked(rankedInSql).mock.results.at(-1)!.value;
    const gathered = new Set(top!.targets.map((t: { place: { key: string } }) => t.place.key));
    // the households of a year of a district the ranking valued from its counts but did not gather
    // (only that row's walk reads it), computed a day before every other cell
    const { rows } = await db.pool.query<{ place_key: string; period_start: string; aged: Date }>(
      `SELECT d.place_key, d.period_start::text, d.computed_at - interval '1 day' AS aged FROM rollup d
        WHERE d.measure_code = 'households' AND d.ethnicity_code = 'ALL' AND d.programme_code = 'ALL'
          AND d.place_key LIKE 'D-%' AND d.place_key NOT LIKE 'D-79-%' AND NOT d.place_key = ANY($1)
          AND d.period_start >= '2019-01-01'
          AND d.period_end = d.period_start + interval '1 year' - interval '1 day'
          AND EXISTS (SELECT FROM rollup n WHERE n.measure_code = 'poor_households' AND n.place_key = d.place_key
                         AND n.ethnicity_code = 'ALL' AND n.programme_code = 'ALL'
                         AND (n.period_start, n.period_end) = (d.period_start, d.period_end))
          AND NOT EXISTS (SELECT FROM rollup r WHERE r.measure_code = 'poverty_rate' AND r.place_key = d.place_key
                             AND r.period_start >= d.period_start AND r.period_end <= d.period_end)
        ORDER BY d.place_key DESC, d.period_start LIMIT 1`,
      [[...gathered]],
    );
    const aged = rows[0];
    const age = (sign: "-" | "+") =>
      db.pool.query(
        `UPDATE rollup SET computed_at = computed_at ${sign} interval '1 day'
          WHERE measure_code = 'households' AND ethnicity_code = 'ALL' AND programme_code = 'ALL'
            AND place_key = $1 AND period_start = $2`,
        [aged.place_key, aged.period_start],
      );
    await age("-");
    try {
      const ranked = rankInSqlChecks.ranked;
      const inSql = await answer(q(limit), true);
      expect(rankInSqlChecks.ranked - ranked).toBe(1);
      expect(inSql).toBe(await answer(q(limit), false));
      expect(JSON.parse(inSql).computedAt).toBe(aged.aged.toISOString());
    } finally {
      await age("+");
    }
  });

  it("holds the cases the statement must follow", async () => {
    const all = JSON.parse(
      await answer(
        {
          measures: [{ code: "poverty_rate" }],
          places: [{ level: "DISTRICT" }],
          periods: { from: "2019", to: "2024", granularity: "YEAR" },
        },
        false,
      ),
    ) as { rows: { values: { derivation: string; flags: string[]; coverage: { dimension: string | null } }[] }[] };
    const values = all.rows.map((r) => r.values[0]);
    const dimensions = new Set(values.map((v) => `${v.derivation}:${v.coverage.dimension}`));
    expect(dimensions).toEqual(
      new Set([
        "REPORTED:null",
        "RATIO_OF_SUMS:null",
        "RATIO_OF_SUMS:PLACE",
        "RATIO_OF_SUMS:ETHNICITY",
        "RATIO_OF_SUMS:PROGRAMME",
      ]),
    );
    const flags = new Set(values.flatMap((v) => v.flags));
    for (const f of ["UNMATCHED_LEFT_OUT", "POVERTY_STANDARDS_DIFFER"]) expect(flags).toContain(f);
  });

  // Last: it states poverty standards on the figures.
  it("compares a page under one poverty standard with rows of the other's periods first, and with every row when those show none", async () => {
    const flagsOfTop = (a: string) => (JSON.parse(a) as AnalyticsData).rows[0].values[0].flags;
    const settled = rankInSqlChecks.comparedFirst;
    const first = await answer(q(1), true);
    expect(first).toBe(await answer(q(1), false));
    expect(rankInSqlChecks.comparedFirst - settled).toBe(1);
    expect(flagsOfTop(first)).toContain("POVERTY_STANDARDS_DIFFER");
    const newer = (JSON.parse(first) as AnalyticsData).rows[0].periodStart! >= "2022";
    const pageStandard = newer ? "MULTIDIMENSIONAL_2022_2025" : "MULTIDIMENSIONAL_2016_2020";

    // Every figure of the other standard's periods stated under the page's, but for one district in the
    // last of those years: the rows compared first (the earlier years') show only the page's standard.
    const otherYears = YEARS.filter((y) => y >= 2022 !== newer);
    const lastYear = otherYears.at(-1)!;
    const yearOf = (r: { periodStart: string | null }) => Number(r.periodStart!.slice(0, 4));
    const valued = (await analytics(deps(), { ...q(5000), orderBy: [] })).rows.filter(
      (r) => r.values[0].value !== null,
    );
    // enough rows of the earlier years that the rows compared first never reach the last year
    expect(valued.filter((r) => otherYears.includes(yearOf(r)) && yearOf(r) !== lastYear).length).toBeGreaterThan(
      ROWS_COMPARED_FIRST,
    );
    const witness = valued.find((r) => yearOf(r) === lastYear)!.placeKey;
    const stated = await db.pool.query(
      `UPDATE figure SET poverty_standard = $1
        WHERE extract(year FROM period_start) = ANY($2::int[])
          AND NOT (extract(year FROM period_start) = $3 AND (place_key = $4
                   OR place_key IN (SELECT child_key FROM place_edge WHERE parent_key = $4)))`,
      [pageStandard, otherYears, lastYear, witness],
    );
    expect(stated.rowCount).toBeGreaterThan(0);
    try {
      const inSql = await answer(q(1), true);
      expect(inSql).toBe(await answer(q(1), false));
      expect(rankInSqlChecks.comparedFirst - settled).toBe(1); // not settled first: every row was compared
      expect(flagsOfTop(inSql)).toContain("POVERTY_STANDARDS_DIFFER"); // the witness's row
    } finally {
      await db.pool.query("UPDATE figure SET poverty_standard = NULL");
    }
  });
});
