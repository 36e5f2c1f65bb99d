import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportDocument, ImportFigure } from "../../src/ingest/import-format.ts";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Issue 15's "What it must do" and the wrong recordings it names, each as a clerk would write it.
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

let n = 0;
const importOne = (figure: Partial<ImportFigure> & Pick<ImportFigure, "text" | "quote">) =>
  importDocument(
    db.pool,
    {
      document: {
        sourceKey: `audit/${++n}`,
        title: "Báo cáo giảm nghèo",
        publisher: null,
        author: null,
        publishedAt: "2025-12-13",
        url: null,
        fileName: null,
      },
      figures: [{ key: "f", place: "14", measure: "poverty_rate", period: "2023", ...figure }],
    } satisfies ImportDocument,
    { actor: "audit" },
  );
const storedOf = async (sourceKey: string) =>
  (
    await db.pool.query(
      `SELECT f.place_key, trim_scale(f.value)::text AS value, trim_scale(f.value_high)::text AS value_high,
              trim_scale(f.total)::text AS total, f.value_type::text, f.kind::text, f.qualifier::text
         FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key = $1`,
      [sourceKey],
    )
  ).rows[0];
const fields = (s: { errors: { field: string }[] }) => s.errors.map((e) => e.field);

describe("issue 15: places across the 2025 reform", () => {
  it("accepts by name a place valid for the whole period when it did not change (Sơn La 2021-2025)", async () => {
    const s = await importOne({
      place: "Sơn La",
      period: "2021-2025",
      text: "4,47%",
      quote: "Tại Sơn La, tỷ lệ hộ nghèo giảm bình quân 4,47%/năm",
    });
    expect(s.errors).toEqual([]);
    expect(await storedOf(s.sourceKey!)).toMatchObject({
      place_key: "P-14-2008",
      value: "-4.47",
      value_type: "ANNUAL_AVERAGE_CHANGE",
    });
  });

  it("refuses by name a place merged during the period (Long An 2021-2025): no single unit", async () => {
    const s = await importOne({ place: "Long An", period: "2021-2025", text: "3%", quote: "tỷ lệ hộ nghèo còn 3%" });
    expect(fields(s)).toEqual(["place"]);
  });

  it.each([
    ["P-11-2008", "2003-2017", "a period that begins before the unit existed"],
    ["P-06-2008", "2026", "a period after the unit was merged"],
    ["P-80-2025", "2023", "the new unit before it was formed"],
  ])("refuses a key outside its unit's validity: %s for %s (%s)", async (place, period) => {
    const s = await importOne({ place, period, text: "3%", quote: "tỷ lệ hộ nghèo còn 3%" });
    expect(fields(s)).toEqual(["place"]);
    expect(s.errors[0].reason).toMatch(/did not exist|no unit valid/);
  });
});

describe("issue 15: nouns are checked against the measure's unit", () => {
  it.each([
    ["6/11 huyện", "Hà Giang có 6/11 huyện thuộc diện huyện nghèo", "households_supported"],
    ["7/44 xã", "7/44 xã đạt chuẩn", "poor_households"],
    ["12 căn", "xây dựng 12 căn nhà cho hộ nghèo", "households_supported"],
    ["5.200 lượt hộ", "hỗ trợ 5.200 lượt hộ", "households_supported"],
    ["3 mô hình", "triển khai 3 mô hình", "poor_households"],
    ["1.200 người", "hỗ trợ 1.200 người", "households_supported"],
  ])("refuses %s as %s", async (text, quote, measure) => {
    const s = await importOne({ measure, text, quote, programme: "ALL" });
    expect(fields(s)).toContain("text");
  });

  it("takes 6/11 huyện as districts: a count out of a total", async () => {
    const s = await importOne({
      place: "02",
      measure: "poor_districts",
      period: "2016-2020",
      text: "6/11 huyện",
      quote: "Hà Giang có 6/11 huyện, thành phố thuộc diện huyện nghèo",
    });
    expect(s.errors).toEqual([]);
    expect(await storedOf(s.sourceKey!)).toMatchObject({ value: "6", total: "11", value_type: "COUNT_OF_TOTAL" });
  });
});

describe("issue 15: what the number is", () => {
  it("reads 16.003/80.276 hộ as a count out of a total, not actual against a plan", async () => {
    const s = await importOne({
      measure: "households_supported",
      text: "16.003/80.276 hộ",
      quote: "đã có 16.003/80.276 hộ được hỗ trợ",
    });
    expect(s.errors).toEqual([]);
    expect(await storedOf(s.sourceKey!)).toMatchObject({
      value: "16003",
      total: "80276",
      value_type: "COUNT_OF_TOTAL",
      kind: "ACTUAL",
    });
  });

  it("reads 727/700 lao động … kế hoạch as actual 727 against plan 700", async () => {
    const quote = "giải quyết việc làm cho 727/700 lao động, đạt 103,8% kế hoạch";
    const actual = await importOne({ measure: "workers_employed", text: "727/700 lao động", quote });
    const plan = await importOne({ measure: "workers_employed", text: "727/700 lao động", quote, kind: "PLAN" });
    expect([actual.errors, plan.errors]).toEqual([[], []]);
    expect(await storedOf(actual.sourceKey!)).toMatchObject({ value: "727", total: null, value_type: "LEVEL" });
    expect(await storedOf(plan.sourceKey!)).toMatchObject({ value: "700", kind: "PLAN", value_type: "LEVEL" });
  });

  it("reads zero by words, a multiple and a range from the report's own text", async () => {
    const zero = await importOne({
      measure: "poor_households",
      text: "không còn hộ nghèo",
      quote: "đến nay xã không còn hộ nghèo",
      period: "cuối năm 2023",
    });
    const multiple = await importOne({
      measure: "income_per_capita_year_vnd",
      text: "gấp 3,44 lần",
      quote: "thu nhập bình quân đầu người tăng gấp 3,44 lần so với năm 2015",
    });
    const range = await importOne({
      period: "2024",
      kind: "TARGET",
      text: "4 – 4,5%",
      quote: "phấn đấu giảm tỷ lệ hộ nghèo 4 – 4,5%",
      valueType: "CHANGE",
      direction: "DECREASE",
    });
    expect([zero.errors, multiple.errors, range.errors]).toEqual([[], [], []]);
    expect(await storedOf(zero.sourceKey!)).toMatchObject({ value: "0", value_type: "LEVEL" });
    expect(await storedOf(multiple.sourceKey!)).toMatchObject({ value: "3.44", value_type: "MULTIPLE" });
    expect(await storedOf(range.sourceKey!)).toMatchObject({ value: "-4", value_high: "-4.5", value_type: "CHANGE" });
  });
});
