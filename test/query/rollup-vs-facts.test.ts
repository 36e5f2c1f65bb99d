import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/query/compare/compare.ts";
import type { CompareInput, ComparisonData } from "../../src/query/compare/types.ts";
import { leafCoverageOf, type LeafMemo } from "../../src/query/compare/leaf-coverage.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { boundaryOf } from "../../src/rules/crosswalk.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { countNamed, levelByLevel, namingStatements } from "../support/descent.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { rng } from "../support/rng.ts";

// Random figures over the seed provinces' districts, provinces and a region, several ethnicities,
// two programme subtrees, every qualifier, some flagged. The rollup (SQL) and the facts path (the
// reference rules in TypeScript) must agree on every row. The generator makes sure the cases where
// the two implementations can differ occur, each in several cells (a test below counts them):
// - a rate measure (never summed; of one document's figures for one cell the last one stands),
//   and its counts (a rate from matched counts);
// - the same cell reported twice in one document (summed) and by two documents (the latest wins);
// - a year with only overlapping periods inside it (no calendar-year sum) and one with quarters;
// - beneficiaries over overlapping programmes (bounded), money (summed), cards (applies to health
//   insurance only: coverage), plans for against-plan ratios;
// - two kinds of "lượt" (households, pupils: never one measure), ethnic groups reported for some of
//   their parent only (DTTS or one group without Kinh: the parent is at least their sum, AT_LEAST),
//   ratios whose sides cover different programmes and groups (matched, the rest left out).
let db: TestDb;
let ref: ReferenceCache;

const CROSSWALK = ["C-06613-20080801", "C-06628-20080801", "C-06622-20080801", "C-06613-20250701"];
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
  // the 2025 commune crosswalk: Đình Lập (2025) took the old Đình Lập and Thị trấn Đình Lập whole
  // and part of Bính Xá; it also has figures of its own
  ...CROSSWALK,
];
const ETHNICITIES = ["ALL", "DTTS", "01", "02", "07"];
const PROGRAMMES = [
  "ALL",
  "CREDIT",
  "CREDIT-POOR",
  "CREDIT-NEAR-POOR",
  "EDUCATION",
  "EDU-LUNCH",
  "EDU-RICE",
  "HEALTH-INSURANCE",
  "HEALTH-INSURANCE-POOR",
];
const MEASURES = [
  "households_supported",
  "households_supported",
  "households",
  "poor_households",
  "poverty_rate",
  "poverty_rate",
  "spending_vnd",
  "health_insurance_cards",
  "occasions_households",
  "occasions_pupils",
];
const QUALIFIERS = ["EXACT", "EXACT", "EXACT", "AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"];
// whole years, quarters that add up to a year, in 2023 an overlap beside a reported year, and in
// 2025 only overlapping periods: no calendar year may be summed from them
const PERIODS: [string, string][] = [
  ["2022-01-01", "2022-12-31"],
  ["2023-01-01", "2023-12-31"],
  ["2022-01-01", "2022-03-31"],
  ["2022-04-01", "2022-06-30"],
  ["2023-01-01", "2023-03-31"],
  ["2023-01-01", "2023-06-30"],
  ["2024-07-01", "2024-09-30"],
  ["2024-10-01", "2024-12-31"],
  ["2025-01-01", "2025-03-31"],
  ["2025-02-01", "2025-04-30"],
];
const DOCUMENTS = 8;

const generated: RawFigure[][] = [];

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(20221228);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const earlier: RawFigure[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const figures: RawFigure[] = [];
    for (let i = 0; i < 60; i++) {
      const measure = pick(MEASURES);
      const value =
        measure === "poverty_rate"
          ? String(Math.floor(random() * 4000) / 100)
          : String(Math.floor(random() * 100000) / 100);
      const fresh: RawFigure = {
        place: pick(PLACES),
        ethnicity: pick(ETHNICITIES),
        programme: measure === "poverty_rate" ? "ALL" : pick(PROGRAMMES),
        measure,
        period: pick(PERIODS),
        kind: random() < 0.15 ? "PLAN" : "ACTUAL",
        value,
        qualifier: pick(QUALIFIERS),
        flags: random() < 0.05 ? ["IMPLAUSIBLE"] : [],
      };
      // one figure in four reports a cell again: of this document (a second part) or of an earlier one
      const again = random() < 0.25 ? pick([...earlier, ...figures]) : undefined;
      const figure = again
        ? { ...again, value, qualifier: pick(QUALIFIERS), flags: random() < 0.05 ? ["IMPLAUSIBLE"] : [] }
        : fresh;
      figures.push({ ...figure, key: `k${i}` });
    }
    earlier.push(...figures);
    generated.push(figures);
    // publication dates repeat (documents 0 and 4 …): the later id wins between those
    await insertDocument(db.pool, figures, { publishedAt: `2023-0${1 + (d % 4)}-15` });
  }
  await rebuildAll(db.pool);
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => {
  await db.drop();
});

/** The rows as plain data, with their leaf coverage (each source's reported positions, one rule). */
const strip = async (c: ComparisonData) => {
  const memo: LeafMemo = new Map();
  return Promise.all(
    c.rows.map(async ({ leafScope, ...r }) => ({
      ...r,
      value: r.value?.toString() ?? null,
      lower: r.lower?.toString() ?? null,
      upper: r.upper?.toString() ?? null,
      numerator: r.numerator?.toString() ?? null,
      denominator: r.denominator?.toString() ?? null,
      matchedCoverage: JSON.parse(JSON.stringify(r.matchedCoverage)),
      figureIds: [...r.figureIds].sort(),
      leafCoverage: await leafCoverageOf(db.pool, ref, { ...r, leafScope }, memo),
    })),
  );
};

const requests: CompareInput[] = [];
for (const places of [
  ["P-06-2008", "P-20-2008"],
  ["R-NMM", "R-MD", "VN"],
  ["P-19-2025", "P-80-2025", "P-91-2025"],
  ["P-06-2008"],
  [...CROSSWALK, "P-20-2025"],
]) {
  for (const boundaries of ["AS_REPORTED", "CURRENT"] as const) {
    requests.push({ measure: "households_supported", places: [...places], boundaries });
    requests.push({
      measure: "households_supported",
      places: [...places],
      boundaries,
      groupBy: ["ETHNICITY"],
      ethnicity: "DTTS",
    });
    requests.push({
      measure: "households_supported",
      places: [...places],
      boundaries,
      groupBy: ["PROGRAMME"],
      programme: "CREDIT",
      period: "2022",
    });
    requests.push({ measure: "households_supported", places: [...places], boundaries, groupBy: ["CHILD_PLACE"] });
    requests.push({ measure: "households_supported", places: [...places], boundaries, againstPlan: true });
    requests.push({
      measure: "households_supported",
      places: [...places],
      boundaries,
      per: "poor_households",
      programme: "CREDIT",
    });
    requests.push({ measure: "spending_vnd", places: [...places], boundaries, per: "households_supported" });
    requests.push({ measure: "poverty_rate", places: [...places], boundaries, ethnicity: "DTTS" });
    requests.push({ measure: "poverty_rate", places: [...places], boundaries, groupBy: ["ETHNICITY"] });
    requests.push({
      measure: "households_supported",
      places: [...places],
      boundaries,
      period: "2024",
      programme: "CREDIT",
    });
    requests.push({ measure: "spending_vnd", places: [...places], boundaries, period: "2025" });
    requests.push({ measure: "occasions_households", places: [...places], boundaries, period: "2025" });
    requests.push({ measure: "occasions_pupils", places: [...places], boundaries, groupBy: ["PROGRAMME"] });
    requests.push({
      measure: "spending_vnd",
      places: [...places],
      boundaries,
      per: "households_supported",
      groupBy: ["ETHNICITY"],
    });
    requests.push({ measure: "health_insurance_cards", places: [...places], boundaries });
    requests.push({ measure: "poor_households", places: [...places], boundaries, period: "2022-2024" });
  }
}

// Every generated place and group, as reported: the directly reported cells themselves (a rate
// reported twice in one document, a cell of two documents) are compared, not only their sums.
for (const ethnicity of ETHNICITIES)
  for (const kind of ["ACTUAL", "PLAN"] as const) {
    requests.push({ measure: "poverty_rate", places: PLACES, ethnicity, kind });
    requests.push({
      measure: "households_supported",
      places: PLACES,
      ethnicity,
      kind,
      programme: "CREDIT",
      groupBy: ["PROGRAMME"],
    });
    requests.push({ measure: "spending_vnd", places: PLACES, ethnicity, kind, groupBy: ["PROGRAMME"] });
  }
// Ratios at the generated places themselves, where their sides are made of programme and group parts.
for (const ethnicity of ["ALL", "DTTS"]) {
  requests.push({ measure: "households_supported", places: PLACES, ethnicity, againstPlan: true });
  requests.push({ measure: "spending_vnd", places: PLACES, ethnicity, per: "households_supported" });
  requests.push({ measure: "poverty_rate", places: PLACES, ethnicity });
}

describe("rollup and facts give the same answers", () => {
  it.each(requests.map((r, i) => [i, r] as const))("request %i", async (_i, input) => {
    const fromRollup = await compare({ pool: db.pool, ref }, { ...input, source: "ROLLUP" });
    const fromFacts = await compare({ pool: db.pool, ref }, { ...input, source: "FACTS" });
    expect(fromRollup.servedFrom).toBe("ROLLUP");
    expect(fromFacts.servedFrom).toBe("FACTS");
    expect(await strip(fromRollup)).toEqual(await strip(fromFacts));
  });

  it("has data in most requests (the comparison above is not vacuous)", async () => {
    let withValues = 0;
    const seen = { leftOut: 0, placesLeftOut: 0, periodsLeftOut: 0, openGroups: 0, deepCoverage: 0 };
    const memo: LeafMemo = new Map();
    for (const input of requests) {
      const rows = (await compare({ pool: db.pool, ref }, input)).rows;
      if (rows.some((r) => r.value !== null)) withValues++;
      for (const r of rows) {
        if (r.flags.includes("UNMATCHED_LEFT_OUT")) seen.leftOut++;
        // a child place's side left out of a ratio paired place by place; a period's, period by period
        if (/left out: .*\b[DC]-\d/.test(r.reason ?? "")) seen.placesLeftOut++;
        if (/left out: .*\d{4}-\d\d-\d\d\.\./.test(r.reason ?? "")) seen.periodsLeftOut++;
        if (r.coverage.dimension === "ETHNICITY" && r.qualifier === "AT_LEAST") seen.openGroups++;
        if ((await leafCoverageOf(db.pool, ref, r, memo)).some((c) => c.depth > 1)) seen.deepCoverage++;
      }
    }
    expect(withValues).toBeGreaterThan(requests.length * 0.8);
    // matched ratios that left cells out (also child places and periods); parents of some groups
    // only; leaf coverage counted more than one level down
    expect({
      leftOut: seen.leftOut >= 1,
      placesLeftOut: seen.placesLeftOut >= 1,
      periodsLeftOut: seen.periodsLeftOut >= 1,
      openGroups: seen.openGroups >= 3,
      deepCoverage: seen.deepCoverage >= 3,
    }).toEqual({ leftOut: true, placesLeftOut: true, periodsLeftOut: true, openGroups: true, deepCoverage: true });
  });

  // A ratio's matching read below its rows in one statement (RollupSource.descend, the database's
  // matched_ratio_walk) must read every cell asking level by level reads: the same rows, and the
  // matching asks for nothing more afterwards in most requests. The walk's PERIOD branch leads
  // nowhere new on the rollup's own cells: test/query/matched-ratio-walk.test.ts tests it.
  it("gives the same ratios descending in one statement as level by level", async () => {
    const ratios = requests.filter((r) => r.per || r.againstPlan || r.measure === "poverty_rate");
    let descended = 0;
    let askedAgain = 0;
    let inOneTree = 0;
    for (const input of ratios) {
      const inOne: string[] = [];
      const fromDescent = await compare(
        { pool: namingStatements(db.pool, inOne), ref },
        { ...input, source: "ROLLUP" },
      );
      const byLevels: string[] = [];
      const fromLevels = await levelByLevel(() =>
        compare({ pool: namingStatements(db.pool, byLevels), ref }, { ...input, source: "ROLLUP" }),
      );
      expect(await strip(fromDescent)).toEqual(await strip(fromLevels));
      // a ratio's read of its rows walks below them in the same statement (rollup-rows-walked)
      const walks = countNamed(inOne, "rollup-descend") + countNamed(inOne, "rollup-rows-walked");
      if (walks > 0) descended++;
      // below a place of the tree as reported, every place lies in that tree: one walk, then
      // nothing more is asked (a region's or a 2025 province's descent changes tree and is asked again)
      const oneTree =
        input.boundaries !== "CURRENT" &&
        input.places.every((k) => {
          const place = ref.places.get(k)!;
          return !["NATION", "REGION"].includes(place.level) && boundaryOf(place, "AS_REPORTED") === "AS_REPORTED";
        });
      if (oneTree) inOneTree++;
      if (oneTree && walks > 1) askedAgain++;
      // there every ratio (a rate's counts too) walks in the statement that reads its rows
      if (oneTree) expect(countNamed(inOne, "rollup-descend")).toBe(0);
      expect(countNamed(inOne, "rollup-cells-keyed")).toBe(0);
      expect(countNamed(inOne, "rollup-descend")).toBeLessThanOrEqual(countNamed(byLevels, "rollup-cells-keyed"));
    }
    expect(descended).toBeGreaterThan(ratios.length / 3);
    expect(inOneTree).toBeGreaterThan(ratios.length / 4);
    expect(askedAgain).toBe(0);
  });

  it("generates every case the two implementations could disagree on", async () => {
    const all = generated.flat().filter((f) => !f.flags?.length);
    const cellOf = (f: RawFigure) => [f.place, f.ethnicity, f.programme, f.measure, f.kind, ...f.period!].join("|");
    const count = (xs: string[]) => xs.length - new Set(xs).size;
    const withinDocuments = generated.reduce((n, doc) => n + count(doc.filter((f) => !f.flags?.length).map(cellOf)), 0);
    const acrossDocuments = count(
      generated.flatMap((doc) => [...new Set(doc.filter((f) => !f.flags?.length).map(cellOf))]),
    );
    const rates = all.filter((f) => f.measure === "poverty_rate");
    const ratesTwiceInOneDocument = generated.reduce(
      (n, doc) => n + count(doc.filter((f) => f.measure === "poverty_rate" && !f.flags?.length).map(cellOf)),
      0,
    );
    expect({
      withinDocuments: withinDocuments >= 10,
      acrossDocuments: acrossDocuments >= 10,
      rates: rates.length >= 20,
      ratesTwiceInOneDocument: ratesTwiceInOneDocument >= 2,
    }).toEqual({ withinDocuments: true, acrossDocuments: true, rates: true, ratesTwiceInOneDocument: true });
    // 2025: periods that overlap, and no reported year, in cells the rollup holds
    const overlapping = await db.pool.query(`
      WITH both_periods AS (
        SELECT boundary, measure_code, kind, place_key, ethnicity_code, programme_code FROM rollup
         WHERE (period_start, period_end) IN (('2025-01-01', '2025-03-31'), ('2025-02-01', '2025-04-30')) GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) = 2)
      SELECT count(*)::int AS cells, count(y.value)::int AS years FROM both_periods b
        LEFT JOIN rollup y ON y.boundary = b.boundary AND y.measure_code = b.measure_code AND y.kind = b.kind AND y.place_key = b.place_key
              AND y.ethnicity_code = b.ethnicity_code AND y.programme_code = b.programme_code
              AND y.period_start = '2025-01-01' AND y.period_end = '2025-12-31' AND y.parts_dimension = 'PERIOD'`);
    expect(overlapping.rows[0].cells).toBeGreaterThan(5);
    expect(overlapping.rows[0].years).toBe(0);
    const bounded = await db.pool.query(`SELECT count(*)::int AS n FROM rollup WHERE derivation = 'BOUNDED_BY_PARTS'`);
    expect(bounded.rows[0].n).toBeGreaterThan(10);
    // parents of some of their ethnic groups only (a DTTS-only figure under ALL): open-ended
    const open = await db.pool.query(
      `SELECT count(*)::int AS n FROM rollup WHERE parts_dimension = 'ETHNICITY' AND covered_children < total_children AND upper IS NULL`,
    );
    expect(open.rows[0].n).toBeGreaterThan(10);
    // both kinds of occasions
    const occasions = await db.pool.query(
      `SELECT count(DISTINCT measure_code)::int AS n FROM rollup WHERE measure_code LIKE 'occasions_%'`,
    );
    expect(occasions.rows[0].n).toBe(2);
  });
});
