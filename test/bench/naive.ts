/**
 * The naive peer: for three dashboard questions, the plain GROUP BY a researcher would write over
 * the figure table (every figure of the places, whatever its ethnicity, programme, document or
 * flag), timed against our compare() in-process, and the answers compared row by row.
 */
import { Decimal } from "decimal.js";
import type pg from "pg";
import { compare } from "../../src/query/compare/compare.ts";
import type { ReferenceCache } from "../../src/query/reference-cache.ts";
import type { CompareInput } from "../../src/query/compare/types.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";
import { percentile, repeat, round } from "./stats.ts";

interface NaiveQuestion {
  name: string;
  input: CompareInput;
  /** Which field of our rows the naive GROUP BY key matches. */
  rowKey: "placeKey" | "ethnicity" | "programme";
  /** The naive SQL; `$unflagged` is replaced by a condition that is true, or excludes flagged figures. */
  sql: string;
}

const IN_2022 = `f.period_start >= DATE '2022-01-01' AND f.period_end <= DATE '2022-12-31'`;
const IN_2023 = `f.period_start >= DATE '2023-01-01' AND f.period_end <= DATE '2023-12-31'`;

const QUESTIONS: NaiveQuestion[] = [
  {
    name: DASHBOARD_QUERIES[0].name,
    input: DASHBOARD_QUERIES[0].input,
    rowKey: "placeKey",
    sql: `SELECT p.parent_key AS k, sum(f.value)::text AS v FROM figure f JOIN place p ON p.key = f.place_key
           WHERE f.measure_code = 'poor_households' AND f.kind = 'ACTUAL' AND ${IN_2022}
             AND p.parent_key IN ('P-20-2008', 'P-80-2008') AND $unflagged
           GROUP BY p.parent_key`,
  },
  {
    name: DASHBOARD_QUERIES[1].name,
    input: DASHBOARD_QUERIES[1].input,
    rowKey: "ethnicity",
    sql: `SELECT f.ethnicity_code AS k, sum(f.value)::text AS v FROM figure f JOIN place p ON p.key = f.place_key
           WHERE f.measure_code = 'persons_supported' AND f.kind = 'ACTUAL' AND ${IN_2022}
             AND (f.place_key = 'P-06-2008' OR p.parent_key = 'P-06-2008')
             AND f.ethnicity_code IN (SELECT code FROM ethnicity WHERE parent_code = 'DTTS') AND $unflagged
           GROUP BY f.ethnicity_code`,
  },
  {
    name: DASHBOARD_QUERIES[2].name,
    input: DASHBOARD_QUERIES[2].input,
    rowKey: "programme",
    sql: `SELECT f.programme_code AS k, sum(f.value)::text AS v FROM figure f JOIN place p ON p.key = f.place_key
           WHERE f.measure_code = 'loans_disbursed_vnd' AND f.kind = 'ACTUAL' AND ${IN_2023}
             AND (f.place_key = 'P-91-2008' OR p.parent_key = 'P-91-2008')
             AND f.programme_code IN (SELECT code FROM programme WHERE parent_code = 'CREDIT') AND $unflagged
           GROUP BY f.programme_code`,
  },
];

const ALL_FIGURES = "true";
const UNFLAGGED = `NOT ('IMPLAUSIBLE' = ANY(coalesce(f.flags, '{}')))`;

export interface NaiveResult {
  question: string;
  oursP50Ms: number;
  peerP50Ms: number;
  ratio: number;
  servedFrom: string;
  rows: number;
  /** Rows where ours or the naive SQL has a value (the others agree trivially: nothing on either side). */
  rowsWithData: number;
  /** Rows whose value equals the naive sum. */
  agree: number;
  /** Rows whose value equals the naive sum without flagged figures. */
  agreeUnflagged: number;
  verdict: string;
  example: string | null;
}

type Answer = Map<string, string | null>;

async function naiveAnswer(pool: pg.Pool, sql: string): Promise<Answer> {
  return new Map((await pool.query<{ k: string; v: string }>(sql)).rows.map((r) => [r.k, r.v]));
}

function agreeing(ours: Answer, peer: Answer): number {
  let n = 0;
  for (const [k, v] of ours) {
    const p = peer.get(k) ?? null;
    if (v === null ? p === null || new Decimal(p).isZero() : p !== null && new Decimal(v).eq(new Decimal(p))) n++;
  }
  return n;
}

export async function benchNaive(pool: pg.Pool, ref: ReferenceCache, runs: number): Promise<NaiveResult[]> {
  const out: NaiveResult[] = [];
  for (const q of QUESTIONS) {
    const deps = { pool, ref };
    const peerSql = q.sql.replace("$unflagged", ALL_FIGURES);
    for (let i = 0; i < 3; i++) {
      await compare(deps, q.input);
      await pool.query(peerSql);
    } // warm caches and plans
    const oursMs = await repeat(runs, () => compare(deps, q.input));
    const peerMs = await repeat(runs, () => pool.query(peerSql));

    const data = await compare(deps, q.input);
    const ours: Answer = new Map(data.rows.map((r) => [r[q.rowKey], r.value?.toFixed() ?? null]));
    const peer = await naiveAnswer(pool, peerSql);
    const peerUnflagged = await naiveAnswer(pool, q.sql.replace("$unflagged", UNFLAGGED));
    const agree = agreeing(ours, peer);
    const agreeUnflagged = agreeing(ours, peerUnflagged);
    const rows = ours.size;
    const rowsWithData = [...ours].filter(([k, v]) => v !== null || peer.has(k)).length;
    const verdict =
      agree === rows
        ? "same"
        : agreeUnflagged === rows
          ? "same without flagged"
          : agreeUnflagged > agree
            ? "differs (flags + more)"
            : "differs";
    const firstDiff = [...ours].find(
      ([k, v]) => v !== (peer.get(k) === undefined ? null : new Decimal(peer.get(k)!).toFixed()),
    );
    const oursP50 = percentile(oursMs, 50);
    const peerP50 = percentile(peerMs, 50);
    out.push({
      question: q.name,
      oursP50Ms: round(oursP50, 2),
      peerP50Ms: round(peerP50, 2),
      ratio: round(oursP50 / peerP50, 2),
      servedFrom: data.servedFrom,
      rows,
      rowsWithData,
      agree,
      agreeUnflagged,
      verdict,
      example: firstDiff
        ? `${firstDiff[0]}: ours ${firstDiff[1]} vs naive ${peer.has(firstDiff[0]) ? new Decimal(peer.get(firstDiff[0])!).toFixed() : "none"}`
        : null,
    });
  }
  return out;
}
