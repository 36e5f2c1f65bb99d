/**
 * A top-N by a rate ("every district's poverty rate 2019-2024, top 20") ranked in SQL: one statement
 * (analytics_rate_rank, prisma/migrations/20261203100000_rate_rank) gives a double near every row's
 * value, and only the places of the rows that may be shown are gathered and composed by the rules
 * (src/query/compare), where every row of every place was: the order of those rows, and so the page,
 * is the rules' own. A row may be shown when its double is within a tolerance of the N-th row's (the
 * doubles are ratios of exact sums: far closer than that to the values), or when the statement could
 * not follow its matching (`unknown`). The rows gathered are checked against their doubles; any
 * disagreement, or a question outside what the statement computes, answers as before.
 */
import type { Decimal } from "decimal.js";
import type pg from "pg";
import { MEASURES_BY_POVERTY_STANDARD, standardsDuring } from "../../rules/poverty-standard.ts";
import type { FigureKind } from "../../shared/slices.ts";
import type { RowMode } from "../compare/compose.ts";
import type { PlaceTarget } from "../compare/targets.ts";
import type { CellSource } from "../compare/types.ts";
import type { BoundaryName, MeasureInfo, ReferenceCache } from "../reference-cache.ts";
import type { ResolvedPeriods } from "./periods.ts";
import type { HavingTerm, OrderTerm } from "./types.ts";

/** What ranking in SQL reads of an analytics question. */
export interface RankQuestion {
  plans: readonly { mode: RowMode; measure: MeasureInfo; column: { name: string } }[];
  orderBy: readonly OrderTerm[];
  having: readonly HavingTerm[];
  periods: ResolvedPeriods;
  targets: readonly PlaceTarget[];
  ethnicities: readonly string[];
  programmes: readonly string[];
  kinds: readonly FigureKind[];
  boundaries: BoundaryName;
  source: CellSource;
  /** offset + limit: the rows up to the last one returned. */
  shown: number;
}

/** A row as the answer ranks it: its place, its bucket and its value (null: no data). */
interface RankedLike {
  placeKey: string;
  periodStart: string | null;
  values: readonly { value: Decimal | null }[];
}

export interface TopRows {
  /** The places whose rows may be shown, in the answer's order. */
  targets: PlaceTarget[];
  /**
   * Whether the row of a place and a bucket (by its start) may be shown: only those are gathered and
   * composed (the others of `targets` rank after the N-th row, whatever the rules' value of them).
   */
  mayShow(place: string, bucketStart: string): boolean;
  /** The oldest computation time of the cells the statement read. */
  oldest: Date | null;
  /**
   * The answer's row count, given the rows with a value of `targets` that may be shown as the rules
   * give them; null when one of them disagrees with the statement (then nothing of the ranking may be
   * trusted).
   */
  total(ranked: readonly RankedLike[]): number | null;
  /**
   * Up to `n` rows that may not be shown and have a value by the statement, as their places (`targets`
   * of the question's) and the rows of those places to compose: of the buckets `first` picks first,
   * then of the others. What the page is compared with before every row is (analytics.ts).
   */
  valuedElsewhere(
    n: number,
    first: (bucket: { start: string; end: string }) => boolean,
  ): { targets: PlaceTarget[]; rows: (place: string, bucketStart: string) => boolean };
}

/**
 * How often the rules disagreed with the statement (tests assert never), how often it was asked in
 * parts (a part without rows: asked whole again), and how often a page under one poverty standard was
 * settled by the rows compared with it first (`valuedElsewhere`, analytics.ts).
 */
export const rankInSqlChecks = { ranked: 0, disagreed: 0, inParts: 0, askedWhole: 0, comparedFirst: 0 };

/** Rows closer than this (relative) to the N-th are gathered too: the doubles err by ~1e-16. */
const TOLERANCE = 1e-9;
/**
 * The statement runs over this many parts of the places at once, on as many connections: a row's rate
 * depends on its own place only, so the parts' rows are the whole's, and a question asked alone takes
 * about half the time on two cores. Parts interleave the places (neighbouring keys, e.g. one province's
 * districts, often have data together and make the walk's work).
 */
export const RATE_RANK_PARTS = 2;
/** Below this many places a part costs more in its statement than it saves. */
const PLACES_PER_PART = 200;
/** Ranking in SQL pays when the rows that may be shown are a small part of an answer of some size. */
const WORTH_IT = 4;
const FEW_ROWS = 100;

export async function rankedInSql(
  deps: { pool: Pick<pg.Pool, "query">; ref: ReferenceCache },
  q: RankQuestion,
): Promise<TopRows | null> {
  const plan = q.plans[0];
  const { buckets, range } = q.periods;
  const order = q.orderBy[0];
  if (
    q.source.name !== "ROLLUP" ||
    q.plans.length !== 1 ||
    plan.mode.kind !== "rate" ||
    q.orderBy.length !== 1 ||
    order.dimension ||
    order.measure !== plan.column.name ||
    q.having.length ||
    !buckets ||
    !range ||
    q.periods.fillEmpty ||
    new Set(buckets.map((b) => b.start)).size !== buckets.length ||
    q.ethnicities.length !== 1 ||
    q.programmes.length !== 1 ||
    q.kinds.length !== 1 ||
    q.boundaries !== "AS_REPORTED" ||
    q.targets.some((t) => t.boundary !== "AS_REPORTED") ||
    new Set(q.targets.map((t) => t.place.key)).size !== q.targets.length ||
    q.targets.length * buckets.length < Math.max(FEW_ROWS, WORTH_IT * q.shown) ||
    oneStandard(plan.measure.code, range)
  )
    return null;
  const numerator = deps.ref.measures.get(plan.measure.numeratorCode!)!;
  const denominator = deps.ref.measures.get(plan.measure.denominatorCode!)!;
  const rows = await rateRankRows(
    deps.pool,
    q.targets.map((t) => t.place.key),
    (places) => [
      "AS_REPORTED",
      places,
      q.ethnicities[0],
      q.programmes[0],
      q.kinds[0],
      plan.measure.code,
      numerator.code,
      denominator.code,
      !numerator.addsOverProgrammes || !denominator.addsOverProgrammes,
      range.start,
      range.end,
      buckets.map((b) => b.start),
      buckets.map((b) => b.end),
    ],
  );
  const placeIndex = new Map(q.targets.map((t, i) => [t.place.key, i]));
  const bucketIndex = new Map(buckets.map((b, i) => [b.start, i]));
  const at = (place: string, bucket: number) => placeIndex.get(place)! * buckets.length + bucket;
  // each row's double (NaN: no value), and the rows the statement could not rank
  const rates = new Float64Array(q.targets.length * buckets.length).fill(NaN);
  const unknown = new Set<number>();
  let oldestMs = Infinity;
  for (const [place, bucket, rate, stuck, oldest] of rows) {
    if (stuck) unknown.add(at(place, bucket - 1));
    else if (rate !== null) rates[at(place, bucket - 1)] = rate;
    if (oldest !== null && oldest < oldestMs) oldestMs = oldest;
  }
  // the doubles with a value, ascending (a typed array sorts numerically, without a comparator)
  const valued = rates.filter((x) => !Number.isNaN(x)).sort();
  if (valued.length <= q.shown) return null;
  const sign = order.direction === "DESC" ? -1 : 1;
  const cut = sign > 0 ? valued[q.shown - 1] : valued[valued.length - q.shown];
  const slack = TOLERANCE * Math.max(1, Math.abs(cut));
  const shown = new Set<number>();
  for (let i = 0; i < rates.length; i++) if (unknown.has(i) || sign * (rates[i] - cut) <= slack) shown.add(i);
  const targets = q.targets.filter((_, t) => buckets.some((_, b) => shown.has(t * buckets.length + b)));
  if (targets.length * 2 > q.targets.length) return null;
  rankInSqlChecks.ranked++;
  return {
    targets,
    mayShow: (place, start) => shown.has(at(place, bucketIndex.get(start)!)),
    valuedElsewhere(n, first) {
      const picked = new Set<number>();
      for (const preferred of [true, false])
        buckets.forEach((bucket, b) => {
          if (first(bucket) !== preferred) return;
          for (let t = 0; t < q.targets.length && picked.size < n; t++) {
            const i = t * buckets.length + b;
            if (!shown.has(i) && !Number.isNaN(rates[i])) picked.add(i);
          }
        });
      return {
        targets: q.targets.filter((_, t) => buckets.some((_, b) => picked.has(t * buckets.length + b))),
        rows: (place, start) => picked.has(at(place, bucketIndex.get(start)!)),
      };
    },
    oldest: oldestMs === Infinity ? null : new Date(oldestMs),
    total(ranked) {
      let unknownValued = 0;
      let knownValued = 0;
      for (const row of ranked) {
        const i = at(row.placeKey, bucketIndex.get(row.periodStart!)!);
        const value = row.values[0].value;
        if (unknown.has(i)) {
          if (value !== null) unknownValued++;
          continue;
        }
        if (value !== null) knownValued++;
        const near = value?.toNumber() ?? NaN;
        if (
          Number.isNaN(near) !== Number.isNaN(rates[i]) ||
          Math.abs(near - rates[i]) > TOLERANCE * Math.max(1, Math.abs(near))
        ) {
          rankInSqlChecks.disagreed++;
          return null;
        }
      }
      // a row the statement valued and the rules did not (it is missing from `ranked`)
      let expected = 0;
      for (const i of shown) if (!unknown.has(i) && !Number.isNaN(rates[i])) expected++;
      if (expected !== knownValued) {
        rankInSqlChecks.disagreed++;
        return null;
      }
      return valued.length + unknownValued;
    },
  };
}

/** oldestMs: the oldest computation time of every row's cells, on one row of the part (null on the others). */
type RateRankRow = [place: string, bucket: number, rate: number | null, unknown: boolean, oldestMs: number | null];

/**
 * analytics_rate_rank's rows for `places`, asked in parts at once. A part without rows may still have
 * read cells (periods inside no bucket) whose computation time counts: then the whole is asked.
 */
async function rateRankRows(
  pool: Pick<pg.Pool, "query">,
  places: string[],
  valuesFor: (places: string[]) => unknown[],
): Promise<RateRankRow[]> {
  const ask = async (part: string[]) =>
    (
      await pool.query({
        name: "analytics-rate-rank",
        rowMode: "array",
        // the oldest computation time on one row only: only the oldest of all counts, and turning every
        // row's into milliseconds, sending and parsing it took about half of the client's time for the rows
        text: `SELECT place_key, bucket, rate, unknown,
                      CASE WHEN row_number() OVER () = 1 THEN (extract(epoch FROM min(oldest) OVER ()) * 1000)::float8 END
                 FROM analytics_rate_rank($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        values: valuesFor(part),
      })
    ).rows as RateRankRow[];
  const parts = Math.min(RATE_RANK_PARTS, Math.floor(places.length / PLACES_PER_PART));
  if (parts < 2) return ask(places);
  const answers = await Promise.all(
    Array.from({ length: parts }, (_, part) => ask(places.filter((_, i) => i % parts === part))),
  );
  rankInSqlChecks.inParts++;
  if (!answers.some((rows) => !rows.length)) return answers.flat();
  rankInSqlChecks.askedWhole++;
  return ask(places);
}

/**
 * Whether every row of the measure is likely under one poverty standard: the rows returned then show
 * one, and every other row is composed for their standards anyway (analytics.ts withPovertyStandards).
 */
function oneStandard(measure: string, range: { start: string; end: string }): boolean {
  return MEASURES_BY_POVERTY_STANDARD.has(measure) && standardsDuring(range.start, range.end).length < 2;
}
