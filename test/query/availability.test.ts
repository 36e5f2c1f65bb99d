import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dataAvailability,
  placeAndBelow,
  type AvailabilityDimension,
  type AvailabilityFilter,
  type AvailabilityRow,
} from "../../src/query/availability.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { formatPeriod } from "../../src/rules/period.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { rng } from "../support/rng.ts";

// dataAvailability (one statement in two steps: figures counted per cell, cells summed into rows)
// against a plain count in TypeScript over the same random figures: documents that each span
// several measures, periods, places (districts, provinces, 2025 communes), programmes and kinds,
// cells reported twice in one document, some figures flagged. Every breakdown and filter.
let db: TestDb;
let ref: ReferenceCache;

interface Stored extends RawFigure {
  documentId: number;
  sourceKey: string;
  period: [string, string];
}
const stored: Stored[] = [];

const PLACES = [
  "D-06-BACH-THONG",
  "D-06-BA-BE",
  "P-06-2008",
  "P-19-2008",
  "D-20-BINH-GIA",
  "D-80-BEN-LUC",
  "P-80-2008",
  "D-91-AN-MINH",
  "C-06613-20080801",
  "C-06613-20250701",
];
const MEASURES = ["households_supported", "poor_households", "poverty_rate", "spending_vnd", "health_insurance_cards"];
const PROGRAMMES = ["ALL", "CREDIT", "CREDIT-POOR", "EDUCATION", "EDU-LUNCH", "HEALTH-INSURANCE"];
const PERIODS: [string, string][] = [
  ["2022-01-01", "2022-12-31"],
  ["2023-01-01", "2023-12-31"],
  ["2022-01-01", "2022-03-31"],
  ["2023-01-01", "2023-06-30"],
  ["2024-07-01", "2024-09-30"],
  ["2025-02-01", "2025-04-30"],
];
const KINDS = ["ACTUAL", "ACTUAL", "PLAN", "TARGET"];
const DOCUMENTS = 9;

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(18_2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  for (let d = 0; d < DOCUMENTS; d++) {
    // each document keeps to a few measures and periods of its own, so documents differ in what they span
    const measures = [0, 1, 3].map((i) => MEASURES[(d + i) % MEASURES.length]);
    const periods = [0, 2].map((i) => PERIODS[(d + i) % PERIODS.length]);
    const figures: RawFigure[] = [];
    for (let i = 0; i < 40; i++) {
      const fresh: RawFigure = {
        place: pick(PLACES),
        programme: pick(PROGRAMMES),
        measure: pick(measures),
        period: pick(periods),
        kind: pick(KINDS),
        value: String(Math.floor(random() * 100000)),
        flags: random() < 0.1 ? ["IMPLAUSIBLE"] : [],
      };
      // one figure in five reports a cell of this document again
      const again = figures.length && random() < 0.2 ? { ...pick(figures), flags: [] } : fresh;
      figures.push({ ...again, key: `k${i}` });
    }
    const sourceKey = `test/availability-${d}`;
    const { documentId } = await insertDocument(db.pool, figures, { sourceKey });
    for (const f of figures) stored.push({ ...f, documentId, sourceKey, period: f.period! });
  }
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => {
  await db.drop();
});

/** The place a figure counts for: its own, or its ancestor of `level` (as reported); null when there is none. */
function placeAt(key: string, level: string | null | undefined): string | null {
  if (!level) return key;
  for (let k: string | undefined = key; k; k = ref.placeParent.AS_REPORTED.get(k))
    if (ref.places.get(k)?.level === level) return k;
  return null;
}

function below(root: string, children: (k: string) => string[]): Set<string> {
  const out = new Set([root]);
  for (const k of out) for (const c of children(k)) out.add(c);
  return out;
}

/** The answer counted figure by figure. */
function reference(filter: AvailabilityFilter, by: AvailabilityDimension[]): AvailabilityRow[] {
  const places = filter.place ? new Set(placeAndBelow(ref, filter.place)) : null;
  const programmes = filter.programme ? below(filter.programme, (c) => ref.programmeChildren.get(c) ?? []) : null;
  const period = filter.period ? { start: filter.period + "-01-01", end: filter.period + "-12-31" } : null;
  const groups = new Map<
    string,
    { row: AvailabilityRow; docs: Set<number>; measures: Set<string>; periods: Set<string> }
  >();
  for (const f of stored) {
    if (!filter.includeFlagged && f.flags?.includes("IMPLAUSIBLE")) continue;
    if (places && !places.has(f.place)) continue;
    if (filter.measures?.length && !filter.measures.includes(f.measure)) continue;
    if (programmes && !programmes.has(f.programme!)) continue;
    if (period && !(f.period[0] >= period.start && f.period[1] <= period.end)) continue;
    if (filter.kind && f.kind !== filter.kind) continue;
    if (filter.document && f.sourceKey !== filter.document) continue;
    const place = placeAt(f.place, filter.level);
    if (place === null) continue;
    const row: AvailabilityRow = {
      placeKey: by.includes("PLACE") ? place : null,
      measure: by.includes("MEASURE") ? f.measure : null,
      programme: by.includes("PROGRAMME") ? f.programme! : null,
      periodStart: by.includes("PERIOD") ? f.period[0] : null,
      periodEnd: by.includes("PERIOD") ? f.period[1] : null,
      kind: by.includes("KIND") ? f.kind! : null,
      documentId: by.includes("DOCUMENT") ? f.documentId : null,
      figures: 0,
      documents: 0,
      measures: [],
      periods: [],
    };
    const key = JSON.stringify(row);
    const g = groups.get(key) ?? { row, docs: new Set(), measures: new Set(), periods: new Set() };
    groups.set(key, g);
    g.row.figures++;
    g.docs.add(f.documentId);
    g.measures.add(f.measure);
    g.periods.add(`${f.period[0]}/${f.period[1]}`);
  }
  return [...groups.values()].map((g) => ({
    ...g.row,
    documents: g.docs.size,
    measures: [...g.measures].sort(),
    periods: [...g.periods].sort().map((p) => formatPeriod(p.split("/")[0], p.split("/")[1])),
  }));
}

const sorted = (rows: AvailabilityRow[]) => rows.map((r) => JSON.stringify(r)).sort();

const BREAKDOWNS: AvailabilityDimension[][] = [
  ["MEASURE"],
  ["PLACE"],
  ["PROGRAMME"],
  ["PERIOD"],
  ["KIND"],
  ["DOCUMENT"],
  ["MEASURE", "PERIOD"],
  ["PLACE", "MEASURE", "KIND"],
  ["DOCUMENT", "PROGRAMME", "PERIOD"],
  ["PLACE", "MEASURE", "PROGRAMME", "PERIOD", "KIND", "DOCUMENT"],
];
const FILTERS: AvailabilityFilter[] = [
  {},
  { includeFlagged: true },
  { place: "P-06-2008" },
  { measures: ["poverty_rate", "spending_vnd"] },
  { programme: "CREDIT" },
  { period: "2022" },
  { kind: "PLAN" },
  { document: "test/availability-3" },
  { place: "P-06-2008", period: "2023", includeFlagged: true },
];
const LEVELS = ["PROVINCE", "DISTRICT", "REGION"];

describe("dataAvailability against a count figure by figure", () => {
  it("the synthetic documents span several measures and periods each", () => {
    const spans = (d: number, of: (f: Stored) => string) =>
      new Set(stored.filter((f) => f.documentId === d).map(of)).size;
    const docs = [...new Set(stored.map((f) => f.documentId))];
    expect(docs.filter((d) => spans(d, (f) => f.measure) > 1 && spans(d, (f) => f.period.join()) > 1).length).toBe(
      docs.length,
    );
  });

  it("every breakdown under every filter", async () => {
    for (const by of BREAKDOWNS)
      for (const filter of FILTERS) {
        const got = await dataAvailability(db.pool, ref, filter, by);
        const want = reference(filter, by);
        expect(want.length, JSON.stringify({ by, filter })).toBeGreaterThan(0);
        expect(sorted(got), JSON.stringify({ by, filter })).toEqual(sorted(want));
      }
  });

  it("places rolled up to a level, with other dimensions and filters", async () => {
    for (const level of LEVELS)
      for (const by of [["PLACE"], ["PLACE", "MEASURE"], ["PLACE", "PERIOD", "DOCUMENT"]] as AvailabilityDimension[][])
        for (const filter of [
          { level },
          { level, period: "2022" },
          { level, includeFlagged: true, kind: "ACTUAL" },
          { level, measures: ["poverty_rate", "spending_vnd"], place: "P-06-2008" },
          // read from figure_availability_kind_programme_idx
          { level, programme: "CREDIT" },
          { level, kind: "PLAN", period: "2022" },
          { level, programme: "CREDIT", kind: "ACTUAL", place: "P-06-2008" },
        ]) {
          const got = await dataAvailability(db.pool, ref, filter, by);
          const want = reference(filter, by);
          expect(want.length, JSON.stringify({ by, filter })).toBeGreaterThan(0);
          expect(sorted(got), JSON.stringify({ by, filter })).toEqual(sorted(want));
        }
  });

  it("an unknown kind matches no figure", async () => {
    for (const by of [["PLACE"], ["KIND"]] as AvailabilityDimension[][])
      expect(await dataAvailability(db.pool, ref, { kind: "SPENT", programme: "CREDIT" }, by)).toEqual([]);
  });

  it("rows come in the order of the breakdown's columns", async () => {
    const rows = await dataAvailability(db.pool, ref, {}, ["DOCUMENT", "PERIOD"]);
    const keys = rows.map((r) => `${String(r.documentId).padStart(9, "0")} ${r.periodStart} ${r.periodEnd}`);
    expect(keys.length).toBeGreaterThan(DOCUMENTS);
    expect(keys).toEqual([...keys].sort());
  });
});
