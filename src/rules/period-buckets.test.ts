import { describe, expect, it } from "vitest";
import { bucketOf, bucketsOf, bucketSource, MAX_BUCKETS, relativeBuckets } from "./period-buckets.ts";

const span = (start: string, end: string) => ({ start, end });

describe("buckets", () => {
  it("cuts a range into years, halves, quarters and months, from the bucket of its start to the bucket of its end", () => {
    expect(bucketsOf(span("2019-01-01", "2021-12-31"), "YEAR")).toEqual([
      span("2019-01-01", "2019-12-31"),
      span("2020-01-01", "2020-12-31"),
      span("2021-01-01", "2021-12-31"),
    ]);
    expect(bucketsOf(span("2023-05-01", "2024-01-31"), "HALF")).toEqual([
      span("2023-01-01", "2023-06-30"),
      span("2023-07-01", "2023-12-31"),
      span("2024-01-01", "2024-06-30"),
    ]);
    expect(bucketsOf(span("2024-02-10", "2024-04-01"), "QUARTER")).toEqual([
      span("2024-01-01", "2024-03-31"),
      span("2024-04-01", "2024-06-30"),
    ]);
    expect(bucketsOf(span("2024-01-01", "2024-03-31"), "MONTH").map((b) => b.end)).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
    ]);
    expect(bucketOf("2023-11-15", "QUARTER")).toEqual(span("2023-10-01", "2023-12-31"));
  });

  it("refuses more than MAX_BUCKETS", () => {
    expect(() => bucketsOf(span("1950-01-01", "2100-12-31"), "MONTH")).toThrow(String(MAX_BUCKETS));
  });

  it("relative periods: LAST_n excludes the current year, THIS_ includes it", () => {
    expect(relativeBuckets("LAST_5_YEARS", "2021-06-30").buckets.map((b) => b.start.slice(0, 4))).toEqual([
      "2016",
      "2017",
      "2018",
      "2019",
      "2020",
    ]);
    expect(relativeBuckets("THIS_YEAR", "2021-06-30").buckets).toEqual([span("2021-01-01", "2021-12-31")]);
    expect(relativeBuckets("LAST_YEAR", "2021-01-01").buckets).toEqual([span("2020-01-01", "2020-12-31")]);
    expect(relativeBuckets("LAST_QUARTER", "2024-02-15").buckets).toEqual([span("2023-10-01", "2023-12-31")]);
    expect(relativeBuckets("LAST_12_MONTHS", "2024-02-15").buckets.map((b) => b.start)).toHaveLength(12);
    expect(relativeBuckets("LAST_12_MONTHS", "2024-02-15").buckets[0].start).toBe("2023-02-01");
    expect(relativeBuckets("LAST_4_QUARTERS", "2024-02-15")).toMatchObject({
      granularity: "QUARTER",
      buckets: [{ start: "2023-01-01" }, {}, {}, { end: "2023-12-31" }],
    });
  });
});

describe("bucketSource", () => {
  const year = span("2023-01-01", "2023-12-31");
  it("prefers the period reported for exactly the bucket", () => {
    expect(bucketSource(year, [span("2023-01-01", "2023-03-31"), year], true)).toEqual({ kind: "EXACT", period: year });
  });

  it("sums a flow's disjoint periods inside the bucket, with coverage in months", () => {
    const q1 = span("2023-01-01", "2023-03-31");
    const q3 = span("2023-07-01", "2023-09-30");
    expect(bucketSource(year, [q3, q1], true)).toEqual({
      kind: "PARTS",
      periods: [q1, q3],
      coveredMonths: 6,
      totalMonths: 12,
    });
  });

  it("gives a flow nothing when the periods inside overlap (they would double count)", () => {
    expect(bucketSource(year, [span("2023-01-01", "2023-03-31"), span("2023-01-01", "2023-06-30")], true)).toBeNull();
  });

  it("takes a stock's latest value inside the bucket, never a sum", () => {
    const jan = span("2023-01-01", "2023-01-01");
    const dec = span("2023-12-31", "2023-12-31");
    expect(bucketSource(year, [jan, dec], false)).toEqual({ kind: "LATEST", period: dec });
  });

  it("never uses a period that only straddles the bucket", () => {
    expect(bucketSource(year, [span("2021-01-01", "2025-12-31")], true)).toBeNull();
    expect(bucketSource(year, [span("2022-12-01", "2023-01-31")], false)).toBeNull();
  });
});
