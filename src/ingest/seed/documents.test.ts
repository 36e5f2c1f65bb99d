import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildEthnicities } from "../../reference/ethnicities.ts";
import { measureByCode, MEASURES } from "../../reference/measures.ts";
import { buildPlaceReference } from "../../reference/places.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import { parsePeriod } from "../../rules/period.ts";
import type { ImportDocument, ImportFigure } from "../import-format.ts";
import { unitOfNoun } from "../parse/noun-units.ts";
import { parseFigure, type UnitFamily } from "../parse/vn-number.ts";
import { listSeedDocuments, readSeedReport } from "./documents.ts";

const documents = listSeedDocuments();
const reportFiles = readdirSync(new URL("./reports/", import.meta.url))
  .filter((f) => f.endsWith(".txt"))
  .sort();
const placeKeys = new Set(buildPlaceReference().places.map((p) => p.key));
const ethnicityCodes = new Set(buildEthnicities().map((e) => e.code));
const programmeCodes = new Set(buildProgrammes().map((p) => p.code));
const measureCodes = new Set(MEASURES.map((m) => m.code));

const isoDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

const familyOfUnit = (unit: string): UnitFamily =>
  unit === "VND" ? "VND" : unit === "PERCENT" || unit === "PERCENT_POINT" ? "PERCENT" : "COUNT";

const baseName = (d: ImportDocument) => d.document.fileName!.replace(/\.txt$/, "");
const allFigures = documents.flatMap((d) => d.figures.map((f) => ({ doc: baseName(d), f })));

describe("seed documents", () => {
  it("has one document per report, named after it", () => {
    expect(documents.map((d) => d.document.fileName)).toEqual(reportFiles);
    for (const d of documents) {
      expect(d.document.sourceKey).toBe(`seed/${baseName(d)}`);
      expect(d.document.title.length).toBeGreaterThan(10);
      expect(readSeedReport(d.document.fileName!)).toContain(d.document.title);
      if (d.document.publishedAt !== null) expect(isoDate(d.document.publishedAt), d.document.sourceKey).toBe(true);
      expect(d.figures.length, d.document.sourceKey).toBeGreaterThan(0);
    }
  });

  it("quotes every figure verbatim from its report, and the figure text from its quote", () => {
    for (const d of documents) {
      const report = readSeedReport(d.document.fileName!);
      for (const f of d.figures) {
        expect(report.includes(f.quote), `${baseName(d)}/${f.key}: quote not in report`).toBe(true);
        expect(f.quote.includes(f.text), `${baseName(d)}/${f.key}: text not in quote`).toBe(true);
        expect(f.text.trim()).toBe(f.text);
      }
    }
  });

  it("keeps keys unique and readable within each document", () => {
    for (const d of documents) {
      const keys = d.figures.map((f) => f.key);
      expect(new Set(keys).size, baseName(d)).toBe(keys.length);
      for (const k of keys) expect(k).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it("uses codes that exist in the reference data", () => {
    for (const { doc, f } of allFigures) {
      const where = `${doc}/${f.key}`;
      expect(placeKeys.has(f.place), `${where}: place ${f.place}`).toBe(true);
      expect(ethnicityCodes.has(f.ethnicity ?? "ALL"), `${where}: ethnicity ${f.ethnicity}`).toBe(true);
      expect(programmeCodes.has(f.programme ?? "ALL"), `${where}: programme ${f.programme}`).toBe(true);
      expect(measureCodes.has(f.measure), `${where}: measure ${f.measure}`).toBe(true);
      expect(["ACTUAL", "PLAN", "TARGET"], `${where}: kind`).toContain(f.kind ?? "ACTUAL");
    }
  });

  // Overlap, not containment: Kiên Giang's 2021-2025 targets run past its merger on 2025-07-01 and
  // still belong to the unit they were set for.
  it("states parseable periods that overlap the places' validity", () => {
    const placeByKey = new Map(buildPlaceReference().places.map((p) => [p.key, p]));
    for (const { doc, f } of allFigures) {
      const { start, end, label } = parsePeriod(f.period);
      expect(label, `${doc}/${f.key}: period not in its shortest form`).toBe(f.period);
      const place = placeByKey.get(f.place)!;
      expect(end >= place.validFrom, `${doc}/${f.key}: before ${f.place} existed`).toBe(true);
      if (place.validTo) expect(start <= place.validTo, `${doc}/${f.key}: after ${f.place} ended`).toBe(true);
    }
  });

  it("never puts two figures of a non-additive measure in the same cell (one would hide the other)", () => {
    for (const d of documents) {
      const seen = new Map<string, string>();
      for (const f of d.figures) {
        if (measureByCode(f.measure)!.aggregation === "SUM") continue;
        const cell = [
          f.place,
          f.ethnicity ?? "ALL",
          f.programme ?? "ALL",
          f.measure,
          f.period,
          f.kind ?? "ACTUAL",
        ].join("|");
        expect(seen.get(cell), `${baseName(d)}/${f.key} shares its cell`).toBeUndefined();
        seen.set(cell, f.key);
      }
    }
  });

  it("covers the issue's places and programmes", () => {
    const used = (pick: (f: ImportFigure) => string | undefined) => new Set(allFigures.map(({ f }) => pick(f)));
    const places = used((f) => f.place);
    for (const p of [
      "P-20-2008",
      "P-80-2008",
      "P-91-2008",
      "D-06-BACH-THONG",
      "D-91-GIANG-THANH",
      "D-91-U-MINH-THUONG",
      "D-91-AN-MINH",
    ]) {
      expect(places.has(p), p).toBe(true);
    }
    const programmes = used((f) => f.programme);
    for (const p of [
      "CREDIT-POOR",
      "CREDIT-NEAR-POOR",
      "CREDIT-ESCAPED",
      "CREDIT-HOUSING",
      "CREDIT-ABROAD",
      "CREDIT-JOBS",
      "CREDIT-STUDENTS",
      "HEALTH-INSURANCE-POOR",
      "HEALTH-INSURANCE-NEAR-POOR",
      "HEALTH-INSURANCE-SOCIAL",
      "NTP-2021-P4-ABROAD",
      "NTP-2016",
    ]) {
      expect(programmes.has(p), p).toBe(true);
    }
    expect(used((f) => f.ethnicity).has("DTTS")).toBe(true);
  });
});

describe("seed figure texts", () => {
  it("all parse, in the unit family of their measure", () => {
    for (const { doc, f } of allFigures) {
      const where = `${doc}/${f.key} "${f.text}"`;
      let parsed;
      try {
        parsed = parseFigure(f.text);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
      }
      expect(parsed.unitFamily, where).toBe(familyOfUnit(measureByCode(f.measure)!.unit));
      if ((f.kind ?? "ACTUAL") === "PLAN")
        expect(parsed.outOf, `${where}: a PLAN figure needs an "A/B" text`).not.toBeNull();
    }
  });

  it("count nouns imply the measure's unit", () => {
    // "02 công làng văn hóa" is the report's typo for "cổng làng" (village gates): no unit to check.
    const unknownNouns = new Set(["công làng"]);
    for (const { doc, f } of allFigures) {
      const parsed = parseFigure(f.text);
      if (parsed.unitFamily !== "COUNT") continue;
      const unit = unitOfNoun(parsed.noun);
      if (unit === null && unknownNouns.has(parsed.noun!)) continue;
      expect(unit, `${doc}/${f.key}: noun "${parsed.noun}"`).toBe(measureByCode(f.measure)!.unit);
    }
  });

  // Values read off the reports by hand: the curated text must carry the report's number.
  const expected: [doc: string, key: string, value: string, extra?: { plan?: string; qualifier?: string }][] = [
    ["000_25442aa91860a0f0", "health-insurance-cards-2021", "269316"],
    ["000_25442aa91860a0f0", "health-insurance-spending-2021", "214520000000"],
    ["000_25442aa91860a0f0", "training-and-jobs-workers-2021", "14100", { qualifier: "ABOUT" }],
    ["000_25442aa91860a0f0", "credit-disbursed-2021", "992504000000"],
    ["000_25442aa91860a0f0", "rice-tonnes-2021", "4808"],
    ["001_2ddaf8eb7a8f073c", "electricity-spending-2023", "3200000000", { qualifier: "NEARLY" }],
    ["001_2ddaf8eb7a8f073c", "credit-household-occasions-2023-01-2024-05", "68000", { qualifier: "AT_LEAST" }],
    ["001_2ddaf8eb7a8f073c", "credit-disbursed-2023-01-2024-05", "3000000000000", { qualifier: "NEARLY" }],
    ["001_2ddaf8eb7a8f073c", "poverty-rate-2024-01-01", "0.75"],
    ["001_2ddaf8eb7a8f073c", "great-unity-houses-built-spending-2023", "14400000000", { qualifier: "AT_LEAST" }],
    ["002_4d96d7140257cf51", "poverty-rate-reduction-target-2019", "3", { qualifier: "AT_LEAST" }],
    ["002_4d96d7140257cf51", "credit-household-occasions-target-2019", "9000", { qualifier: "AT_LEAST" }],
    ["003_6e80bded62f7b578", "job-loans-disbursed-2022", "2044000000"],
    ["003_6e80bded62f7b578", "jobs-workers-2022", "727", { plan: "700" }],
    ["003_6e80bded62f7b578", "workers-abroad-2022", "42", { plan: "42" }],
    ["003_6e80bded62f7b578", "jobs-plan-attainment-2022", "103.8"],
    ["003_6e80bded62f7b578", "study-costs-spending-2022", "511900000"],
    ["003_6e80bded62f7b578", "lunch-spending-2022", "1218000000000"],
    ["003_6e80bded62f7b578", "boarding-spending-2022", "2672595000000"],
    ["003_6e80bded62f7b578", "culture-officials-class-2022", "1"],
    ["004_514c6c2de4e5625c", "poverty-rate-2021-01-01", "1.69"],
    ["004_514c6c2de4e5625c", "poverty-rate-giang-thanh-2020", "7.96"],
    ["004_514c6c2de4e5625c", "poverty-rate-phu-quoc-2020", "1", { qualifier: "AT_MOST" }],
    ["004_514c6c2de4e5625c", "gift-packages-2016-2020", "39000", { qualifier: "AT_LEAST" }],
    ["004_514c6c2de4e5625c", "beneficiary-occasions-2016-2020", "1000000", { qualifier: "AT_LEAST" }],
    ["004_514c6c2de4e5625c", "gift-spending-2016-2020", "27400000000", { qualifier: "AT_LEAST" }],
  ];
  it.each(expected)("%s/%s reads %s", (doc, key, value, extra) => {
    const figure = documents.find((d) => baseName(d) === doc)?.figures.find((f) => f.key === key);
    expect(figure, `${doc}/${key} missing`).toBeDefined();
    const parsed = parseFigure(figure!.text);
    expect(parsed.value.toFixed()).toBe(value);
    expect(parsed.outOf?.toFixed() ?? null).toBe(extra?.plan ?? null);
    if (extra?.qualifier) expect(parsed.qualifier).toBe(extra.qualifier);
  });

  it("records the 727/700 jobs as an actual and a plan from the same text", () => {
    const bachThong = documents.find((d) => baseName(d) === "003_6e80bded62f7b578")!.figures;
    const actual = bachThong.find((f) => f.key === "jobs-workers-2022")!;
    const plan = bachThong.find((f) => f.key === "jobs-workers-plan-2022")!;
    expect([actual.kind, plan.kind]).toEqual(["ACTUAL", "PLAN"]);
    expect(plan.text).toBe(actual.text);
    expect(parseFigure(plan.text).outOf!.toFixed()).toBe("700");
  });
});
