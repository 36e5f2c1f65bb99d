/**
 * The price of an `analytics` query before it runs: what it expands into (places × periods ×
 * groups × kinds × measures), FACTS dearer than ROLLUP, read off its arguments. Places named by
 * level or parent are estimated from the size of the level; the query itself refuses, with the
 * exact expansion, anything over MAX_CELLS once the places are known (src/query/analytics).
 */
import type { ComplexityEstimator } from "graphql-query-complexity";
import { FACTS_FACTOR } from "../query/analytics/analytics.ts";
import { bucketsOf, relativeBuckets, type Granularity, type RelativePeriod } from "../rules/period-buckets.ts";
import { parsePeriod } from "../rules/period.ts";

/** Cells per unit of cost on rollups; facts cost FACTS_FACTOR times more. */
const CELLS_PER_COST = 20;

const LEVEL_SIZE: Record<string, { nation: number; parent: number }> = {
  NATION: { nation: 1, parent: 1 },
  REGION: { nation: 6, parent: 6 },
  PROVINCE: { nation: 97, parent: 15 },
  DISTRICT: { nation: 710, parent: 30 },
  COMMUNE: { nation: 10_600, parent: 400 },
};

type Args = Record<string, any>;

export const analyticsCost: ComplexityEstimator = ({ args, childComplexity }) => {
  const q: Args = args.query ?? {};
  const cells = estimateCells(q);
  const facts = q.asOf || q.filter?.includeFlagged || q.filter?.source === "FACTS";
  const rows = Math.min(typeof q.limit === "number" ? q.limit : 1000, cells);
  return (
    1 +
    Math.ceil((cells * (facts ? FACTS_FACTOR : 1)) / CELLS_PER_COST) +
    Math.ceil(rows / CELLS_PER_COST) * childComplexity
  );
};

export function estimateCells(q: Args): number {
  const places = ((q.places ?? []) as Args[]).reduce((n, s) => n + placeCount(s), 0);
  const groupBy: string[] = q.groupBy ?? [];
  const groups =
    (groupBy.includes("PROGRAMME") ? 10 : 1) *
    (groupBy.includes("ETHNICITY") ? 55 : 1) *
    (groupBy.includes("KIND") ? 3 : 1);
  return Math.max(1, places) * periodCount(q.periods) * groups * Math.max(1, (q.measures ?? []).length);
}

function placeCount(s: Args): number {
  if (s.keys) return s.keys.length;
  if (s.level) return (LEVEL_SIZE[s.level] ?? LEVEL_SIZE.COMMUNE)[s.within ? "parent" : "nation"];
  if (s.childrenOf) return 30 + (s.includeParent ? 1 : 0);
  return 100; // a group
}

function periodCount(p: Args | undefined): number {
  if (!p) return 5;
  try {
    if (p.list?.length) return p.list.length;
    if (p.relative) return relativeBuckets(p.relative as RelativePeriod, "2000-01-01").buckets.length;
    if (p.from && p.to && p.granularity)
      return bucketsOf({ start: parsePeriod(p.from).start, end: parsePeriod(p.to).end }, p.granularity as Granularity)
        .length;
  } catch {
    return 1; // a bad period is refused by the query with its reason
  }
  return 5;
}
