import { describe, expect, it } from "vitest";
import {
  formatPeriod,
  parsePeriod,
  parseReportedPeriod,
  PeriodParseError,
  periodContains,
  resolvePeriodExpression,
} from "./period.ts";

describe("parsePeriod", () => {
  it.each([
    ["2022", "2022-01-01", "2022-12-31", "2022"],
    ["2021-2025", "2021-01-01", "2025-12-31", "2021-2025"],
    ["2016-2020", "2016-01-01", "2020-12-31", "2016-2020"],
    ["2023-01/2024-05", "2023-01-01", "2024-05-31", "2023-01/2024-05"],
    ["2024-05", "2024-05-01", "2024-05-31", "2024-05"],
    ["2024-02", "2024-02-01", "2024-02-29", "2024-02"],
    ["2023-02", "2023-02-01", "2023-02-28", "2023-02"],
    ["1900-02", "1900-02-01", "1900-02-28", "1900-02"],
    ["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"],
    ["2024-01-01/2024-06-30", "2024-01-01", "2024-06-30", "2024-01/2024-06"],
    ["2024-01-15/2024-06-30", "2024-01-15", "2024-06-30", "2024-01-15/2024-06-30"],
    ["2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29"],
    [" 2022 ", "2022-01-01", "2022-12-31", "2022"],
  ])("%j → %s .. %s (%s)", (text, start, end, label) => {
    expect(parsePeriod(text)).toEqual({ start, end, label });
  });

  it("labels a range with the shortest form", () => {
    expect(parsePeriod("2023-01/2023-12").label).toBe("2023");
    expect(parsePeriod("2021-01/2025-12").label).toBe("2021-2025");
    expect(parsePeriod("2022-2022").label).toBe("2022");
    expect(parsePeriod("2024-05/2024-05").label).toBe("2024-05");
    expect(parsePeriod("2024-05-01/2024-05-31").label).toBe("2024-05");
    expect(parsePeriod("2024-01-01/2024-12-31").label).toBe("2024");
    expect(parsePeriod("2024-03-03/2024-03-03").label).toBe("2024-03-03");
  });

  it.each([
    ["2025-2021", /ends \(2021-12-31\) before it starts \(2025-01-01\)/],
    ["2024-05/2023-01", /before it starts/],
    ["2024-06-30/2024-01-01", /before it starts/],
    ["2022-13", /month 13 does not exist/],
    ["2022-00", /month 00 does not exist/],
    ["2023-02-29", /2023-02-29 does not exist/],
    ["2024-04-31", /does not exist/],
    ["abc", /expected "2022"/],
    ["", /empty/],
    ["   ", /empty/],
    ["22", /expected/],
    ["2022/2023", /expected/],
    ["2023-01/2024-05-31", /expected/],
    ["2021 - 2025", /expected/],
    ["0202", /outside 1900-2100/],
    ["2202-2203", /outside/],
  ])("rejects %j", (text, reason) => {
    let error: unknown;
    try {
      parsePeriod(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeriodParseError);
    expect((error as PeriodParseError).reason).toMatch(reason);
    expect((error as PeriodParseError).text).toBe(text);
    expect((error as Error).message).toBe((error as PeriodParseError).reason);
  });
});

describe("formatPeriod", () => {
  it.each([
    ["2022-01-01", "2022-12-31", "2022"],
    ["2021-01-01", "2025-12-31", "2021-2025"],
    ["2024-05-01", "2024-05-31", "2024-05"],
    ["2023-01-01", "2024-05-31", "2023-01/2024-05"],
    ["2024-02-01", "2024-02-29", "2024-02"],
    ["2024-02-01", "2024-02-28", "2024-02-01/2024-02-28"],
    ["2024-01-01", "2024-01-01", "2024-01-01"],
    ["2024-01-01", "2024-06-30", "2024-01/2024-06"],
    ["2024-01-15", "2024-06-30", "2024-01-15/2024-06-30"],
    ["2024-01-02", "2024-12-31", "2024-01-02/2024-12-31"],
  ])("%s .. %s → %s", (start, end, label) => {
    expect(formatPeriod(start, end)).toBe(label);
  });

  it("round-trips through parsePeriod", () => {
    for (const text of ["2022", "2021-2025", "2024-05", "2023-01/2024-05", "2024-01-01", "2024-01-15/2024-06-30"]) {
      const p = parsePeriod(text);
      expect(formatPeriod(p.start, p.end)).toBe(text);
      expect(parsePeriod(formatPeriod(p.start, p.end))).toEqual(p);
    }
  });

  it("rejects bad dates and reversed ranges", () => {
    expect(() => formatPeriod("2024-12-31", "2024-01-01")).toThrow(PeriodParseError);
    expect(() => formatPeriod("2024-02-30", "2024-03-01")).toThrow(/does not exist/);
    expect(() => formatPeriod("2024", "2024-12-31")).toThrow(/not a YYYY-MM-DD date/);
  });
});

describe("periodContains", () => {
  it.each([
    ["2021-2025", "2022", true],
    ["2021-2025", "2021-2025", true],
    ["2021-2025", "2025-12", true],
    ["2021-2025", "2025-12-31", true],
    ["2021-2025", "2020-12-31", false],
    ["2021-2025", "2026-01-01", false],
    ["2021-2025", "2020-2022", false],
    ["2022", "2021-2025", false],
    ["2023-01/2024-05", "2024-05-31", true],
    ["2023-01/2024-05", "2024-06-01", false],
    ["2024-01-01", "2024-01-01", true],
  ])("%s ⊇ %s: %s", (outer, inner, contained) => {
    expect(periodContains(outer, inner)).toBe(contained);
  });

  it("takes ranges as well as strings", () => {
    expect(periodContains({ start: "2022-01-01", end: "2022-12-31" }, { start: "2022-03-01", end: "2022-03-31" })).toBe(
      true,
    );
    expect(periodContains(parsePeriod("2022"), "2022-12-31/2023-01-01")).toBe(false);
  });
});

describe("resolvePeriodExpression: a report's own words against its publication date", () => {
  const at = "2025-09-02";
  it.each<[string, string | null, string, string]>([
    ["cuối năm 2023", at, "2023-12-31", "2023-12-31"],
    ["hết năm 2023", null, "2023-12-31", "2023-12-31"],
    ["đầu năm 2024", at, "2024-01-01", "2024-01-01"],
    ["năm 2023", null, "2023-01-01", "2023-12-31"],
    ["31/5", at, "2025-05-31", "2025-05-31"],
    ["31/12", "2025-09-02", "2024-12-31", "2024-12-31"],
    ["31/12/2019", null, "2019-12-31", "2019-12-31"],
    ["tháng 6/2025", null, "2025-06-01", "2025-06-30"],
    ["hết tháng 6/2025", null, "2025-06-30", "2025-06-30"],
    ["6 tháng đầu năm", "2024-07-15", "2024-01-01", "2024-06-30"],
    ["9 tháng đầu năm 2023", null, "2023-01-01", "2023-09-30"],
    ["quý I/2024", null, "2024-01-01", "2024-03-31"],
    ["3 năm (2021 - 2023)", null, "2021-01-01", "2023-12-31"],
    ["giai đoạn 2016-2020", null, "2016-01-01", "2020-12-31"],
    ["giai đoạn 2016 – 2020", null, "2016-01-01", "2020-12-31"],
    ["từ năm 2015 đến nay", "2019-11-12", "2015-01-01", "2019-11-12"],
    ["năm nay", "2019-11-12", "2019-01-01", "2019-12-31"],
  ])("%s (published %s) → %s..%s", (text, published, start, end) => {
    const p = resolvePeriodExpression(text, published);
    expect([p.start, p.end]).toEqual([start, end]);
  });

  it.each<[string, string | null, RegExp]>([
    ["31/5", null, /publication date/],
    ["6 tháng đầu năm", null, /publication date/],
    ["từ năm 2015 đến nay", null, /publication date/],
    ["3 năm (2021 - 2024)", null, /3 years do not match/],
    ["31/2", "2025-09-02", /does not exist/],
    ["thời gian qua", "2024-01-01", /a report's own words/],
  ])("%s (published %s) is refused", (text, published, reason) => {
    expect(() => resolvePeriodExpression(text, published)).toThrow(reason);
  });

  it("parseReportedPeriod takes period strings first, then expressions", () => {
    expect(parseReportedPeriod("2021-2025", null).label).toBe("2021-2025");
    expect(parseReportedPeriod("cuối năm 2023", null).label).toBe("2023-12-31");
    expect(parseReportedPeriod("31/5", "2025-09-02").label).toBe("2025-05-31");
    expect(() => parseReportedPeriod("2024-13", null)).toThrow(PeriodParseError);
  });
});
