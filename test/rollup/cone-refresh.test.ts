import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markDirty } from "../../src/shared/mark-dirty.ts";
import { rebuildAll, refreshSlices } from "../../src/rollup/rebuild.ts";
import type { FigureKind, Slice } from "../../src/shared/slices.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { rollupRows } from "../support/rollup-rows.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { rng } from "../support/rng.ts";

// A refresh told which places changed recomputes only them and their ancestors, reading every
// other child back from the stored rollup. After each random change (new reports, values moved
// between places, deletions, flags, under both boundaries) the rollup must equal a full rebuild.
let db: TestDb;

const random = rng(7_2025);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

const PLACES = [
  "D-06-BACH-THONG",
  "D-06-BA-BE",
  "D-06-NA-RI",
  "P-06-2008",
  "P-19-2008",
  "P-20-2008",
  "D-20-BINH-GIA",
  "D-80-BEN-LUC",
  "P-80-2008",
  "P-72-2008",
  "D-91-AN-MINH",
  "P-91-2008",
  "P-19-2025",
  "R-NMM",
];
const ETHNICITIES = ["ALL", "DTTS", "01", "02", "07"];
const PROGRAMMES = ["ALL", "CREDIT", "CREDIT-POOR", "CREDIT-NEAR-POOR", "EDUCATION", "EDU-LUNCH"];
const PERIODS: [string, string][] = [
  ["2022-01-01", "2022-12-31"],
  ["2022-01-01", "2022-03-31"],
  ["2022-04-01", "2022-06-30"],
  ["2023-01-01", "2023-12-31"],
];
const MEASURES = ["households_supported", "households_supported", "households"];

const figure = (key: string): RawFigure => ({
  key,
  place: pick(PLACES),
  ethnicity: pick(ETHNICITIES),
  programme: pick(PROGRAMMES),
  measure: pick(MEASURES),
  value: String(Math.floor(random() * 100000) / 100),
  qualifier: pick(["EXACT", "EXACT", "AT_LEAST", "ABOUT"]),
  period: pick(PERIODS),
  kind: random() < 0.2 ? "PLAN" : "ACTUAL",
  flags: random() < 0.05 ? ["IMPLAUSIBLE"] : [],
});

interface Row {
  measure_code: string;
  kind: FigureKind;
  period_start: string;
  period_end: string;
  place_key: string;
  ethnicity_code: string;
  programme_code: string;
}
/** The slice of a changed figure, with its place, and its ethnicity and programme when `codes` (as an import marks it). */
const sliceOf = (r: Row, codes: boolean): Slice => ({
  measureCode: r.measure_code,
  kind: r.kind,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  places: [r.place_key],
  ...(codes ? { ethnicities: [r.ethnicity_code], programmes: [r.programme_code] } : {}),
});
const FIGURE_SLICE = `measure_code, kind, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
  place_key, ethnicity_code, programme_code`;

/** One random change to the facts, returning the slices (with places) it touched, old and new. */
async function change(round: number): Promise<Row[]> {
  const kind = round % 4;
  if (kind === 0) {
    const figures = Array.from({ length: 8 }, (_, i) => figure(`r${round}-${i}`));
    await insertDocument(db.pool, figures, { publishedAt: "2024-01-15" });
    return figures.map((f) => ({
      measure_code: f.measure,
      kind: f.kind as FigureKind,
      period_start: f.period![0],
      period_end: f.period![1],
      place_key: f.place,
      ethnicity_code: f.ethnicity!,
      programme_code: f.programme!,
    }));
  }
  const victims = (
    await db.pool.query(`SELECT id FROM figure ORDER BY md5(id::text || $1) LIMIT 5`, [String(round)])
  ).rows.map((r) => r.id);
  const before = (await db.pool.query(`SELECT ${FIGURE_SLICE} FROM figure WHERE id = ANY($1)`, [victims]))
    .rows as Row[];
  if (kind === 1) {
    const moved = (
      await db.pool.query(
        `UPDATE figure SET place_key = $2, value = value * 2 WHERE id = ANY($1) RETURNING ${FIGURE_SLICE}`,
        [victims, pick(PLACES)],
      )
    ).rows;
    return [...before, ...moved];
  }
  if (kind === 2) {
    await db.pool.query(`DELETE FROM figure WHERE id = ANY($1)`, [victims]);
    return before;
  }
  await db.pool.query(
    `UPDATE figure SET flags = CASE WHEN flags = '{}' THEN ARRAY['IMPLAUSIBLE'] ELSE '{}' END WHERE id = ANY($1)`,
    [victims],
  );
  return before;
}

/** When each stored cell of the touched slices was computed. */
async function computedAt(slices: Slice[]): Promise<Map<string, number>> {
  const { rows } = await db.pool.query(
    `SELECT concat_ws('|', boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end) AS k, computed_at
       FROM rollup r JOIN unnest($1::text[], $2::"FigureKind"[], $3::date[], $4::date[]) s(m, k, ps, pe)
         ON r.measure_code = s.m AND r.kind = s.k AND r.period_start = s.ps AND r.period_end = s.pe`,
    [
      slices.map((s) => s.measureCode),
      slices.map((s) => s.kind),
      slices.map((s) => s.periodStart),
      slices.map((s) => s.periodEnd),
    ],
  );
  return new Map(rows.map((r) => [r.k as string, (r.computed_at as Date).getTime()]));
}

/**
 * Marks one slice's figures at `place` changed (of these ethnicities and programmes only, when
 * given), refreshes it (a cone refresh) and reads the rollup back.
 */
async function refreshAt(
  slice: { measure: string; period: [string, string] },
  place: string,
  codes: Pick<Slice, "ethnicities" | "programmes"> = {},
) {
  const touched: Slice[] = [
    {
      measureCode: slice.measure,
      kind: "ACTUAL",
      periodStart: slice.period[0],
      periodEnd: slice.period[1],
      places: [place],
      ...codes,
    },
  ];
  await markDirty(db.pool, touched);
  await refreshSlices(db.pool, touched);
  return rollupRows(db.pool);
}

beforeAll(async () => {
  db = await createTestDb();
  for (let d = 0; d < 4; d++)
    await insertDocument(
      db.pool,
      Array.from({ length: 60 }, (_, i) => figure(`k${i}`)),
      { publishedAt: `2023-0${1 + d}-15` },
    );
  await rebuildAll(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe("refresh of the changed places only", () => {
  it("equals a full rebuild after every kind of change, told the changed ethnicities and programmes or not", async () => {
    let keptSomewhere = 0;
    for (let round = 0; round < 16; round++) {
      const touched = (await change(round)).map((r) => sliceOf(r, round % 8 >= 4 || round >= 12));
      await markDirty(db.pool, touched);
      const stamps = await computedAt(touched);
      const result = await refreshSlices(db.pool, touched);
      expect(result.mode).toBe("incremental");
      const refreshed = await rollupRows(db.pool);
      keptSomewhere += [...(await computedAt(touched))].filter(([k, at]) => stamps.get(k) === at).length;
      expect((await db.pool.query("SELECT count(*)::int n FROM rollup_dirty")).rows[0].n, `round ${round}`).toBe(0);
      await rebuildAll(db.pool);
      const full = await rollupRows(db.pool);
      const differences = [...new Set([...refreshed.keys(), ...full.keys()])]
        .filter((k) => refreshed.get(k) !== full.get(k))
        .slice(0, 5)
        .map((k) => `${k}: refreshed ${refreshed.get(k)} / full ${full.get(k)}`);
      expect(differences, `round ${round}`).toEqual([]);
      expect(refreshed.size).toBe(full.size);
    }
    expect(keptSomewhere).toBeGreaterThan(0); // cells of places outside the cone, in touched slices, were not rewritten
  }, 120_000);
});

describe("refresh across the 2025 crosswalk", () => {
  it("recomputes a 2025 province outside the cone from its old provinces' stored cells (their child counts included)", async () => {
    const slice = { measure: "households_supported", period: ["2024-01-01", "2024-03-31"] as [string, string] }; // a quarter: its year is derived
    await insertDocument(
      db.pool,
      [
        { key: "bk", place: "D-06-BA-BE", value: 10, ...slice },
        { key: "ls", place: "D-20-BINH-GIA", value: 20, ...slice },
      ],
      { publishedAt: "2024-06-01" },
    );
    await rebuildAll(db.pool);
    await insertDocument(db.pool, [{ key: "ls2", place: "D-20-BINH-GIA", value: 5, ethnicity: "DTTS", ...slice }], {
      publishedAt: "2024-07-01",
    });
    const refreshed = await refreshAt(slice, "D-20-BINH-GIA");
    await rebuildAll(db.pool);
    const full = await rollupRows(db.pool);
    expect([...full.keys()].filter((k) => refreshed.get(k) !== full.get(k))).toEqual([]);
    expect(full.get("CURRENT|households_supported|ACTUAL|P-19-2025|ALL|ALL|2024-01-01|2024-12-31")).toMatch(
      /^10\.000000\|/,
    ); // the year, from the quarter
  }, 60_000);

  it("recomputes a commune whose last figure went, and its district (communes without figures are left out of the trees)", async () => {
    const slice = { measure: "households_supported", period: ["2024-04-01", "2024-06-30"] as [string, string] };
    const { ids } = await insertDocument(db.pool, [{ key: "c", place: "C-01969-20080801", value: 7, ...slice }], {
      publishedAt: "2024-08-01",
    });
    await rebuildAll(db.pool);
    const district = `AS_REPORTED|households_supported|ACTUAL|D-06-BACH-THONG|ALL|ALL|2024-04-01|2024-06-30`;
    expect((await rollupRows(db.pool)).get(district)).toMatch(/^7\.000000\|/);
    await db.pool.query(`DELETE FROM figure WHERE id = ANY($1)`, [ids]);
    const refreshed = await refreshAt(slice, "C-01969-20080801");
    expect(refreshed.get(district)).toBeUndefined();
    await rebuildAll(db.pool);
    expect(await rollupRows(db.pool)).toEqual(refreshed);
  }, 60_000);

  it("reads the unchanged communes with figures of the refreshed measure, leaving out those of other measures only", async () => {
    const slice = { measure: "households_supported", period: ["2025-01-01", "2025-03-31"] as [string, string] };
    await insertDocument(
      db.pool,
      [
        { key: "a", place: "C-01972-20080801", value: 4, ...slice },
        { key: "b", place: "C-01975-20080801", value: 6, ...slice },
        { key: "o", place: "C-01978-20080801", value: 9, ...slice, measure: "households" },
      ],
      { publishedAt: "2025-04-01" },
    );
    await rebuildAll(db.pool);
    await insertDocument(db.pool, [{ key: "a2", place: "C-01972-20080801", value: 1, ethnicity: "DTTS", ...slice }], {
      publishedAt: "2025-05-01",
    });
    const refreshed = await refreshAt(slice, "C-01972-20080801");
    expect(
      refreshed.get("AS_REPORTED|households_supported|ACTUAL|D-06-BACH-THONG|ALL|ALL|2025-01-01|2025-03-31"),
    ).toMatch(/^10\.000000\|/); // its reported 4 and the other commune's 6, read as stored
    await rebuildAll(db.pool);
    expect(await rollupRows(db.pool)).toEqual(refreshed);
  }, 60_000);

  it("recomputes a place group's cells (a root of its own, reached only when its figures change)", async () => {
    const group = "G-QD353-HUYEN-NGHEO-2021-2025";
    const slice = { measure: "households_supported", period: ["2024-07-01", "2024-09-30"] as [string, string] };
    await insertDocument(
      db.pool,
      [
        { key: "g1", place: group, value: 40, ...slice },
        { key: "g2", place: "D-20-BINH-GIA", value: 3, ...slice },
      ],
      { publishedAt: "2024-10-01" },
    );
    await rebuildAll(db.pool);
    await insertDocument(db.pool, [{ key: "g3", place: group, value: 2, ethnicity: "DTTS", ...slice }], {
      publishedAt: "2024-11-01",
    });
    const refreshed = await refreshAt(slice, group);
    expect(refreshed.get(`AS_REPORTED|households_supported|ACTUAL|${group}|DTTS|ALL|2024-07-01|2024-09-30`)).toMatch(
      /^2\.000000\|/,
    );
    await rebuildAll(db.pool);
    expect(await rollupRows(db.pool)).toEqual(refreshed);
  }, 60_000);

  it("narrowed to the changed figure's ethnicity and programme, still updates every total above them", async () => {
    const slice = { measure: "households_supported", period: ["2024-10-01", "2024-12-31"] as [string, string] };
    const { ids } = await insertDocument(
      db.pool,
      [
        { key: "n1", place: "D-06-BA-BE", value: 10, ethnicity: "07", programme: "CREDIT-POOR", ...slice },
        { key: "n2", place: "D-06-BA-BE", value: 4, ethnicity: "02", programme: "EDU-LUNCH", ...slice },
        { key: "n3", place: "D-20-BINH-GIA", value: 6, ethnicity: "07", programme: "CREDIT-POOR", ...slice },
      ],
      { publishedAt: "2024-12-01" },
    );
    await rebuildAll(db.pool);
    const total = (rows: Map<string, string>, place: string) =>
      rows.get(`AS_REPORTED|households_supported|ACTUAL|${place}|ALL|ALL|2024-10-01|2024-12-31`)?.split("|")[0];
    const before = await rollupRows(db.pool);
    await db.pool.query(`UPDATE figure SET value = 30 WHERE id = $1`, [ids[0]]);
    const refreshed = await refreshAt(slice, "D-06-BA-BE", { ethnicities: ["07"], programmes: ["CREDIT-POOR"] });
    expect([total(before, "D-06-BA-BE"), total(refreshed, "D-06-BA-BE")]).toEqual(["10.000000", "30.000000"]);
    expect([total(before, "VN"), total(refreshed, "VN")]).toEqual(["16.000000", "36.000000"]);
    await rebuildAll(db.pool);
    expect(await rollupRows(db.pool)).toEqual(refreshed);
  }, 60_000);
});
