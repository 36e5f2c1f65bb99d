import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { programmeChildCountsSql } from "../../src/rollup/engine-sql.ts";
import { rebuildAll, refreshSlices } from "../../src/rollup/rebuild.ts";
import { insertDocument } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.pool.query("TRUNCATE figure, document, figure_audit, rollup, rollup_run RESTART IDENTITY CASCADE");
});

async function cell(
  place: string,
  measure: string,
  opts: { boundary?: string; ethnicity?: string; programme?: string; kind?: string; period?: [string, string] } = {},
) {
  const [start, end] = opts.period ?? ["2022-01-01", "2022-12-31"];
  const r = await db.pool.query(
    `SELECT value::text, lower::text, upper::text, qualifier::text, derivation::text, parts_dimension, covered_children, total_children,
            figure_count, figure_ids::text[] AS ids, flagged_excluded
       FROM rollup WHERE boundary = $1 AND place_key = $2 AND measure_code = $3 AND ethnicity_code = $4 AND programme_code = $5 AND kind = $6
        AND period_start = $7 AND period_end = $8`,
    [
      opts.boundary ?? "AS_REPORTED",
      place,
      measure,
      opts.ethnicity ?? "ALL",
      opts.programme ?? "ALL",
      opts.kind ?? "ACTUAL",
      start,
      end,
    ],
  );
  return r.rows[0] ?? null;
}

describe("rollup engine", () => {
  it("uses a province's reported figure as is, never adding its districts to it", async () => {
    await insertDocument(db.pool, [
      { place: "P-06-2008", measure: "households_supported", value: 1000 },
      { place: "D-06-BACH-THONG", measure: "households_supported", value: 416 },
      { place: "D-06-BA-BE", measure: "households_supported", value: 300 },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("P-06-2008", "households_supported")).toMatchObject({
      value: "1000.000000",
      derivation: "REPORTED",
      qualifier: "EXACT",
    });
  });

  it("sums districts when the province reported nothing, with coverage of the districts that existed", async () => {
    await insertDocument(db.pool, [
      { place: "D-06-BACH-THONG", measure: "households_supported", value: 416 },
      { place: "D-06-BA-BE", measure: "households_supported", value: 300, qualifier: "AT_LEAST" },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("P-06-2008", "households_supported")).toMatchObject({
      value: "716.000000",
      lower: "716.000000",
      upper: null,
      qualifier: "AT_LEAST",
      derivation: "SUM_OF_PARTS",
      parts_dimension: "PLACE",
      covered_children: 2,
      total_children: 8,
      figure_count: 2,
    });
    // up the tree: region and nation see the same sum, coverage 1 of 14 provinces of the north
    expect(await cell("R-NMM", "households_supported")).toMatchObject({
      value: "716.000000",
      covered_children: 1,
      total_children: 14,
    });
    expect(await cell("VN", "households_supported")).toMatchObject({
      value: "716.000000",
      covered_children: 1,
      total_children: 6,
    });
  });

  it("counts Bắc Kạn inside Thái Nguyên under CURRENT boundaries, and keeps it apart AS_REPORTED", async () => {
    await insertDocument(db.pool, [
      { place: "D-06-BACH-THONG", measure: "loans_outstanding_vnd", value: "25796000000", programme: "CREDIT-POOR" },
      { place: "P-19-2008", measure: "loans_outstanding_vnd", value: "100000000000", programme: "CREDIT-POOR" },
      { place: "P-20-2008", measure: "loans_outstanding_vnd", value: "50000000000", programme: "CREDIT-POOR" },
    ]);
    await rebuildAll(db.pool);
    expect(
      await cell("P-19-2025", "loans_outstanding_vnd", { boundary: "CURRENT", programme: "CREDIT-POOR" }),
    ).toMatchObject({
      value: "125796000000.000000",
      derivation: "SUM_OF_PARTS",
      parts_dimension: "PLACE",
      covered_children: 2,
      total_children: 2,
    });
    expect(
      await cell("P-20-2025", "loans_outstanding_vnd", { boundary: "CURRENT", programme: "CREDIT-POOR" }),
    ).toMatchObject({ value: "50000000000.000000", covered_children: 1, total_children: 1 });
    expect(await cell("P-19-2008", "loans_outstanding_vnd", { programme: "CREDIT-POOR" })).toMatchObject({
      value: "100000000000.000000",
      derivation: "REPORTED",
    });
    expect(await cell("P-06-2008", "loans_outstanding_vnd", { programme: "CREDIT-POOR" })).toMatchObject({
      value: "25796000000.000000",
    });
    // CURRENT stores only the 2025 units and above: old units are read AS_REPORTED
    expect(
      await cell("P-06-2008", "loans_outstanding_vnd", { boundary: "CURRENT", programme: "CREDIT-POOR" }),
    ).toBeNull();
    expect(await cell("VN", "loans_outstanding_vnd", { boundary: "CURRENT", programme: "CREDIT-POOR" })).toMatchObject({
      value: "175796000000.000000",
    });
  });

  it("sums loan types into the credit programme, and the programme total beats its parts", async () => {
    await insertDocument(db.pool, [
      { place: "D-06-BACH-THONG", measure: "loans_outstanding_vnd", value: "25796000000", programme: "CREDIT-POOR" },
      {
        place: "D-06-BACH-THONG",
        measure: "loans_outstanding_vnd",
        value: "37921000000",
        programme: "CREDIT-NEAR-POOR",
      },
      { place: "D-06-BA-BE", measure: "loans_outstanding_vnd", value: "9000000000", programme: "CREDIT" },
      { place: "D-06-BA-BE", measure: "loans_outstanding_vnd", value: "1", programme: "CREDIT-POOR" },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("D-06-BACH-THONG", "loans_outstanding_vnd", { programme: "CREDIT" })).toMatchObject({
      value: "63717000000.000000",
      derivation: "SUM_OF_PARTS",
      parts_dimension: "PROGRAMME",
      covered_children: 2,
      total_children: 11,
    });
    expect(await cell("D-06-BA-BE", "loans_outstanding_vnd", { programme: "CREDIT" })).toMatchObject({
      value: "9000000000.000000",
      derivation: "REPORTED",
    });
    expect(await cell("P-06-2008", "loans_outstanding_vnd", { programme: "CREDIT" })).toMatchObject({
      value: "72717000000.000000",
      parts_dimension: "PLACE",
    });
    expect(await cell("P-06-2008", "loans_outstanding_vnd")).toMatchObject({ value: "72717000000.000000" });
  });

  it("sums ethnic groups into DTTS, and DTTS + Kinh into ALL", async () => {
    await insertDocument(db.pool, [
      { place: "P-20-2008", measure: "poor_households", value: 100, ethnicity: "02" },
      { place: "P-20-2008", measure: "poor_households", value: 50, ethnicity: "07", qualifier: "ABOUT" },
      { place: "P-20-2008", measure: "poor_households", value: 10, ethnicity: "01" },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("P-20-2008", "poor_households", { ethnicity: "DTTS" })).toMatchObject({
      value: "150.000000",
      qualifier: "ABOUT",
      covered_children: 2,
      total_children: 53,
      parts_dimension: "ETHNICITY",
    });
    expect(await cell("P-20-2008", "poor_households")).toMatchObject({
      value: "160.000000",
      qualifier: "ABOUT",
      covered_children: 2,
      total_children: 2,
    });
  });

  it("keeps rates as reported and never sums them", async () => {
    await insertDocument(db.pool, [
      { place: "D-91-GIANG-THANH", measure: "poverty_rate", value: "7.96" },
      { place: "D-91-AN-MINH", measure: "poverty_rate", value: "5.04" },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("D-91-GIANG-THANH", "poverty_rate")).toMatchObject({ value: "7.960000", derivation: "REPORTED" });
    expect(await cell("P-91-2008", "poverty_rate")).toBeNull();
  });

  it("excludes flagged figures and says how many were left out", async () => {
    const { ids } = await insertDocument(db.pool, [
      {
        place: "D-06-BACH-THONG",
        measure: "spending_vnd",
        value: "1218000000000",
        programme: "EDU-LUNCH",
        flags: ["IMPLAUSIBLE"],
      },
      { place: "D-06-BACH-THONG", measure: "spending_vnd", value: "511900000", programme: "EDU-STUDY-COSTS" },
    ]);
    await rebuildAll(db.pool);
    expect(await cell("D-06-BACH-THONG", "spending_vnd", { programme: "EDU-LUNCH" })).toBeNull();
    expect(await cell("D-06-BACH-THONG", "spending_vnd", { programme: "EDUCATION" })).toMatchObject({
      value: "511900000.000000",
      flagged_excluded: 1,
      ids: [ids[1]],
    });
    expect(await cell("P-06-2008", "spending_vnd")).toMatchObject({ value: "511900000.000000", flagged_excluded: 1 });
  });

  it("lets the latest document win for the same cell, and sums parts stated in one document", async () => {
    await insertDocument(
      db.pool,
      [{ place: "P-20-2008", measure: "houses_built", value: 259, programme: "GREAT-UNITY-HOUSES" }],
      { publishedAt: "2022-01-01" },
    );
    await insertDocument(
      db.pool,
      [
        { place: "P-20-2008", measure: "houses_built", value: 259, programme: "GREAT-UNITY-HOUSES", key: "a" },
        { place: "P-20-2008", measure: "houses_built", value: 3, programme: "GREAT-UNITY-HOUSES", key: "b" },
      ],
      { publishedAt: "2022-12-28" },
    );
    await rebuildAll(db.pool);
    expect(await cell("P-20-2008", "houses_built", { programme: "GREAT-UNITY-HOUSES" })).toMatchObject({
      value: "262.000000",
      figure_count: 2,
    });
  });

  it("refreshes only the slices an import touched, with the same result as a full rebuild", async () => {
    await insertDocument(db.pool, [{ place: "D-06-BACH-THONG", measure: "households_supported", value: 416 }]);
    await insertDocument(db.pool, [{ place: "D-06-BACH-THONG", measure: "workers_employed", value: 727 }]);
    await rebuildAll(db.pool);
    const otherBefore = await cell("P-06-2008", "workers_employed");
    await insertDocument(db.pool, [{ place: "D-06-BA-BE", measure: "households_supported", value: 100 }]);
    const r = await refreshSlices(db.pool, [
      { measureCode: "households_supported", kind: "ACTUAL", periodStart: "2022-01-01", periodEnd: "2022-12-31" },
    ]);
    expect(r.slices).toBe(1);
    expect(await cell("P-06-2008", "households_supported")).toMatchObject({ value: "516.000000", covered_children: 2 });
    expect(await cell("P-06-2008", "workers_employed")).toEqual(otherBefore);
    const incremental = (await db.pool.query("SELECT * FROM rollup ORDER BY 1,2,3,4,5,6,7,8")).rows.map(
      ({ computed_at, ...r }) => r,
    );
    await rebuildAll(db.pool);
    const full = (await db.pool.query("SELECT * FROM rollup ORDER BY 1,2,3,4,5,6,7,8")).rows.map(
      ({ computed_at, ...r }) => r,
    );
    expect(incremental).toEqual(full);
    // the swapped-in table keeps the migration's names: the primary key and nothing left behind
    const constraints = await db.pool.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'rollup'::regclass`);
    expect(constraints.rows.map((r) => r.conname)).toEqual(["rollup_pkey"]);
    expect(
      (await db.pool.query(`SELECT to_regclass('rollup_next') AS a, to_regclass('rollup_old') AS b`)).rows[0],
    ).toEqual({ a: null, b: null });
  });

  it("sums a flow's non-overlapping periods into its calendar year, never a stock's, and a reported year wins", async () => {
    const q = (start: string, end: string) => [start, end] as [string, string];
    await insertDocument(db.pool, [
      {
        place: "D-06-BACH-THONG",
        measure: "health_insurance_cards",
        value: 100,
        period: q("2023-01-01", "2023-03-31"),
      },
      {
        place: "D-06-BACH-THONG",
        measure: "health_insurance_cards",
        value: 50,
        qualifier: "AT_LEAST",
        period: q("2023-04-01", "2023-06-30"),
      },
      { place: "D-06-BA-BE", measure: "health_insurance_cards", value: 7, period: q("2023-01-01", "2023-03-31") },
      { place: "D-06-BA-BE", measure: "health_insurance_cards", value: 9, period: q("2023-01-01", "2023-06-30") },
      { place: "D-06-NA-RI", measure: "health_insurance_cards", value: 1000, period: q("2023-01-01", "2023-12-31") },
      { place: "D-06-NA-RI", measure: "health_insurance_cards", value: 1, period: q("2023-01-01", "2023-03-31") },
      { place: "D-06-BACH-THONG", measure: "poor_households", value: 400, period: q("2023-01-01", "2023-01-01") },
      { place: "D-06-BACH-THONG", measure: "poor_households", value: 380, period: q("2023-07-01", "2023-07-01") },
    ]);
    await rebuildAll(db.pool);
    const year: [string, string] = ["2023-01-01", "2023-12-31"];
    expect(await cell("D-06-BACH-THONG", "health_insurance_cards", { period: year })).toMatchObject({
      value: "150.000000",
      qualifier: "AT_LEAST",
      derivation: "SUM_OF_PARTS",
      parts_dimension: "PERIOD",
      covered_children: 6,
      total_children: 12,
    });
    expect(await cell("D-06-BA-BE", "health_insurance_cards", { period: year })).toBeNull(); // Jan–Mar and Jan–Jun overlap
    expect(await cell("D-06-NA-RI", "health_insurance_cards", { period: year })).toMatchObject({
      value: "1000.000000",
      derivation: "REPORTED",
    });
    expect(await cell("D-06-BACH-THONG", "poor_households", { period: year })).toBeNull(); // a stock is not added over time
    // the province's year: the sum of its districts' years (Ba Bể has none)
    expect(await cell("P-06-2008", "health_insurance_cards", { period: year })).toMatchObject({
      value: "1150.000000",
      parts_dimension: "PLACE",
      covered_children: 2,
      total_children: 8,
    });

    // a new quarter refreshes the year through its slice
    await insertDocument(db.pool, [
      { place: "D-06-BACH-THONG", measure: "health_insurance_cards", value: 25, period: q("2023-07-01", "2023-09-30") },
    ]);
    await refreshSlices(db.pool, [
      { measureCode: "health_insurance_cards", kind: "ACTUAL", periodStart: "2023-07-01", periodEnd: "2023-09-30" },
    ]);
    expect(await cell("D-06-BACH-THONG", "health_insurance_cards", { period: year })).toMatchObject({
      value: "175.000000",
      covered_children: 9,
    });
    expect(await cell("P-06-2008", "health_insurance_cards", { period: year })).toMatchObject({ value: "1175.000000" });
  });

  it("stores every cell's figure ids in ascending order, the same arrays on every rebuild", async () => {
    // A summed cell's ids are its children's, concatenated in hash order: on the seed, 73 of 883
    // cells came out unsorted, in an order that changed between rebuilds (and answers show it).
    await loadSeed(db.pool);
    await rebuildAll(db.pool);
    const unsorted = await db.pool.query(
      `SELECT count(*)::int AS n FROM rollup WHERE figure_ids <> ARRAY(SELECT unnest(figure_ids) ORDER BY 1)`,
    );
    expect(unsorted.rows[0].n).toBe(0);
    const summedWithIds = await db.pool.query(
      `SELECT count(*)::int AS n FROM rollup WHERE cardinality(figure_ids) > 1 AND derivation <> 'REPORTED'`,
    );
    expect(summedWithIds.rows[0].n).toBeGreaterThan(50); // the seed has summed cells to check
  });
});

describe("programme children that could report a measure", () => {
  it("counts, under each programme, the children whose subtree meets the measure's programmes (ancestors, itself, descendants)", async () => {
    const { rows: programmes } = await db.pool.query<{ code: string; parent_code: string | null }>(
      "SELECT code, parent_code FROM programme",
    );
    const { rows: measures } = await db.pool.query<{ code: string; applies_to: string[] | null }>(
      "SELECT code, applies_to FROM measure",
    );
    const parent = new Map(programmes.map((p) => [p.code, p.parent_code]));
    const upFrom = (code: string) => {
      const chain: string[] = [];
      for (let at: string | null | undefined = code; at; at = parent.get(at)) chain.push(at);
      return chain;
    };
    const meets = (appliesTo: string[] | null, programme: string) =>
      appliesTo === null || appliesTo.some((a) => upFrom(programme).includes(a) || upFrom(a).includes(programme));
    const expected = new Map<string, number>();
    for (const m of measures)
      for (const p of programmes)
        if (p.parent_code) {
          const key = `${m.code} ${p.parent_code}`;
          expected.set(key, (expected.get(key) ?? 0) + (meets(m.applies_to, p.code) ? 1 : 0));
        }
    // a measure whose programmes lie below a child of the root: the child counts (its subtree meets them)
    expect(measures.some((m) => m.applies_to?.some((a) => upFrom(a).length > 2))).toBe(true);

    const client = await db.pool.connect();
    try {
      // a pooled session may still hold a rebuild's temp tables
      await client.query("DROP TABLE IF EXISTS _rk_gclosure, _rk_work_cells, _rk_programme_child_count");
      await client.query(`CREATE TEMP TABLE _rk_gclosure AS
        WITH RECURSIVE t(code, ancestor) AS (
          SELECT code, code FROM programme
          UNION ALL SELECT t.code, p.parent_code FROM t JOIN programme p ON p.code = t.ancestor WHERE p.parent_code IS NOT NULL)
        SELECT * FROM t`);
      await client.query("CREATE TEMP TABLE _rk_work_cells AS SELECT code AS measure_code FROM measure");
      await client.query(programmeChildCountsSql());
      const { rows } = await client.query<{ measure_code: string; parent_code: string; total: number }>(
        "SELECT measure_code, parent_code, total FROM _rk_programme_child_count",
      );
      expect(new Map(rows.map((r) => [`${r.measure_code} ${r.parent_code}`, r.total]))).toEqual(expected);
    } finally {
      await client.query("DROP TABLE IF EXISTS _rk_gclosure, _rk_work_cells, _rk_programme_child_count");
      client.release();
    }
  });
});
