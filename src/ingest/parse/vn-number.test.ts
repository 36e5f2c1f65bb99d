import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { listSeedDocuments } from "../seed/documents.ts";
import { FigureParseError, parseFigure, parseVnNumber, type ParsedFigure } from "./vn-number.ts";

type Expected = {
  value: string;
  outOf?: string;
  qualifier?: ParsedFigure["qualifier"];
  unitFamily: ParsedFigure["unitFamily"];
  noun?: string | null;
};

function expectFigure(text: string, e: Expected): void {
  const p = parseFigure(text);
  expect(
    {
      value: p.value.toFixed(),
      outOf: p.outOf?.toFixed() ?? null,
      qualifier: p.qualifier,
      unitFamily: p.unitFamily,
      noun: p.noun,
    },
    text,
  ).toEqual({
    value: e.value,
    outOf: e.outOf ?? null,
    qualifier: e.qualifier ?? "EXACT",
    unitFamily: e.unitFamily,
    noun: e.noun ?? null,
  });
  expect(p.value).toBeInstanceOf(Decimal);
}

function parseError(text: string): FigureParseError {
  try {
    parseFigure(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FigureParseError);
    expect((e as FigureParseError).text).toBe(text);
    return e as FigureParseError;
  }
  throw new Error(`"${text}" parsed but should not have`);
}

describe("parseVnNumber", () => {
  it.each([
    ["269.316", "269316"],
    ["14,4", "14.4"],
    ["0,75", "0.75"],
    ["03", "3"],
    ["1.218.000", "1218000"],
    ["15092", "15092"],
    ["1.234,5", "1234.5"],
    ["0", "0"],
    [" 42 ", "42"],
  ])("%s → %s", (text, value) => {
    expect(parseVnNumber(text).toFixed()).toBe(value);
  });

  it("keeps decimals exact, where a float would not", () => {
    expect(parseVnNumber("0,1").plus(parseVnNumber("0,2")).toFixed()).toBe("0.3");
    expect(parseVnNumber("9.007.199.254.740.993").toFixed()).toBe("9007199254740993");
  });

  it.each(["", "abc", "1.5", "1,234,567", "1,234.5", "-3", "12 hộ", "1.2345", "1234.567", "10.00"])(
    "rejects %j",
    (text) => {
      expect(() => parseVnNumber(text)).toThrow(FigureParseError);
    },
  );
});

describe("parseFigure: the seed reports' figures", () => {
  it.each<[string, Expected]>([
    ["269.316", { value: "269316", unitFamily: "COUNT" }],
    ["269.316 thẻ", { value: "269316", unitFamily: "COUNT", noun: "thẻ" }],
    ["0,75%", { value: "0.75", unitFamily: "PERCENT" }],
    ["1,86%", { value: "1.86", unitFamily: "PERCENT" }],
    ["3,2 tỷ đồng", { value: "3200000000", unitFamily: "VND" }],
    ["214.520 triệu đồng", { value: "214520000000", unitFamily: "VND" }],
    ["2 tỷ 044 triệu đồng", { value: "2044000000", unitFamily: "VND" }],
    ["511.900.000 đồng", { value: "511900000", unitFamily: "VND" }],
    ["39 nghìn suất", { value: "39000", unitFamily: "COUNT", noun: "suất" }],
    ["trên 39 nghìn suất quà", { value: "39000", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "suất quà" }],
    [
      "trên 1 triệu lượt người dân",
      { value: "1000000", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "lượt người dân" },
    ],
    ["727/700 lao động", { value: "727", outOf: "700", unitFamily: "COUNT", noun: "lao động" }],
    ["42/42 người", { value: "42", outOf: "42", unitFamily: "COUNT", noun: "người" }],
    ["03 nhà", { value: "3", unitFamily: "COUNT", noun: "nhà" }],
    ["01 lớp", { value: "1", unitFamily: "COUNT", noun: "lớp" }],
    ["7, 96%", { value: "7.96", unitFamily: "PERCENT" }],
    ["1.218.000 triệu đồng", { value: "1218000000000", unitFamily: "VND" }],
    ["2.672.595 triệu đồng", { value: "2672595000000", unitFamily: "VND" }],
    ["14,4 tỷ đồng", { value: "14400000000", unitFamily: "VND" }],
    ["trên 14,4 tỷ đồng", { value: "14400000000", qualifier: "AT_LEAST", unitFamily: "VND" }],
    ["gần 3.000 tỷ đồng", { value: "3000000000000", qualifier: "NEARLY", unitFamily: "VND" }],
    ["gần 3,2 tỷ đồng", { value: "3200000000", qualifier: "NEARLY", unitFamily: "VND" }],
    ["hơn 68.000 lượt hộ nghèo", { value: "68000", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "lượt hộ nghèo" }],
    ["khoảng 14.100 lao động", { value: "14100", qualifier: "ABOUT", unitFamily: "COUNT", noun: "lao động" }],
    ["đạt 992.504 triệu đồng", { value: "992504000000", unitFamily: "VND" }],
    ["từ 3% trở lên", { value: "3", qualifier: "AT_LEAST", unitFamily: "PERCENT" }],
    ["từ 4,5% trở lên", { value: "4.5", qualifier: "AT_LEAST", unitFamily: "PERCENT" }],
    ["trên 3%/năm", { value: "3", qualifier: "AT_LEAST", unitFamily: "PERCENT" }],
    ["dưới 2%", { value: "2", qualifier: "AT_MOST", unitFamily: "PERCENT" }],
    ["khoảng 0,2%", { value: "0.2", qualifier: "ABOUT", unitFamily: "PERCENT" }],
    ["100%", { value: "100", unitFamily: "PERCENT" }],
    ["103,8%", { value: "103.8", unitFamily: "PERCENT" }],
    ["hơn 3.600 hộ", { value: "3600", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "hộ" }],
    ["4.808 tấn gạo", { value: "4808", unitFamily: "COUNT", noun: "tấn gạo" }],
    ["500 nghìn đồng", { value: "500000", unitFamily: "VND" }],
    ["1,5 triệu đồng", { value: "1500000", unitFamily: "VND" }],
    ["gần 11.000 lượt thẻ", { value: "11000", qualifier: "NEARLY", unitFamily: "COUNT", noun: "lượt thẻ" }],
    ["hơn 80 lượt cán bộ", { value: "80", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "lượt cán bộ" }],
    ["276 căn nhà", { value: "276", unitFamily: "COUNT", noun: "căn nhà" }],
  ])("%s", (text, expected) => expectFigure(text, expected));
});

describe("parseFigure: units and multipliers", () => {
  it.each<[string, Expected]>([
    // tỷ with nothing counted after it is money: no count in this domain reaches a billion.
    ["3,2 tỷ", { value: "3200000000", unitFamily: "VND" }],
    ["168 tỷ", { value: "168000000000", unitFamily: "VND" }],
    ["1,5 nghìn tỷ đồng", { value: "1500000000000", unitFamily: "VND" }],
    ["1 triệu 500 nghìn đồng", { value: "1500000", unitFamily: "VND" }],
    ["1 tỷ 2 triệu 300 nghìn đồng", { value: "1002300000", unitFamily: "VND" }],
    ["2 tỷ 044,5 triệu đồng", { value: "2044500000", unitFamily: "VND" }],
    ["500.000đ", { value: "500000", unitFamily: "VND" }],
    ["500.000 VNĐ", { value: "500000", unitFamily: "VND" }],
    ["1,5 triệu lượt", { value: "1500000", unitFamily: "COUNT", noun: "lượt" }],
    ["3,5 ngàn hộ", { value: "3500", unitFamily: "COUNT", noun: "hộ" }],
    ["727/700 triệu đồng", { value: "727000000", outOf: "700000000", unitFamily: "VND" }],
    // "đồng bào" (compatriots) is a noun, not the currency.
    ["hơn 3.000 đồng bào", { value: "3000", qualifier: "AT_LEAST", unitFamily: "COUNT", noun: "đồng bào" }],
    ["7,96 %", { value: "7.96", unitFamily: "PERCENT" }],
  ])("%s", (text, expected) => expectFigure(text, expected));

  it("normalises case, spacing and Unicode composition", () => {
    expectFigure("Hơn  28.800\u00a0Lượt Thẻ", {
      value: "28800",
      qualifier: "AT_LEAST",
      unitFamily: "COUNT",
      noun: "lượt thẻ",
    });
    expectFigure("3,2 tỷ đồng".normalize("NFD"), { value: "3200000000", unitFamily: "VND" });
    expectFigure("2 TỶ 044 TRIỆU ĐỒNG", { value: "2044000000", unitFamily: "VND" });
  });
});

describe("parseFigure: qualifiers", () => {
  it.each<[string, ParsedFigure["qualifier"]]>([
    ["hơn 5.200 lượt", "AT_LEAST"],
    ["trên 9.000 lượt hộ", "AT_LEAST"],
    ["ít nhất 5 hộ", "AT_LEAST"],
    ["không dưới 5 hộ", "AT_LEAST"],
    ["từ 6%", "AT_LEAST"],
    ["từ 3.000 hộ trở lên", "AT_LEAST"],
    ["3% trở lên", "AT_LEAST"],
    ["hơn 3% trở lên", "AT_LEAST"],
    ["dưới 1%", "AT_MOST"],
    ["chưa đến 5%", "AT_MOST"],
    ["không quá 5%", "AT_MOST"],
    ["tối đa 5%", "AT_MOST"],
    ["từ 2% trở xuống", "AT_MOST"],
    ["2% trở xuống", "AT_MOST"],
    ["gần 50%", "NEARLY"],
    ["đạt gần 3.000 tỷ đồng", "NEARLY"],
    ["khoảng 0,2%", "ABOUT"],
    ["xấp xỉ 10 hộ", "ABOUT"],
    ["ước khoảng 10 hộ", "ABOUT"],
    ["ước tính 10 hộ", "EXACT"],
    ["ước đạt 10 hộ", "EXACT"],
    ["đạt 25,4 tỷ đồng", "EXACT"],
    ["là 317 học sinh", "EXACT"],
    ["416 hộ", "EXACT"],
  ])("%s → %s", (text, qualifier) => {
    expect(parseFigure(text).qualifier).toBe(qualifier);
  });

  it("rejects contradicting bounds", () => {
    expect(parseError("dưới 3% trở lên").reason).toMatch(/conflicting qualifiers/);
    expect(parseError("hơn 3% trở xuống").reason).toMatch(/conflicting qualifiers/);
    expect(parseError("gần hơn 5 hộ").reason).toMatch(/conflicting qualifiers/);
  });

  it("rejects words before the number it does not know, rather than reading them as EXACT", () => {
    expect(parseError("chưa bằng 5%").reason).toMatch(/"chưa bằng" before the number is not a known qualifier/);
    expect(parseError("số kinh phí là 511.900.000 đồng").reason).toMatch(/not a known qualifier/);
  });
});

describe("parseFigure: nouns", () => {
  it.each<[string, string | null]>([
    ["hơn 68.000 lượt hộ nghèo, hộ cận nghèo và các đối tượng chính sách khác", "lượt hộ nghèo"],
    ["24 tin, bài", "tin"],
    ["26 nhà đại đoàn kết cho hộ nghèo", "nhà đại đoàn kết"],
    ["259 nhà Đại đoàn kết", "nhà đại đoàn kết"],
    ["05 ngôi nhà Khăn quàng đỏ", "ngôi nhà khăn quàng đỏ"],
    ["20 nhà ở cho phụ nữ nghèo", "nhà ở"],
    ["85 nhà ở hộ nghèo có hoàn cảnh đặc biệt khó khăn", "nhà ở hộ nghèo"],
    ["250 người thuộc diện hộ nghèo", "người"],
    ["29 lao động (nữ)", "lao động"],
    ["hơn 35.000 lao động/năm", "lao động"],
    ["276 căn nhà “Đại đoàn kết”", "căn nhà đại đoàn kết"],
    ["416 hộ.", "hộ"],
    ["12", null],
  ])("%s → %s", (text, noun) => {
    expect(parseFigure(text).noun).toBe(noun);
  });

  it("gives no noun for money or percentages, whatever follows", () => {
    expect(parseFigure("gần 3,2 tỷ đồng tiền điện").noun).toBeNull();
    expect(parseFigure("103,8% kế hoạch").noun).toBeNull();
  });
});

describe("parseFigure: ambiguous or malformed text is an error with a reason", () => {
  it.each<[string, RegExp]>([
    ["", /empty text/],
    ["   ", /empty text/],
    ["abc", /no number/],
    ["tỷ đồng", /no number/],
    ["1.5", /"1\.5" is ambiguous.*exactly 3 digits/],
    ["1.5 tỷ đồng", /ambiguous/],
    ["10.00 hộ", /ambiguous/],
    ["1234.567 hộ", /ambiguous/],
    ["1,234,567", /English notation/],
    ["1,234.5 hộ", /English notation/],
    ["hơn 5.200 lượt với kinh phí gần 3,2 tỷ đồng", /more than one number/],
    ["hơn 3.600 hộ, chiếm 0,75%", /more than one number/],
    ["năm 2023 có 416 hộ", /not a known qualifier/],
    ["3, 2 tỷ đồng", /more than one number/],
    ["-5%", /negative/],
    ["−5%", /negative/],
    ["giảm -5%", /negative/],
    ["âm 5%", /negative/],
    ["7 - 6%", /a range goes from low to high/],
    ["6 - 7/8 hộ", /more than one number|cannot also be a range/],
    ["gấp 3 hộ", /"gấp" needs "lần"/],
    ["3 lần", /"gấp … lần"/],
    ["không", /no number/],
    ["hầu như không còn hộ nghèo", /no number/],
    ["3,2 triệu", /"triệu" with neither đồng nor a counted noun is ambiguous/],
    ["39 nghìn", /ambiguous/],
    ["3 tỷ người", /a billion of anything but đồng/],
    ["2 tỷ 044", /"044" after "2 tỷ" has no unit/],
    ["2 tỷ 1.500 triệu đồng", /not less than one unit/],
    ["2 triệu 3 tỷ đồng", /must be smaller/],
    ["2,5 tỷ 300 triệu đồng", /has decimals but is followed/],
    ["1,5 triệu đồng/người", /rate, not a figure/],
    ["2 triệu/tháng", /rate, not a figure/],
    ["28/12/2022", /more than one '\/'/],
    ["0,5 đồng", /whole đồng/],
    ["2 triệu tỷ đồng", /right after another multiplier/],
    ["5 nghìn triệu đồng", /right after another multiplier/],
    ["3 triệu %", /multiplier.*before '%'/],
    ["50/60%", /'A\/B%'/],
    ["727/700 lao động, đạt 103,8% kế hoạch", /more than one number/],
    ["29 lao động (21 nữ)", /more than one number/],
  ])("%j", (text, reason) => {
    expect(parseError(text).reason).toMatch(reason);
  });

  it("names the text in the message", () => {
    expect(() => parseFigure("1.5")).toThrow(/cannot read figure "1\.5"/);
  });
});

describe("parseFigure: every figure text of the seed documents", () => {
  const figures = listSeedDocuments().flatMap((d) => d.figures.map((f) => ({ doc: d.document.sourceKey, ...f })));

  it("has seed figures to check", () => {
    expect(figures.length).toBeGreaterThan(50);
  });

  it.each(figures.map((f) => [`${f.doc} ${f.key}: ${f.text}`, f.text] as const))("%s parses", (_, text) => {
    const p = parseFigure(text);
    expect(p.value.isNegative()).toBe(false);
  });
});

describe("parseFigure: ranges, zero by words, multiples, estimates", () => {
  it.each<[string, string, string, ParsedFigure["unitFamily"], ParsedFigure["qualifier"]]>([
    ["4 – 4,5%", "4", "4.5", "PERCENT", "EXACT"],
    ["3-4%", "3", "4", "PERCENT", "EXACT"],
    ["từ 6 đến 7 hộ", "6", "7", "COUNT", "EXACT"],
    ["khoảng 3 - 4 tỷ đồng", "3000000000", "4000000000", "VND", "ABOUT"],
    ["6–7 triệu đồng", "6000000", "7000000", "VND", "EXACT"],
  ])("%s → %s..%s", (text, low, high, unitFamily, qualifier) => {
    const p = parseFigure(text);
    expect([p.value.toFixed(), p.valueHigh?.toFixed(), p.unitFamily, p.qualifier]).toEqual([
      low,
      high,
      unitFamily,
      qualifier,
    ]);
  });

  it("reads zero by words with the noun counted", () => {
    const p = parseFigure("không còn hộ nghèo");
    expect([p.value.toFixed(), p.noun, p.unitFamily, p.qualifier]).toEqual(["0", "hộ nghèo", "COUNT", "EXACT"]);
    expect(parseFigure("không có hộ tái nghèo").noun).toBe("hộ tái nghèo");
  });

  it("reads a multiple", () => {
    const p = parseFigure("gấp 3,44 lần");
    expect([p.value.toFixed(), p.unitFamily, p.noun]).toEqual(["3.44", "MULTIPLE", null]);
  });

  it("marks estimates without making them bounds", () => {
    expect([parseFigure("ước đạt 5.000 hộ").estimated, parseFigure("ước đạt 5.000 hộ").qualifier]).toEqual([
      true,
      "EXACT",
    ]);
    expect([parseFigure("dự kiến khoảng 7,89%").estimated, parseFigure("dự kiến khoảng 7,89%").qualifier]).toEqual([
      true,
      "ABOUT",
    ]);
    expect(parseFigure("5.000 hộ").estimated).toBe(false);
  });

  it("keeps A/B as A out of B", () => {
    const p = parseFigure("6/11 huyện");
    expect([p.value.toFixed(), p.outOf?.toFixed(), p.noun]).toEqual(["6", "11", "huyện"]);
  });
});
