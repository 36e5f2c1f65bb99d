/**
 * The dashboard's questions: a fixed set of comparisons, asked over HTTP in the load test (ours, and
 * the PostGraphile peer's closest query in postgraphile-questions.ts) and in-process (compare()) for
 * the naive-SQL peer. Append new questions: naive.ts refers to the first three by index.
 */
import type { CompareInput } from "../../src/query/compare/types.ts";

export interface DashboardQuery {
  name: string;
  input: CompareInput;
}

export const DASHBOARD_QUERIES: DashboardQuery[] = [
  {
    name: "province vs province: poor households 2022",
    input: { measure: "poor_households", places: ["P-20-2008", "P-80-2008"], period: "2022" },
  },
  {
    name: "groupBy ETHNICITY (DTTS): persons supported, Bắc Kạn 2022",
    input: {
      measure: "persons_supported",
      places: ["P-06-2008"],
      ethnicity: "DTTS",
      groupBy: ["ETHNICITY"],
      period: "2022",
    },
  },
  {
    name: "groupBy PROGRAMME (CREDIT): loans disbursed, Kiên Giang 2023",
    input: {
      measure: "loans_disbursed_vnd",
      places: ["P-91-2008"],
      programme: "CREDIT",
      groupBy: ["PROGRAMME"],
      period: "2023",
    },
  },
  {
    name: "per poor_households: spending, Lạng Sơn vs Bắc Kạn 2022",
    input: { measure: "spending_vnd", per: "poor_households", places: ["P-20-2008", "P-06-2008"], period: "2022" },
  },
  {
    name: "againstPlan: workers employed, Lạng Sơn vs Kiên Giang 2021",
    input: { measure: "workers_employed", againstPlan: true, places: ["P-20-2008", "P-91-2008"], period: "2021" },
  },
  {
    name: "CURRENT: cards, R-NMM + new Thái Nguyên, Lạng Sơn 2022",
    input: {
      measure: "health_insurance_cards",
      boundaries: "CURRENT",
      places: ["R-NMM", "P-19-2025", "P-20-2025"],
      period: "2022",
    },
  },
  {
    name: "CHILD_PLACE: houses built, Long An districts 2023",
    input: { measure: "houses_built", groupBy: ["CHILD_PLACE"], places: ["P-80-2008"], period: "2023" },
  },
  {
    name: "ratio of sums: poverty rate, 4 provinces 2020",
    input: { measure: "poverty_rate", places: ["P-06-2008", "P-20-2008", "P-80-2008", "P-91-2008"], period: "2020" },
  },
  {
    name: "time series: cards, Lạng Sơn, every period",
    input: { measure: "health_insurance_cards", places: ["P-20-2008"] },
  },
  {
    name: "region vs region: households supported, NMM vs MD 2023",
    input: { measure: "households_supported", places: ["R-NMM", "R-MD"], period: "2023" },
  },
];

/** What a dashboard asks for per row (no provenance sources: that is a drill-down). */
export const COMPARE_QUERY = `query Bench($input: CompareInput!) {
  compare(input: $input) {
    servedFrom computedAt
    rows { place { key name } ethnicity programme periodStart periodEnd value lower upper qualifier ratio derivation coverage { covered total dimension } flags }
  }
}`;

/** Researchers' questions (`analytics`), asked over HTTP with the response cache off: every request computed. */
export interface ResearchQuery {
  name: string;
  query: Record<string, unknown>;
}

export const RESEARCH_QUERIES: ResearchQuery[] = [
  {
    name: "every district's poverty rate, 2019-2024 yearly, top 20",
    query: {
      measures: [{ code: "poverty_rate" }],
      places: [{ level: "DISTRICT" }],
      periods: { from: "2019", to: "2024", granularity: "YEAR" },
      orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
      limit: 20,
    },
  },
];

export const ANALYTICS_QUERY = `query Research($query: AnalyticsInput!) {
  analytics(query: $query) {
    total servedFrom
    rows { place { key name } period { label } values { measure value lower upper qualifier derivation coverage { covered total dimension } flags } }
  }
}`;
