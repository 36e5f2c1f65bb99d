import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "./support.ts";

// The seven answers of "honest numbers" (issue 16), over HTTP on the seed dataset: each was wrong
// before (the number in each test's name is what it used to say).
let s: SeededServer;
beforeAll(async () => { s = await startSeededServer(); });
afterAll(async () => { await s?.stop(); });

const ROW = `place { key } ethnicity programme periodStart periodEnd value lower upper qualifier ratio numerator denominator matchedCells reason
  derivation coverage { covered total dimension } flags`;
const compare = async (input: Record<string, unknown>) => {
  const r = await s.gql(`query($input: CompareInput!) { compare(input: $input) { servedFrom rows { ${ROW} } } }`, { input });
  expect(r.errors).toBeUndefined();
  return r.data.compare.rows;
};

describe("honest numbers on the seed dataset", () => {
  it("attainment at the programme root is 727/700 (was 1.08 = 756/700): the job-loan workers without a plan are left out, and named", async () => {
    const [bt] = await compare({ measure: "workers_employed", places: ["D-06-BACH-THONG"], period: "2022", againstPlan: true });
    expect(bt).toMatchObject({ programme: "ALL", numerator: "727", denominator: "700", matchedCells: 1, reason: "left out: actuals without a plan at CREDIT" });
    expect(bt.ratio).toBeCloseTo(1.0386, 4);
    expect(bt.flags).toContain("UNMATCHED_LEFT_OUT");
  });

  it("per household divides housing money by housing households only (was money of every programme over credit + housing households)", async () => {
    const [bt] = await compare({ measure: "spending_vnd", places: ["D-06-BACH-THONG"], period: "2022", per: "households_supported" });
    expect(bt).toMatchObject({ value: "70000000", numerator: "1960000000", denominator: "28", matchedCells: 1, derivation: "RATIO_OF_SUMS" });
    expect(bt.reason).toBe("left out: values without a matching count at EDUCATION, GREAT-UNITY-HOUSES; counts without a matching value at CREDIT");
  });

  it("households over programmes are a bounded value, 490..1601 (was 155, a figure filed at the root; the sum would be 1601)", async () => {
    const [bt] = await compare({ measure: "households_supported", places: ["D-06-BACH-THONG"], period: "2022" });
    expect(bt).toMatchObject({ value: "490", lower: "490", upper: "1601", qualifier: "BETWEEN", derivation: "BOUNDED_BY_PARTS", coverage: { covered: 2, dimension: "PROGRAMME" } });
    const [credit] = await compare({ measure: "households_supported", places: ["D-06-BACH-THONG"], period: "2022", programme: "CREDIT" });
    expect(credit).toMatchObject({ value: "490", lower: "490", upper: "1573", qualifier: "BETWEEN", coverage: { covered: 7, total: 7 } });
  });

  it("pupils' and households' lượt are never summed (was 99,523 occasions in Lạng Sơn 2021)", async () => {
    const [pupils] = await compare({ measure: "occasions_pupils", places: ["P-20-2008"], period: "2021" });
    const [households] = await compare({ measure: "occasions_households", places: ["P-20-2008"], period: "2021" });
    expect([pupils.value, households.value]).toEqual(["78394", "21129"]);
    const gone = await s.gql(`{ compare(input: { measure: "occasions_supported", places: ["P-20-2008"] }) { rows { value } } }`);
    expect(gone.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("cards' coverage counts only the programme that issues cards (was 1 of 11 sub-programmes)", async () => {
    const [ls] = await compare({ measure: "health_insurance_cards", places: ["P-20-2008"], period: "2021" });
    expect(ls).toMatchObject({ value: "269316", coverage: { covered: 1, total: 1, dimension: "PROGRAMME" }, flags: [] });
  });

  it("a figure for ethnic minorities stays under DTTS, and the all-households target stays under ALL", async () => {
    const [dtts] = await compare({ measure: "poverty_rate_reduction", places: ["D-06-BACH-THONG"], kind: "TARGET", period: "2023", ethnicity: "DTTS" });
    const [all] = await compare({ measure: "poverty_rate_reduction", places: ["D-06-BACH-THONG"], kind: "TARGET", period: "2023" });
    expect([dtts.ethnicity, dtts.value, dtts.qualifier]).toEqual(["DTTS", "3", "AT_LEAST"]);
    expect([all.ethnicity, all.value]).toEqual(["ALL", "4"]);
  });

  it("the flagged cell itself says FLAGGED_EXCLUDED (was a bare NO_DATA)", async () => {
    const [lunch] = await compare({ measure: "spending_vnd", places: ["D-06-BACH-THONG"], programme: "EDU-LUNCH", period: "2022" });
    expect(lunch).toMatchObject({ value: null, derivation: "NO_DATA", flags: ["FLAGGED_EXCLUDED", "NO_DATA"] });
    const [other] = await compare({ measure: "spending_vnd", places: ["D-06-BACH-THONG"], programme: "EDU-RICE", period: "2022" });
    expect(other.flags).toEqual(["NO_DATA"]);
  });

  it("lists a district valid until the first day of the period among its province's children (validTo is inclusive)", async () => {
    const rows = await compare({ measure: "workers_employed", places: ["P-06-2008"], period: "2025-06-30", groupBy: ["CHILD_PLACE"] });
    expect(rows).toHaveLength(8);
    expect(rows.map((r: any) => r.place.key)).toContain("D-06-BACH-THONG");
  });
});
