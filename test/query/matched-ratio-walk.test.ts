import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/query/compare/compare.ts";
import type { ComparisonData } from "../../src/query/compare/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { countNamed, levelByLevel, namingStatements, readingWhole } from "../support/descent.ts";
import { rng } from "../support/rng.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// The database's matched_ratio_walk repeats the descent of src/rules/matched-ratio.ts; rollup-vs-facts
// checks it on cells the rollup computed, where its PERIOD branch never leads anywhere new: a part
// reported for a quarter gives its year too, which wins over the year summed from its quarters, so
// below a year of both sides summed from periods every period is reported. The walk follows
// derived cells whoever derived them: here random cells made by hand (a year of both sides summed
// from its quarters, a quarter summed over programmes or groups …) are descended in one statement
// and level by level, with the same rows and nothing asked again.
let db: TestDb;
let ref: ReferenceCache;
const PROVINCE = "P-06-2008";
const YEARS = [2021, 2022, 2023, 2024];
const random = rng(20261203);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];

type Derivation = "REPORTED" | "PROGRAMME" | "ETHNICITY" | "PERIOD";
interface Key {
  place: string;
  ethnicity: string;
  programme: string;
  start: string;
  end: string;
}
const cells = new Map<string, unknown[]>();
/** Keys below a year of both sides summed from its quarters, in a quarter of both derived: only the PERIOD branch reaches them. */
let belowPeriods = 0;

function addCell(kind: "ACTUAL" | "PLAN", k: Key, derivation: Derivation | "PLACE"): void {
  const value = 1 + Math.floor(random() * 1000);
  const id = [kind, k.place, k.ethnicity, k.programme, k.start, k.end].join("|");
  if (cells.has(id)) return; // reached by two paths (a programme's group, a group's programme): the first stands
  const parts = derivation === "REPORTED" ? null : derivation;
  cells.set(id, [kind, k.place, k.ethnicity, k.programme, k.start, k.end, value, derivation, parts]);
}

const quarters = (k: Key): Key[] =>
  k.start.endsWith("-01-01") && k.end.endsWith("-12-31")
    ? ["01-01/03-31", "04-01/06-30", "07-01/09-30", "10-01/12-31"].map((q) => {
        const [s, e] = q.split("/");
        return { ...k, start: `${k.start.slice(0, 4)}-${s}`, end: `${k.start.slice(0, 4)}-${e}` };
      })
    : [];

function childrenOf(dimension: Derivation, k: Key): Key[] {
  if (dimension === "PERIOD") return quarters(k);
  if (dimension === "PROGRAMME")
    return (ref.programmeChildren.get(k.programme) ?? []).slice(0, 2).map((programme) => ({ ...k, programme }));
  if (dimension === "ETHNICITY")
    return (ref.ethnicityChildren.get(k.ethnicity) ?? []).slice(0, 2).map((ethnicity) => ({ ...k, ethnicity }));
  return [];
}

/** Both sides' cells at `k` and, where derived, below it; returns how each side was derived. */
function grow(k: Key, depth: number): [Derivation, Derivation] | null {
  const options = (["PROGRAMME", "ETHNICITY", "PERIOD"] as const).filter((d) => childrenOf(d, k).length > 0);
  const choose = (): Derivation => (depth === 0 || random() < 0.25 ? "REPORTED" : pick(options));
  const actual = choose();
  const plan = random() < 0.6 ? actual : choose();
  const oneSide = random() < 0.1 ? pick(["ACTUAL", "PLAN"] as const) : null; // a side left out here
  if (oneSide !== "PLAN") addCell("ACTUAL", k, actual);
  if (oneSide !== "ACTUAL") addCell("PLAN", k, plan);
  for (const dimension of new Set([actual, plan]))
    for (const child of childrenOf(dimension, k)) {
      if (random() < 0.2) continue;
      const sides = grow(child, depth - 1);
      if (actual === "PERIOD" && plan === "PERIOD" && sides && !sides.includes("REPORTED") && !oneSide) belowPeriods++;
    }
  return oneSide ? null : [actual, plan];
}

beforeAll(async () => {
  db = await createTestDb();
  ref = await ReferenceCache.load(db.pool);
  const districts = ref.placeChildrenDuring("AS_REPORTED", PROVINCE, "2021-01-01", "2024-12-31");
  for (const year of YEARS) {
    const row: Key = {
      place: PROVINCE,
      ethnicity: "ALL",
      programme: "ALL",
      start: `${year}-01-01`,
      end: `${year}-12-31`,
    };
    addCell("ACTUAL", row, "PLACE");
    addCell("PLAN", row, "PLACE");
    for (const place of districts) if (random() < 0.7) grow({ ...row, place }, 3);
  }
  // the province holds every group and programme its districts have (as the rollup's sums do): a
  // descent asks only for those (CellIndex.mayHold, the walk's p_held)
  for (const [kind, , ethnicity, programme, start, end] of [...cells.values()] as string[][])
    addCell(kind as "ACTUAL", { place: PROVINCE, ethnicity, programme, start, end }, "REPORTED");
  await db.pool.query(
    `INSERT INTO rollup (boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end,
                         value, lower, upper, qualifier, derivation, parts_dimension, covered_children, total_children,
                         figure_count, figure_ids, flagged_excluded, computed_at)
     SELECT 'AS_REPORTED', 'households_supported', (c->>0)::"FigureKind", c->>1, c->>2, c->>3, (c->>4)::date, (c->>5)::date,
            (c->>6)::numeric, (c->>6)::numeric, (c->>6)::numeric, 'EXACT',
            CASE WHEN c->>7 = 'REPORTED' THEN 'REPORTED' ELSE 'SUM_OF_PARTS' END::"Derivation", c->>8, 1, 2, 1, '{}', 0, now()
       FROM jsonb_array_elements($1::jsonb) c`,
    [JSON.stringify([...cells.values()])],
  );
});
afterAll(async () => {
  await db.drop();
});

/** The rows of a comparison and the names of the statements it ran. */
async function answer(
  year: number,
): Promise<{ rows: ComparisonData["rows"]; computedAt: Date | null; statements: string[] }> {
  const statements: string[] = [];
  const input = { measure: "households_supported", places: [PROVINCE], period: String(year), againstPlan: true };
  const { rows, computedAt } = await compare(
    { pool: namingStatements(db.pool, statements), ref },
    { ...input, source: "ROLLUP" },
  );
  return { rows, computedAt, statements };
}

describe("matched_ratio_walk on cells the rollup would not make", () => {
  it("has keys that only a year's descent into its periods reaches", () => {
    expect(belowPeriods).toBeGreaterThanOrEqual(5);
  });

  it.each(YEARS)("reads in one statement every key the matching reaches level by level (%i)", async (year) => {
    const inOne = await answer(year);
    const byLevels = await levelByLevel(() => answer(year));
    expect(inOne.rows).toEqual(byLevels.rows);
    const wholeYear = inOne.rows.find((r) => r.periodStart === `${year}-01-01` && r.periodEnd === `${year}-12-31`);
    expect(wholeYear?.matchedCells).toBeGreaterThan(1);
    // the walk runs in the statement that reads the rows (RollupSource.rowsAndHeld with a RowsWalk)
    expect(countNamed(inOne.statements, "rollup-rows-walked")).toBe(1);
    expect(countNamed(inOne.statements, "rollup-descend")).toBe(0);
    expect(countNamed(inOne.statements, "rollup-cells-keyed")).toBe(0);
    expect(countNamed(byLevels.statements, "rollup-rows-walked")).toBe(0);
  });

  // The rows' places are read at the rows' group and programme only (RollupSource.rowsAndHeld), the
  // others as which parts hold cells: the same rows as reading them whole, as old as the oldest cell.
  it.each(YEARS)("answers alike reading the rows' places whole or only what they hold (%i)", async (year) => {
    await db.pool.query(
      `UPDATE rollup SET computed_at = ($2::date - 1)::timestamp AT TIME ZONE 'UTC' WHERE place_key = $1 AND programme_code <> 'ALL'
          AND period_start >= $2::date AND period_end < $2::date + interval '1 year'`,
      [PROVINCE, `${year}-01-01`],
    );
    const held = await answer(year);
    const whole = await readingWhole(() => answer(year));
    expect(held.rows).toEqual(whole.rows);
    expect(held.computedAt).toEqual(whole.computedAt);
    expect(held.computedAt).toEqual(new Date(`${year - 1}-12-31T00:00:00Z`));
    expect(countNamed(held.statements, "rollup-rows-walked")).toBe(1);
    expect(countNamed(whole.statements, "rollup-rows-walked")).toBe(0);
    expect(countNamed(whole.statements, "rollup-descend")).toBe(1);
  });
});
