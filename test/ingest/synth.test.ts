import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFigure, type ParsedFigure } from "../../src/ingest/parse/vn-number.ts";
import { synthesize, type SynthResult } from "../../src/ingest/synth/synthesize.ts";
import { UNMODELLED_MEASURES } from "../../src/ingest/synth/topics.ts";
import { validateDocumentFigures, type FigureToValidate } from "../../src/ingest/validate/plausibility.ts";
import { MEASURES, measureByCode } from "../../src/reference/measures.ts";
import { buildProgrammes } from "../../src/reference/programmes.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const N = 20_000;
const PREFIX = "synthetic/shape";

interface Row {
  document_id: number;
  source_key: string;
  figure_key: string;
  place_key: string;
  level: string;
  parent_key: string | null;
  /** The province the place lies in (itself for a province). */
  province_key: string;
  ethnicity_code: string;
  programme_code: string;
  measure_code: string;
  period_start: string;
  period_end: string;
  kind: "ACTUAL" | "PLAN";
  value: string;
  qualifier: string;
  raw_text: string;
  quote: string;
  flags: string[];
  flag_reason: string | null;
  suggested_value: string | null;
}

let db: TestDb;
let result: SynthResult;
let rows: Row[];

beforeAll(async () => {
  db = await createTestDb();
  result = await synthesize(db.pool, { facts: N, seed: 11, sourceKey: PREFIX });
  rows = (
    await db.pool.query<Row>(
      `SELECT f.document_id, d.source_key, f.figure_key, f.place_key, p.level::text AS level, p.parent_key,
            CASE p.level WHEN 'PROVINCE' THEN p.key WHEN 'DISTRICT' THEN p.parent_key
                 ELSE coalesce((SELECT u.parent_key FROM place u WHERE u.key = p.parent_key AND u.level = 'DISTRICT'), p.parent_key) END AS province_key,
            f.ethnicity_code, f.programme_code,
            f.measure_code, f.period_start::text AS period_start, f.period_end::text AS period_end, f.kind::text AS kind,
            trim_scale(f.value)::text AS value, f.qualifier::text AS qualifier, f.raw_text, f.quote, f.flags, f.flag_reason,
            trim_scale(f.suggested_value)::text AS suggested_value
       FROM figure f JOIN document d ON d.id = f.document_id JOIN place p ON p.key = f.place_key
      WHERE d.source_key LIKE $1 ORDER BY f.id`,
      [`${PREFIX}/%`],
    )
  ).rows;
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const share = (n: number) => n / rows.length;
const count = (pred: (r: Row) => boolean) => rows.filter(pred).length;
const distinct = <T>(pick: (r: Row) => T, pred: (r: Row) => boolean = () => true) =>
  new Set(rows.filter(pred).map(pick));
/** The province a figure belongs to (its own place, its district's or its commune's). */
const provinceOf = (r: Row) => r.province_key;
/** A figure of a pre-2025 province or of a unit below one. */
const beforeReform = (r: Row) => r.province_key.endsWith("-2008");

describe("synthesize", () => {
  it("loads exactly N figures, spread over reports that carry provenance", async () => {
    expect(result.inserted).toBe(N);
    expect(rows).toHaveLength(N);
    const docs = (
      await db.pool.query(
        `SELECT d.source_key, d.title, d.publisher, d.published_at::text AS published_at, d.url, d.content_hash, d.imported_by, count(f.id)::int AS n
         FROM document d LEFT JOIN figure f ON f.document_id = d.id WHERE d.source_key LIKE $1 GROUP BY d.id`,
        [`${PREFIX}/%`],
      )
    ).rows;
    expect(docs).toHaveLength(result.documents);
    expect(docs.length).toBeGreaterThan(1000);
    for (const d of docs) {
      expect(d.n).toBeGreaterThan(0);
      expect(d.source_key).toMatch(/^synthetic\/shape\/P-\d{2}-20(08|25)\/20\d\d(-Q[1-4]|-H1)?$/);
      expect(d.title).toContain("[dữ liệu giả lập]");
      expect(d.publisher).toBeTruthy();
      expect(d.published_at > "2016-01-01" && d.published_at < "2026-03-01").toBe(true);
      expect(d.content_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(docs.map((d) => d.content_hash)).size).toBe(docs.length);
    // one figure per cell in a report, and keys unique in it (the table's constraint)
    const cells = new Set(
      rows.map((r) =>
        [
          r.document_id,
          r.place_key,
          r.ethnicity_code,
          r.programme_code,
          r.measure_code,
          r.period_start,
          r.period_end,
          r.kind,
        ].join("|"),
      ),
    );
    expect(cells.size).toBe(N);
  });

  it("uses the real districts of every period, each with its official code, linked like the reference links it", async () => {
    // every district and commune of 2016 on, none generated
    const reference = (
      await db.pool.query(
        `SELECT count(*) FILTER (WHERE level = 'PROVINCE')::int AS provinces,
                count(*) FILTER (WHERE level = 'DISTRICT' AND valid_to >= '2016-01-01')::int AS districts,
                count(*) FILTER (WHERE level = 'COMMUNE' AND (valid_to IS NULL OR valid_to >= '2016-01-01'))::int AS communes
           FROM place`,
      )
    ).rows[0];
    expect(result.places.provinces).toBe(reference.provinces);
    expect(result.places.districts).toBe(reference.districts);
    // all but the few communes of a district that ended before 2016
    expect(result.places.communes).toBeGreaterThan(reference.communes - 20);
    expect(result.places.communes).toBeLessThanOrEqual(reference.communes);
    const districts = (
      await db.pool.query(
        `SELECT d.key, d.code, d.name, d.parent_key, d.valid_to::text AS valid_to,
              (SELECT array_agg(e.boundary::text || '>' || e.parent_key ORDER BY e.boundary) FROM place_edge e WHERE e.child_key = d.key) AS edges,
              (SELECT s.to_key FROM place_succession s WHERE s.from_key = d.parent_key) AS province_successor,
              (SELECT array_agg(s.to_key) FROM place_succession s WHERE s.from_key = d.key) AS successors
         FROM place d WHERE d.level = 'DISTRICT' AND d.key IN (SELECT DISTINCT place_key FROM figure)`,
      )
    ).rows;
    expect(districts.length).toBeGreaterThan(400);
    for (const d of districts) {
      expect(d.code).toMatch(/^\d{3}$/);
      expect(d.edges).toEqual([`AS_REPORTED>${d.parent_key}`, `CURRENT>${d.parent_key}`]);
      if (d.valid_to === "2025-06-30") expect(d.successors).toContain(d.province_successor); // islands also became special zones
    }
    // districts merged or renamed before the reform are stated in their own years
    const ended = districts.filter((d) => d.valid_to < "2025-06-30");
    expect(ended.length).toBeGreaterThanOrEqual(3);
    for (const d of ended) expect(d.successors?.length, d.key).toBeGreaterThan(0);
  });

  it("loads in the figure index's order over all 16,000 places (cell ids and the load order no longer stop at 1,024 places)", async () => {
    // N figures are one COPY batch, sorted by (measure, kind, place, period start): the ids follow it
    const order = (
      await db.pool.query(
        `SELECT count(*) FILTER (WHERE same AND place_key < prev)::int AS out_of_order, count(*) FILTER (WHERE same)::int AS compared,
                count(*) FILTER (WHERE NOT same)::int AS runs, count(DISTINCT (measure_code, kind))::int AS groups,
                max(rank)::int AS highest_rank
           FROM (SELECT f.place_key, r.rank, f.measure_code, f.kind, lag(f.place_key) OVER w AS prev,
                        (f.measure_code, f.kind) IS NOT DISTINCT FROM (lag(f.measure_code) OVER w, lag(f.kind) OVER w) AS same
                   FROM figure f JOIN document d ON d.id = f.document_id
                   JOIN (SELECT key, rank() OVER (ORDER BY key) AS rank FROM place) r ON r.key = f.place_key
                  WHERE d.source_key LIKE $1 WINDOW w AS (ORDER BY f.id)) x`,
        [`${PREFIX}/%`],
      )
    ).rows[0];
    expect(order.compared).toBeGreaterThan(N / 2);
    expect(order.highest_rank).toBeGreaterThan(10_000);
    // each measure and kind in one run, its places in key order
    expect(order.runs).toBe(order.groups);
    expect(order.out_of_order).toBe(0);
  });

  it("states real communes: old ones under their district, 2025 ones under their province, made of old ones", async () => {
    const communes = rows.filter((r) => r.level === "COMMUNE");
    expect(share(communes.length)).toBeGreaterThan(0.05);
    const old = distinct(
      (r) => r.place_key,
      (r) => r.level === "COMMUNE" && beforeReform(r),
    );
    const current = distinct(
      (r) => r.place_key,
      (r) => r.level === "COMMUNE" && !beforeReform(r),
    );
    expect(old.size).toBeGreaterThan(500);
    expect(current.size).toBeGreaterThan(100);
    // every 2025 commune stated was made of old communes (the crosswalk), and lies in its province
    const made = (
      await db.pool.query(
        `SELECT c.key, c.parent_key, count(s.from_key)::int AS parts FROM place c LEFT JOIN place_succession s ON s.to_key = c.key
          WHERE c.key = ANY($1) GROUP BY c.key`,
        [[...current]],
      )
    ).rows;
    expect(made).toHaveLength(current.size);
    for (const c of made) {
      expect(c.parts, c.key).toBeGreaterThan(0);
      expect(c.parent_key).toMatch(/^P-\d{2}-2025$/);
    }
    // a 2025 commune's households are about those of the old communes it was made of: the sum of its
    // full parts and an equal share of the split ones, each the size of its district's share
    const households = rows.filter(
      (r) => r.measure_code === "households" && r.ethnicity_code === "ALL" && r.level === "COMMUNE" && !r.flags.length,
    );
    const median = (vs: number[]) => vs.sort((a, b) => a - b)[Math.floor(vs.length / 2)];
    const before = median(households.filter(beforeReform).map((r) => Number(r.value)));
    const after = median(households.filter((r) => !beforeReform(r)).map((r) => Number(r.value)));
    expect(before).toBeGreaterThan(500);
    expect(before).toBeLessThan(10_000);
    expect(after / before).toBeGreaterThan(1.5); // about three old communes went into each
    expect(after / before).toBeLessThan(8);
  });

  it("covers all 63 + 34 provinces, every measure and programme, and every class of ethnicity", () => {
    expect(distinct(provinceOf, beforeReform).size).toBe(63);
    expect(
      distinct(
        (r) => r.place_key,
        (r) => /^P-\d{2}-2025$/.test(r.place_key),
      ).size,
    ).toBe(34);
    expect([...distinct((r) => r.measure_code)].sort()).toEqual(
      MEASURES.map((m) => m.code)
        .filter((c) => !UNMODELLED_MEASURES.includes(c))
        .sort(),
    );
    expect([...distinct((r) => r.programme_code)].sort()).toEqual(
      buildProgrammes()
        .map((p) => p.code)
        .sort(),
    );
    const eth = (code: string) => count((r) => r.ethnicity_code === code);
    expect(share(eth("ALL"))).toBeGreaterThan(0.35);
    expect(share(eth("DTTS"))).toBeGreaterThan(0.12);
    expect(eth("01")).toBeGreaterThan(100);
    const groups = [
      ...distinct(
        (r) => r.ethnicity_code,
        (r) => /^\d\d$/.test(r.ethnicity_code) && r.ethnicity_code !== "01",
      ),
    ];
    expect(groups.length).toBeGreaterThanOrEqual(30);
    // weighted toward the big minority groups: Tày, Thái, Mường, Khmer, Mông outnumber the small ones
    const big = ["02", "03", "05", "06", "08"].map(eth);
    const small = ["44", "52", "53", "54"].map(eth);
    expect(Math.min(...big)).toBeGreaterThan(5 * Math.max(...small));
    // ratios work: poor and total households stated for the same cells
    const cell = (r: Row) => [r.place_key, r.ethnicity_code, r.period_start].join("|");
    const poorCells = distinct(cell, (r) => r.measure_code === "poor_households");
    const both = [...distinct(cell, (r) => r.measure_code === "households")].filter((c) => poorCells.has(c));
    expect(both.length).toBeGreaterThan(50);
  });

  it("reports some provinces only in total, some only by district, some both (totals not always the sum of parts)", () => {
    const levels = new Map<string, Set<string>>();
    for (const r of rows.filter(beforeReform)) {
      const p = provinceOf(r);
      levels.set(p, (levels.get(p) ?? new Set()).add(r.level === "PROVINCE" ? "PROVINCE" : "DISTRICT"));
    }
    const only = (level: string) => [...levels.values()].filter((s) => s.size === 1 && s.has(level)).length;
    expect(only("PROVINCE")).toBeGreaterThanOrEqual(10);
    expect(only("DISTRICT")).toBeGreaterThanOrEqual(10);
    expect([...levels.values()].filter((s) => s.size === 2).length).toBeGreaterThanOrEqual(30);
    expect(share(count((r) => r.level === "DISTRICT"))).toBeGreaterThan(0.6);

    // every district of a province stated with the province's own total for the same cell
    const key = (r: Row, place: string) =>
      [r.document_id, place, r.ethnicity_code, r.programme_code, r.measure_code, r.kind].join("|");
    // rates and means are never sums of their districts' values: only additive measures compare
    const additive = (r: Row) => measureByCode(r.measure_code)?.aggregation === "SUM";
    const totals = new Map(
      rows
        .filter((r) => r.level === "PROVINCE" && r.qualifier === "EXACT" && !r.flags.length && additive(r))
        .map((r) => [key(r, r.place_key), new Decimal(r.value)]),
    );
    const parts = new Map<string, { sum: Decimal; n: number }>();
    for (const r of rows.filter(
      (x) =>
        x.level === "DISTRICT" &&
        x.qualifier === "EXACT" &&
        !x.flags.length &&
        additive(x) &&
        totals.has(key(x, x.parent_key!)),
    )) {
      const k = key(r, r.parent_key!);
      const p = parts.get(k) ?? { sum: new Decimal(0), n: 0 };
      parts.set(k, { sum: p.sum.plus(r.value), n: p.n + 1 });
    }
    const compared = [...parts]
      .filter(([, p]) => p.n >= 2)
      .map(([k, p]) => totals.get(k)!.minus(p.sum).div(totals.get(k)!).toNumber());
    expect(compared.length).toBeGreaterThan(20);
    expect(compared.filter((d) => d === 0).length).toBeGreaterThan(0);
    expect(compared.filter((d) => Math.abs(d) > 0.001).length).toBeGreaterThan(0);
    // a total below the sum of its listed parts only by the reporting slack, never wildly
    expect(Math.min(...compared)).toBeGreaterThan(-0.06);
  });

  it("mixes qualifiers and flags about 0.5 % exactly as the ingest would", () => {
    const q = (name: string) => share(count((r) => r.qualifier === name));
    expect(q("EXACT")).toBeGreaterThan(0.8);
    expect(q("EXACT")).toBeLessThan(0.9);
    for (const name of ["AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"]) expect(q(name), name).toBeGreaterThan(0.01);
    const flagged = rows.filter((r) => r.flags.length);
    expect(result.flagged).toBe(flagged.length);
    expect(share(flagged.length)).toBeGreaterThan(0.003);
    expect(share(flagged.length)).toBeLessThan(0.007);
    const slips = flagged.filter((r) => r.measure_code === "spending_vnd");
    expect(slips.length).toBeGreaterThan(0);
    for (const r of slips) {
      expect(r.raw_text).toMatch(/^\d{1,3}(\.\d{3})+ triệu đồng$/);
      expect(r.suggested_value).toBe(new Decimal(r.value).div(1000).toFixed());
    }
    expect(
      flagged.some((r) => r.measure_code === "poverty_rate") ||
        flagged.some((r) => r.measure_code === "poor_households"),
    ).toBe(true);

    // The whole reports through the ingest's plausibility check, cell by cell as the import does:
    // the same figures flagged, for the same reasons.
    const byCell = new Map<string, Row[]>();
    for (const r of rows) {
      const k = [
        r.document_id,
        r.place_key,
        r.ethnicity_code,
        r.programme_code,
        r.period_start,
        r.period_end,
        r.kind,
      ].join("|");
      byCell.set(k, [...(byCell.get(k) ?? []), r]);
    }
    const disagreements: string[] = [];
    for (const cell of byCell.values()) {
      const verdicts = validateDocumentFigures(
        cell.map((r): FigureToValidate => ({
          key: r.figure_key,
          measure: measureByCode(r.measure_code)!,
          programmeCode: r.programme_code,
          placeKey: r.place_key,
          ethnicityCode: r.ethnicity_code,
          periodStart: r.period_start,
          periodEnd: r.period_end,
          kind: r.kind,
          parsed: parseFigure(r.raw_text),
        })),
      );
      cell.forEach((r, i) => {
        if (verdicts[i].flags.join() !== r.flags.join() || verdicts[i].flagReason !== r.flag_reason) {
          disagreements.push(
            `${r.source_key} ${r.figure_key} "${r.raw_text}": stored ${r.flag_reason}, ingest ${verdicts[i].flagReason}`,
          );
        }
      });
    }
    expect(disagreements).toEqual([]);
  });

  it("writes every figure as reports do: text read back to the value, units and magnitudes of the measure", () => {
    const wrong: string[] = [];
    for (const r of rows) {
      let parsed: ParsedFigure;
      try {
        parsed = parseFigure(r.raw_text);
      } catch (e) {
        wrong.push(`${r.raw_text}: ${(e as Error).message}`);
        continue;
      }
      const stated = r.kind === "PLAN" && parsed.outOf ? parsed.outOf : parsed.value;
      const m = measureByCode(r.measure_code)!;
      const v = new Decimal(r.value);
      const problems = [
        stated.toFixed() !== r.value && `reads as ${stated.toFixed()}`,
        parsed.qualifier !== r.qualifier && `reads as ${parsed.qualifier}`,
        !r.quote.includes(r.raw_text) && "not in its quote",
        m.unit === "VND" && !(v.mod(1e6).isZero() && v.gte(1e6)) && "not whole millions of đồng",
        !["VND", "PERCENT", "PERCENT_POINT", "TONNE"].includes(m.unit) && !v.isInteger() && "a count that is not whole",
        !r.flags.length && m.maxValue !== null && v.gt(m.maxValue) && `above ${m.maxValue} unflagged`,
      ].filter(Boolean);
      if (problems.length)
        wrong.push(`${r.measure_code} ${r.value} ${r.qualifier} "${r.raw_text}": ${problems.join(", ")}`);
    }
    expect(wrong).toEqual([]);
    const median = (measure: string, level: string) => {
      const vs = rows
        .filter(
          (r) =>
            r.measure_code === measure &&
            r.level === level &&
            r.ethnicity_code === "ALL" &&
            r.programme_code === "ALL" &&
            r.period_end.slice(5) === "12-31" &&
            r.period_start.slice(5) === "01-01" &&
            !r.flags.length,
        )
        .map((r) => Number(r.value))
        .sort((a, b) => a - b);
      return vs[Math.floor(vs.length / 2)];
    };
    // an average district has some 30 thousand households, a province hundreds of thousands
    expect(median("households", "DISTRICT")).toBeGreaterThan(10_000);
    expect(median("households", "DISTRICT")).toBeLessThan(100_000);
    expect(median("households", "PROVINCE")).toBeGreaterThan(150_000);
    const rates = rows.filter((r) => r.measure_code === "poverty_rate" && !r.flags.length).map((r) => Number(r.value));
    expect(Math.max(...rates)).toBeLessThanOrEqual(60);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0);
  });

  it("spans 2016-2025 in years (mostly) and quarters, actuals and plans, each place within its validity", async () => {
    const years = distinct((r) => r.period_start.slice(0, 4));
    expect([...years].sort()).toEqual(["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]);
    const yearly = count((r) => r.period_start.endsWith("-01-01") && r.period_end.endsWith("-12-31"));
    const quarterly = count((r) => Number(r.period_end.slice(5, 7)) - Number(r.period_start.slice(5, 7)) === 2);
    expect(share(yearly)).toBeGreaterThan(0.7);
    expect(share(quarterly)).toBeGreaterThan(0.05);
    expect(share(count((r) => r.kind === "PLAN"))).toBeGreaterThan(0.05);
    expect(share(count((r) => r.kind === "PLAN"))).toBeLessThan(0.2);
    const outside = (
      await db.pool.query(
        `SELECT count(*)::int AS n FROM figure f JOIN document d ON d.id = f.document_id JOIN place p ON p.key = f.place_key
        WHERE d.source_key LIKE $1
          AND CASE WHEN p.valid_to IS NULL THEN p.valid_from > f.period_end -- a 2025 province's annual report covers its first half-year too
                   ELSE p.valid_from > f.period_start OR p.valid_to < f.period_end END`,
        [`${PREFIX}/%`],
      )
    ).rows[0].n;
    expect(outside).toBe(0);
    // the 2025 provinces and their communes report 2025 only; districts and old communes stop at the end of June 2025
    expect(count((r) => !beforeReform(r) && r.period_start < "2025-01-01")).toBe(0);
    expect(count((r) => (r.level === "DISTRICT" || beforeReform(r)) && r.period_end > "2025-06-30")).toBe(0);
  });
});
