import { readdirSync, readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import type { ImportSummary } from "../../src/ingest/import/summary.ts";
import { measureByCode, type Unit } from "../../src/reference/measures.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import type { ValueType } from "../../src/rules/value-type.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Ten real reports (test/fixtures/reports-dev, copied from the shared development set) with every
// figure labelled by hand in labels.jsonl. The import documents in documents/ were written from the
// labels, quote and text verbatim; each recorded figure's key is "L" + the label's line (000-102).
const dir = new URL("../fixtures/reports-dev/", import.meta.url);

interface Label {
  report: string;
  quote: string;
  text: string;
  value: number;
  valueHigh?: number;
  denominator?: number;
  unit: string;
  qualifier: string;
  kind: string;
  what: string;
  ethnicity: string;
  period: string;
}
const labels: Label[] = readFileSync(new URL("labels.jsonl", dir), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const documents: ImportDocument[] = readdirSync(new URL("documents/", dir))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(`documents/${f}`, dir), "utf8")));

/** What each label is, beyond a level (the parser must read it from the quote or the stated fields). */
const NOT_LEVEL: Record<number, [ValueType, 1 | -1]> = {
  5: ["CHANGE", -1],
  6: ["CHANGE", -1],
  8: ["CHANGE", -1],
  10: ["CHANGE", -1],
  23: ["CHANGE", -1],
  24: ["CHANGE", -1],
  35: ["CHANGE", -1],
  64: ["CHANGE", -1],
  66: ["CHANGE", -1],
  77: ["CHANGE", -1],
  81: ["CHANGE", -1],
  86: ["CHANGE", -1],
  87: ["CHANGE", -1],
  42: ["CHANGE", 1],
  46: ["CHANGE", 1],
  68: ["RELATIVE_CHANGE", 1],
  89: ["ANNUAL_AVERAGE_CHANGE", -1],
  49: ["SHARE", 1],
  51: ["SHARE", 1],
  22: ["COUNT_OF_TOTAL", 1],
  13: ["CHANGE", -1],
  25: ["CHANGE", -1],
  101: ["ANNUAL_AVERAGE_CHANGE", -1],
};
/** Labels whose figure cannot be recorded yet, each kept on its document with the reason. */
// 47-59 (report 005, Điện Biên 2003-2017): no unit is valid for a period that starts before the province was formed.
const NOT_RECORDED = Array.from({ length: 13 }, (_, i) => 47 + i);
/**
 * Labels about a group of places: the group the document declares, the unit it lies in, and its
 * members when the report names the group's official list (Hà Giang's poor districts of Decision 353).
 */
const GROUP_OF_LABEL: Record<number, { code: string; within: string; members: number }> = {
  11: { code: "HA-GIANG-HUYEN-NGHEO-2021-2025", within: "Hà Giang", members: 7 },
  12: { code: "HA-GIANG-HUYEN-NGHEO-2021-2025", within: "Hà Giang", members: 7 },
  13: { code: "HA-GIANG-HUYEN-NGHEO-2021-2025", within: "Hà Giang", members: 7 },
  25: { code: "HA-GIANG-HUYEN-XA-NGHEO-2020", within: "Hà Giang", members: 0 },
  101: { code: "SON-LA-XA-DBKK-2021-2025", within: "Sơn La", members: 0 },
};
const ESTIMATED = [100];

/** The measure units a label's unit may be recorded in. */
const UNITS_OF_LABEL: Record<string, Unit[]> = {
  households: ["HOUSEHOLD"],
  persons: ["PERSON"],
  students: ["PERSON"],
  workers: ["PERSON"],
  occasions: ["OCCASION"],
  VND: ["VND"],
  percent: ["PERCENT"],
  works: ["WORK"],
  houses: ["HOUSE"],
  other: ["MODEL", "PROJECT", "PROGRAMME", "DISTRICT", "COMMUNE", "VILLAGE", "ITEM"],
};

interface Stored {
  figure_key: string;
  place_key: string;
  place_level: string;
  place_name: string;
  measure_code: string;
  ethnicity_code: string;
  kind: string;
  value: string;
  value_high: string | null;
  total: string | null;
  qualifier: string;
  value_type: ValueType;
  status: string;
  raw_text: string;
  quote: string;
}

let db: TestDb;
let summaries: ImportSummary[];
const stored = new Map<string, Stored>();

beforeAll(async () => {
  db = await createTestDb();
  summaries = [];
  for (const doc of documents) summaries.push(await importDocument(db.pool, doc, { actor: "test" }));
  const rows = (
    await db.pool.query<Stored & { source_key: string }>(
      `SELECT d.source_key, f.figure_key, f.place_key, p.level::text AS place_level, p.name AS place_name, f.measure_code, f.ethnicity_code, f.kind::text, f.value::text, f.value_high::text,
            f.total::text, f.qualifier::text, f.value_type::text, f.status::text, f.raw_text, f.quote
       FROM figure f JOIN document d ON d.id = f.document_id JOIN place p ON p.key = f.place_key
      WHERE d.source_key LIKE 'reports-dev/%'`,
    )
  ).rows;
  for (const r of rows) stored.set(`${r.source_key.slice(-3)}/${r.figure_key}`, r);
}, 60_000);
afterAll(async () => {
  await db.drop();
});

describe("the ten real reports of reports-dev", () => {
  it("import without an error", () => {
    for (const s of summaries) expect(s.errors, s.sourceKey ?? "").toEqual([]);
    expect(summaries.map((s) => s.status)).toEqual(new Array(10).fill("CREATED"));
    expect(summaries.reduce((n, s) => n + s.imported, 0)).toBe(103 - NOT_RECORDED.length);
    expect(summaries.reduce((n, s) => n + s.notRecorded, 0)).toBe(NOT_RECORDED.length);
  });

  const recorded = labels.map((l, i) => [i, l] as const).filter(([i]) => !NOT_RECORDED.includes(i));
  it.each(recorded)("label %i is recorded with its value, qualifier, kind and meaning", (i, label) => {
    const f = stored.get(`${label.report}/L${String(i).padStart(3, "0")}`);
    expect(f, "stored").toBeDefined();
    expect([f!.raw_text, f!.quote]).toEqual([label.text, label.quote]);
    const [valueType, sign] = NOT_LEVEL[i] ?? ["LEVEL", 1];
    expect(f!.value_type).toBe(valueType);
    expect(new Decimal(f!.value).toFixed()).toBe(new Decimal(label.value).times(sign).toFixed());
    expect(f!.value_high === null ? null : new Decimal(f!.value_high).toFixed()).toBe(
      label.valueHigh === undefined ? null : new Decimal(label.valueHigh).times(sign).toFixed(),
    );
    expect(f!.total === null ? null : new Decimal(f!.total).toFixed()).toBe(
      label.denominator === undefined ? null : String(label.denominator),
    );
    expect(f!.qualifier).toBe(label.qualifier);
    expect(f!.kind).toBe(label.kind);
    expect(f!.status).toBe(ESTIMATED.includes(i) ? "E" : "A");
    expect(f!.ethnicity_code).toBe(label.ethnicity);
    // The label's unit is the measure's, except a share or relative change, which is a percentage of it.
    const unit = measureByCode(f!.measure_code)!.unit;
    if (valueType === "SHARE" || valueType === "RELATIVE_CHANGE") expect(label.unit).toBe("percent");
    else expect(UNITS_OF_LABEL[label.unit]).toContain(unit);
    // A label saying "reduction" is a decrease; "increase" or "exceeding" an increase.
    if (/(?<!-)reduction (of|in)/.test(label.what)) expect(Number(f!.value)).toBeLessThan(0);
    if (/increase|exceeding/.test(label.what)) expect(Number(f!.value)).toBeGreaterThan(0);
  });

  it("keeps the figures it cannot record on their documents, with the reason", async () => {
    const rows = (
      await db.pool.query<{ source_key: string; text: string; quote: string; reason: string }>(
        `SELECT d.source_key, n.text, n.quote, n.reason FROM not_recorded_figure n JOIN document d ON d.id = n.document_id ORDER BY n.id`,
      )
    ).rows;
    expect(rows.map((r) => [r.source_key.slice(-3), r.text, r.quote])).toEqual(
      NOT_RECORDED.map((i) => [labels[i].report, labels[i].text, labels[i].quote]),
    );
    for (const r of rows) expect(r.reason).toMatch(/no unit is valid for the whole period/);
  });

  it.each(Object.entries(GROUP_OF_LABEL))(
    "label %s is recorded for its group of places, inside its province",
    async (i, want) => {
      const label = labels[Number(i)];
      const f = stored.get(`${label.report}/L${i.padStart(3, "0")}`)!;
      expect([f.place_key, f.place_level]).toEqual([`G-${want.code}`, "GROUP"]);
      const group = (
        await db.pool.query(
          `SELECT w.name AS within, (SELECT count(*)::int FROM place_group_member m WHERE m.group_code = g.code) AS members,
                  (SELECT count(*)::int FROM place_group_member m JOIN place u ON u.key = m.place_key
                    WHERE m.group_code = g.code AND u.parent_key = g.within_key AND u.level = 'DISTRICT') AS inside
             FROM place_group g JOIN place w ON w.key = g.within_key WHERE g.code = $1`,
          [want.code],
        )
      ).rows;
      expect(group).toEqual([{ within: want.within, members: want.members, inside: want.members }]);
    },
  );

  it("records the district Xín Mần's allocation (label 21) for the district", () => {
    const f = stored.get("002/L021")!;
    expect([f.place_level, f.place_name]).toEqual(["DISTRICT", "Xín Mần"]);
  });

  it("adds only levels: changes, shares, counts out of a total and funding parts stay out of the rollups", async () => {
    await rebuildAll(db.pool);
    const mixed = await db.pool.query(
      `SELECT count(*)::int AS n FROM rollup r CROSS JOIN unnest(r.figure_ids) AS ids(fid) JOIN figure f ON f.id = ids.fid WHERE f.value_type <> 'LEVEL'
          OR f.value_high IS NOT NULL OR f.funding_source IS NOT NULL OR f.capital_type IS NOT NULL`,
    );
    expect(mixed.rows[0].n).toBe(0);
    const cell = async (measure: string, place: string, start: string, end: string, programme = "ALL") =>
      (
        await db.pool.query(
          `SELECT value::text FROM rollup WHERE boundary = 'AS_REPORTED' AND measure_code = $1 AND place_key = $2 AND ethnicity_code = 'ALL'
          AND programme_code = $5 AND kind = 'ACTUAL' AND period_start = $3 AND period_end = $4`,
          [measure, place, start, end, programme],
        )
      ).rows.map((r) => new Decimal(r.value).toFixed());
    // Hà Giang 2023: the rate at the end of the year is a level; "giảm 5,96%" over 2023 is not a 2023 rate.
    expect(await cell("poverty_rate", "P-02-2008", "2023-12-31", "2023-12-31")).toEqual(["31.12"]);
    expect(await cell("poverty_rate", "P-02-2008", "2023-01-01", "2023-12-31")).toEqual([]);
    // Kon Tum 2019 states only central funds (288 billion, of which 227 investment and 61 recurrent): parts
    // of a total from every source, so no cell (never 288 + 227 + 61).
    expect(await cell("programme_funds_vnd", "P-62-2008", "2019-01-01", "2019-12-31", "NTP-2016")).toEqual([]);
  }, 120_000);
});
