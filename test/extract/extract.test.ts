import { describe, expect, it } from "vitest";
import type { Draft } from "../../src/ingest/extract/draft.ts";
import { ExtractError, extractFigures, MAX_TEXT_CHARS } from "../../src/ingest/extract/extract.ts";
import { findNumbers } from "../../src/ingest/extract/numbers.ts";
import { segment } from "../../src/ingest/extract/segment.ts";

const all = (d: Draft) => [...d.figures, ...d.notRecorded];
const byText = (d: Draft, text: string) => all(d).find((f) => f.text === text);

describe("numbers that are not figures", () => {
  it("skips dates, times, years, decree and plan numbers, phone numbers and labels", () => {
    const s =
      "Ngày 15/3/2019, lúc 10:40:39, theo Quyết định số 90/QĐ-TTg, Nghị quyết 20-NQ/TU, Kế hoạch 57/KH-UBND, " +
      "Nghị quyết 30a, ngày 12.11.2019, điện thoại 0912.345.678, Dự án 1, giai đoạn 2021-2025, năm 2023, sóng 4G, đến hết ngày 31/5";
    const { candidates, skipped } = findNumbers(s);
    expect(candidates).toEqual([]);
    expect(skipped.map((x) => x.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/date/),
        expect.stringMatching(/time/),
        expect.stringMatching(/document number/),
      ]),
    );
  });

  it("reads the figure text the importer's parser accepts, with its qualifier and unit", () => {
    const s =
      "toàn tỉnh còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%; giải ngân 2 tỷ 044 triệu đồng cho hơn 80 lượt cán bộ, gần 763,78 tỷ đồng, 644.000đ/người/tháng";
    const c = findNumbers(s).candidates;
    expect(c.map((x) => [x.text, x.value.toFixed(), x.qualifier, x.family])).toEqual([
      ["9.604 hộ nghèo", "9604", "EXACT", "COUNT"],
      ["3,14%", "3.14", "EXACT", "PERCENT"],
      ["2 tỷ 044 triệu đồng", "2044000000", "EXACT", "VND"],
      ["hơn 80 lượt cán bộ", "80", "AT_LEAST", "COUNT"],
      ["gần 763,78 tỷ đồng", "763780000000", "NEARLY", "VND"],
      ["644.000đ", "644000", "EXACT", "VND"],
    ]);
  });

  it("keeps ranges with both ends, A/B with its second number, and zero-padded counts", () => {
    const c = findNumbers(
      "chỉ tiêu giảm nghèo từ 4 – 4,5%, việc làm cho 727/700 lao động, có 6/11 huyện nghèo, xây 03 nhà",
    ).candidates;
    expect(
      c.map((x) => [x.text, x.value.toFixed(), x.valueHigh?.toFixed() ?? null, x.outOf?.toFixed() ?? null]),
    ).toEqual([
      ["4 – 4,5%", "4", "4.5", null],
      ["727/700 lao động", "727", null, "700"],
      ["6/11 huyện nghèo", "6", null, "11"],
      ["03 nhà", "3", null, null],
    ]);
  });

  it("does not take counts of places or groups, durations or population shares as figures", () => {
    const d = extractFigures({
      text: "Hà Giang là tỉnh có 19 dân tộc, trên 87% dân số là đồng bào dân tộc thiểu số. Qua rà soát của 10 huyện, thành phố trong 15 năm, năm 2023 toàn tỉnh còn 9.604 hộ nghèo.",
      publishedAt: "2024-01-10",
    });
    expect(all(d).map((f) => f.text)).toEqual(["9.604 hộ nghèo"]);
  });
});

describe("context across sentences", () => {
  const text = [
    "Kon Tum: Kết quả giảm nghèo",
    "",
    "Năm 2019, tỉnh Kon Tum đã đầu tư hơn 288 tỷ đồng để thực hiện Chương trình mục tiêu quốc gia Giảm nghèo bền vững. Trong đó, vốn đầu tư phát triển trên 227 tỉ đồng.",
    "Toàn tỉnh giúp hơn 5.300 hộ thoát nghèo. Tính đến cuối năm 2019, tỉnh còn gần 18.870 hộ nghèo, chiếm tỷ lệ trên 13,6%; tỷ lệ hộ cận nghèo giảm trên 0,2% so với năm 2018.",
    "Phấn đấu năm 2020 giảm hộ nghèo xuống còn dưới 10%.",
    "Tính đến cuối năm 2019, tỉnh còn gần 18.870 hộ nghèo.",
  ].join("\n");
  const d = extractFigures({ text, publishedAt: "2020-01-15" });

  it("takes the province from the title and the year from an earlier sentence", () => {
    const part = byText(d, "trên 227 tỉ đồng")!;
    expect(part.placeName).toBe("Kon Tum");
    expect([part.periodStart, part.periodEnd]).toEqual(["2019-01-01", "2019-12-31"]);
    expect(part.cues.some((c) => c.field === "part")).toBe(true);
    expect(byText(d, "hơn 5.300 hộ thoát nghèo")).toMatchObject({
      measure: "households_escaped_poverty",
      periodStart: "2019-01-01",
      periodEnd: "2019-12-31",
      qualifier: "AT_LEAST",
    });
  });

  it("dates a stock at the day the report states, a change from its comparison base", () => {
    expect(byText(d, "gần 18.870 hộ nghèo")).toMatchObject({
      measure: "poor_households",
      periodStart: "2019-12-31",
      periodEnd: "2019-12-31",
      qualifier: "NEARLY",
    });
    expect(byText(d, "trên 13,6%")).toMatchObject({ measure: "poverty_rate", periodStart: "2019-12-31" });
    // A change of the rate: "giảm trên 0,2%" says its direction, so the importer reads the value type from the quote.
    const change = byText(d, "trên 0,2%")!;
    expect(change).toMatchObject({ measure: "near_poverty_rate", periodStart: "2019-01-01", periodEnd: "2019-12-31" });
    expect(change.cues).toContainEqual({ field: "period", text: "năm 2018 → cuối năm 2019" });
  });

  it("reads targets as targets", () => {
    expect(byText(d, "dưới 10%")).toMatchObject({
      kind: "TARGET",
      periodStart: "2020-01-01",
      periodEnd: "2020-12-31",
      qualifier: "AT_MOST",
    });
    expect(byText(d, "hơn 288 tỷ đồng")!.kind).toBe("ACTUAL");
  });

  it("proposes a figure stated twice once, with both quotes", () => {
    const repeated = all(d).filter((f) => f.text === "gần 18.870 hộ nghèo");
    expect(repeated).toHaveLength(1);
    expect(repeated[0].spans).toHaveLength(2);
    expect(repeated[0].quotes).toEqual(["Tính đến cuối năm 2019, tỉnh còn gần 18.870 hộ nghèo."]);
  });

  it("gives each figure a verbatim quote, a confidence and the cues for its fields", () => {
    const body = segment(text).body;
    for (const f of all(d)) {
      expect(f.quote).toContain(f.text);
      expect(body.slice(f.spans[0].start, f.spans[0].end)).toBe(f.quote);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      expect(f.cues.map((c) => c.field)).toEqual(expect.arrayContaining(["value", "place", "period"]));
    }
  });
});

describe("places", () => {
  it("takes a district named in the sentence, and puts a group of places in notRecorded with the reason", () => {
    const d = extractFigures({
      text: "Hà Giang: giảm nghèo\n\nĐơn cử, tại huyện Xín Mần, năm 2023, địa phương này được phân bổ hơn 165 tỷ đồng. Tại 7 huyện nghèo, tỷ lệ hộ nghèo năm 2023 còn 61,04%.",
      publishedAt: "2024-03-01",
    });
    expect(byText(d, "hơn 165 tỷ đồng")).toMatchObject({ placeName: "Xín Mần", kind: "PLAN" });
    const group = d.notRecorded.find((n) => n.text === "61,04%")!;
    expect(group.placeName).toBe("7 huyện nghèo of Hà Giang");
    expect(group.reason).toMatch(/group of places/);
  });

  it("resolves a province for the period: Sơn La after the 2025 reform is the new unit", () => {
    const d = extractFigures({
      text: "Sơn La: kết quả\n\nDự kiến đến cuối năm 2025, tỷ lệ hộ nghèo còn khoảng 7,89%.",
      publishedAt: "2025-12-13",
    });
    expect(d.figures[0]).toMatchObject({
      place: "P-14-2025",
      kind: "PLAN",
      estimate: true,
      qualifier: "ABOUT",
      periodStart: "2025-12-31",
    });
  });
});

describe("bad input", () => {
  it("refuses empty and non-Vietnamese text and oversized text with a reason", () => {
    expect(() => extractFigures({ text: "   \n " })).toThrow(ExtractError);
    expect(() =>
      extractFigures({ text: "The province reduced poverty by 3% in 2023, reaching 9,604 poor households." }),
    ).toThrow(/not Vietnamese/);
    expect(() => extractFigures({ text: "a".repeat(MAX_TEXT_CHARS + 1) })).toThrow(/at most/);
    expect(() => extractFigures({ text: "Năm 2023 có 5 hộ nghèo.", publishedAt: "2023-13-45x" })).toThrow(/not a date/);
  });

  it("gives an empty draft for Vietnamese text without figures", () => {
    const d = extractFigures({ text: "Công tác giảm nghèo được các cấp quan tâm thực hiện." });
    expect(d.figures).toEqual([]);
    expect(d.notRecorded).toEqual([]);
  });
});
