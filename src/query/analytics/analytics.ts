/**
 * Researchers' analytics: several measures × places × periods (× programmes, ethnic groups, kinds)
 * in one table, each cell the same honest cell `compare` gives, from the same sources (rollups, or
 * facts when a slice is stale, flagged figures are wanted or the past is asked for) and the same
 * composition (src/query/compare/compose.ts). Bounded SQL: one freshness check, then one cell
 * query per boundary tree, whatever the number of places, measures and periods.
 */
import { ROOT_PROGRAMME } from "../../reference/programmes.ts";
import { FIGURE_KINDS, type FigureKind } from "../../shared/slices.ts";
import { checkThreshold, type Comparator } from "../../rules/bounded-threshold.ts";
import { bucketSource, type BucketSource } from "../../rules/period-buckets.ts";
import { sumQualified, type Qualified } from "../../rules/qualifier-algebra.ts";
import { standardsDuring } from "../../rules/poverty-standard.ts";
import { dayAfter } from "../../rules/stock-denominator.ts";
import {
  CellIndex,
  addCrosswalkCells,
  chooseSource,
  type CompareDeps,
  descendantsOf,
  divisorOf,
  earliest,
  flaggedFigures,
  type FlaggedFigure,
  isUnder,
  measureOf,
  type MeasureSpec,
  neededCells,
  rowCellsAt,
  untilNothingAsked,
  rowMode,
} from "../compare/compare.ts";
import { composeRow, rowValue, type RowCells, type RowMode } from "../compare/compose.ts";
import { povertyStandardsOf, type Alongside } from "../compare/poverty-standards.ts";
import { FactsSource } from "../compare/facts-source.ts";
import { codesOf, type PlaceTarget } from "../compare/targets.ts";
import type { AskedKey, CellData, CellSource, ComparisonRowData } from "../compare/types.ts";
import { badInput, tooComplex } from "../errors.ts";
import type { BoundaryName, MeasureInfo, ReferenceCache } from "../reference-cache.ts";
import { orderRows } from "./order.ts";
import { rankedInSql, rankInSqlChecks } from "./rank-in-sql.ts";
import { resolvePeriods, type Span } from "./periods.ts";
import { selectPlaces, type GroupMembers } from "./place-selectors.ts";
import type {
  AnalyticsColumn,
  AnalyticsData,
  AnalyticsInput,
  AnalyticsMeasureInput,
  AnalyticsRowData,
  AnalyticsValueData,
  Expansion,
  HavingTerm,
} from "./types.ts";

export const DEFAULT_LIMIT = 1000;
/** Rows not shown compared with a page under one poverty standard before every row is (see `rankedInSql`'s use). */
export const ROWS_COMPARED_FIRST = 20;
export const MAX_LIMIT = 5000;
export const MAX_MEASURES = 20;
/** The most cells (places × periods × groups × kinds × measures) one query may expand into from rollups. */
export const MAX_CELLS = 500_000;
/** Computing cells from facts costs this many times more: the limit is as much lower. */
export const FACTS_FACTOR = 5;

const COMPARATORS: Comparator[] = ["gt", "ge", "lt", "le", "eq"];

export interface AnalyticsDeps extends CompareDeps {
  groups: GroupMembers;
}

/** A measure of the query with what computing it takes. */
interface MeasurePlan {
  column: AnalyticsColumn;
  measure: MeasureInfo;
  input: AnalyticsMeasureInput;
  mode: RowMode;
  /** The `per` measure when it is a stock (its count may be dated the day after the period). */
  stockPer: string | undefined;
  /** For one kind of figure: what compare's row cells take (src/query/compare/compare.ts rowCellsAt). */
  specOf(kind: FigureKind): MeasureSpec;
  needs: { measures: string[]; kinds: FigureKind[] };
}

export async function analytics(deps: AnalyticsDeps, input: AnalyticsInput): Promise<AnalyticsData> {
  const { ref } = deps;
  const filter = input.filter ?? {};
  const groupBy = input.groupBy ?? [];
  const boundaries = filter.boundaries ?? "AS_REPORTED";
  const asOf = input.asOf ?? null;
  if (asOf && asOf.getTime() > Date.now() + 60_000)
    throw badInput("`asOf` is in the future: the platform cannot know that yet");
  const limit = input.limit ?? DEFAULT_LIMIT;
  const offset = input.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    throw badInput(`limit must be between 0 and ${MAX_LIMIT} (got ${limit}); page with offset`, { max: MAX_LIMIT });
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be a non-negative integer (got ${offset})`);

  const kinds: FigureKind[] = groupBy.includes("KIND") && !filter.kind ? [...FIGURE_KINDS] : [filter.kind ?? "ACTUAL"];
  const plans = planMeasures(ref, input.measures, kinds);
  checkHaving(input.having ?? [], plans);
  const periods = resolvePeriods(input.periods, asOf);
  const targets = await selectPlaces(ref, input.places, boundaries, periods.range, deps.groups);
  const ethnicities = codesOf(
    "ethnicity",
    ref,
    filter.ethnicity ?? "ALL",
    groupBy.includes("ETHNICITY") ? ["ETHNICITY"] : [],
  );
  const programmes = codesOf(
    "programme",
    ref,
    filter.programme ?? ROOT_PROGRAMME,
    groupBy.includes("PROGRAMME") ? ["PROGRAMME"] : [],
  );
  const fromFacts = !!(asOf || filter.includeFlagged || filter.source === "FACTS");
  const expansion = expansionOf(
    targets.length,
    periods.buckets?.length ?? 1,
    ethnicities.length,
    programmes.length,
    kinds.length,
    plans.length,
    fromFacts,
  );

  const allMeasures = [...new Set(plans.flatMap((p) => p.needs.measures))];
  const allKinds = [...new Set(plans.flatMap((p) => p.needs.kinds))];
  const source: CellSource = asOf
    ? new FactsSource(deps.pool, ref, asOf)
    : await chooseSource(
        deps,
        { measure: "", places: [], source: filter.source, includeFlagged: filter.includeFlagged },
        allMeasures,
        allKinds,
        periods.range,
      );
  // The NO_DATA value of each measure, composed once: most cells of a national series are empty.
  const emptyValues = new Map<MeasurePlan, AnalyticsValueData>();
  const noDataOf = (p: MeasurePlan) => {
    let v = emptyValues.get(p);
    if (!v) emptyValues.set(p, (v = noData(p)));
    return v;
  };
  // Every row of these places, drafted (cells read and gathered, not composed); of their rows only
  // those `drafted` says when given (its place and the start of its period or bucket).
  const gather = async (
    targets: PlaceTarget[],
    drafted?: (place: string, start: string) => boolean,
  ): Promise<{ drafts: RowDraft[]; cells: CellIndex }> => {
    const cells = new CellIndex(boundaries);
    const anyStockPer = plans.some((p) => p.stockPer);
    const readRange =
      periods.range && anyStockPer ? { start: periods.range.start, end: dayAfter(periods.range.end) } : periods.range;
    const withRoot = (codes: string[]) =>
      plans.some((p) => p.mode.kind === "per") ? [...new Set([...codes, ROOT_PROGRAMME])] : codes;
    // A ratio pairs its two sides cell by cell below the row (src/rules/matched-ratio.ts), descending
    // into sub-programmes and sub-groups only where both sides are sums over them (`pairedBelow`): those
    // places' cells below the row are read in a second pass (one more statement per tree), not every place's.
    // Only the two sides are paired: a rate's own cells below the row are never read for it.
    const sideMeasures = new Set(plans.flatMap(sidesOf));
    const descend = new Set<string>();
    const fetchCells = (
      boundary: BoundaryName,
      places: string[],
      measures: string[],
      ethnicityCodes: string[],
      programmeCodes: string[],
      keys?: AskedKey[],
    ) =>
      source.cells({
        keys,
        boundary,
        measures,
        kinds: allKinds,
        places,
        ethnicities: ethnicityCodes,
        programmes: withRoot(programmeCodes),
        range: readRange,
        includeFlagged: !!filter.includeFlagged,
      });
    const read = async (
      boundary: BoundaryName,
      places: string[],
      measures: string[],
      ethnicityCodes: string[],
      programmeCodes: string[],
    ) => {
      const got = await fetchCells(boundary, places, measures, ethnicityCodes, programmeCodes);
      for (const c of got) cells.add(c);
      return got;
    };
    const rowCells: CellData[] = [];
    for (const boundary of ["AS_REPORTED", "CURRENT"] as const) {
      const places = targets.filter((t) => t.boundary === boundary).map((t) => t.place.key);
      if (places.length) rowCells.push(...(await read(boundary, places, allMeasures, ethnicities, programmes)));
    }
    for (const c of rowCells) if (pairedBelow(c, plans, cells)) descend.add(c.placeKey);
    cells.markRead(targets.map((t) => t.place.key));
    const below = {
      ethnicities: descendantsOf(ethnicities, ref.ethnicityChildren),
      programmes: descendantsOf(programmes, ref.programmeChildren),
    };
    if (descend.size) {
      for (const boundary of ["AS_REPORTED", "CURRENT"] as const) {
        const places = targets
          .filter((t) => t.boundary === boundary && descend.has(t.place.key))
          .map((t) => t.place.key);
        if (places.length) await read(boundary, places, [...sideMeasures], below.ethnicities, below.programmes);
      }
    }
    // Under CURRENT a 2025 commune answers for the years before the reform with its old communes (as compare does).
    if (boundaries === "CURRENT")
      await addCrosswalkCells(ref, cells, targets, (boundary, places) =>
        fetchCells(boundary, places, allMeasures, below.ethnicities, below.programmes),
      );

    // A ratio's matching asks for the child places it pairs its sides in: read them, gather again.
    // Only each value's cells are gathered until nothing more is asked; each is composed once, after.
    // A value that asked for nothing is settled: the cells read later are of places no row reads
    // without asking (targets are read whole), so only the values that asked are gathered again.
    let drafts: RowDraft[] | null = null;
    const asking: { row: RowDraft; i: number; gather: () => ValueDraft }[] = [];
    const settle = (row: RowDraft, i: number, gather: () => ValueDraft) => {
      const asksBefore = cells.asks;
      row.values[i] = gather();
      if (cells.asks !== asksBefore) asking.push({ row, i, gather });
    };
    await untilNothingAsked(
      ref,
      cells,
      (boundary, places, ethnicityCodes, programmeCodes, keys) =>
        fetchCells(boundary, places, [...sideMeasures], ethnicityCodes, programmeCodes, keys),
      () => {
        if (!drafts) drafts = draftRows();
        else for (const a of asking.splice(0)) settle(a.row, a.i, a.gather);
      },
    );
    function draftRows(): RowDraft[] {
      const rows: RowDraft[] = [];
      for (const t of targets)
        for (const ethnicity of ethnicities)
          for (const programme of programmes)
            for (const kind of kinds) {
              const at = { place: t.place.key, ethnicity, programme, kind };
              const spans = periods.buckets ?? reportedPeriods(cells, plans, at, periods.range);
              const base = { placeKey: t.place.key, requested: t.requested, ethnicity, programme, kind };
              if (spans.length === 0 && periods.fillEmpty) {
                rows.push({
                  row: { ...base, periodStart: periods.range?.start ?? null, periodEnd: periods.range?.end ?? null },
                  values: plans.map(() => null),
                });
              }
              // Each measure's reported periods at this place, read once for every bucket.
              const reported = periods.buckets ? plans.map((p) => reportedSpans(cells, p, at)) : [];
              for (const span of spans) {
                if (drafted && !drafted(t.place.key, span.start)) continue;
                const row: RowDraft = { row: { ...base, periodStart: span.start, periodEnd: span.end }, values: [] };
                plans.forEach((p, i) =>
                  settle(row, i, () =>
                    periods.buckets
                      ? bucketDraft(cells, p, at, span, reported[i], ref)
                      : exactDraft(cells, p, at, span, ref),
                  ),
                );
                rows.push(row);
              }
            }
      return rows;
    }
    return { drafts: drafts!, cells };
  };
  const composed = (rows: RankedRow[]) => rows.map((r) => composeValues(r.draft, plans, noDataOf));
  const answer = (rows: AnalyticsRowData[], total: number, computedAt: Date | null): AnalyticsData => ({
    columns: plans.map((p) => p.column),
    rows,
    total,
    servedFrom: source.name,
    boundaries,
    asOf,
    computedAt: source.name === "FACTS" ? new Date() : computedAt,
    expansion,
  });

  // A top-N by a rate: every row ranked in one statement, only the rows that may be shown gathered.
  const top = await rankedInSql(deps, {
    plans,
    orderBy: input.orderBy ?? [],
    having: input.having ?? [],
    periods,
    targets,
    ethnicities,
    programmes,
    kinds,
    boundaries,
    source,
    shown: offset + limit,
  });
  if (top) {
    const { drafts, cells } = await gather(top.targets, top.mayShow);
    const ranked = rankedRows(drafts, plans, false);
    const total = top.total(ranked);
    if (total !== null) {
      const returned = orderRows(
        ranked,
        input.orderBy!,
        plans.map((p) => p.column.name),
        ref,
      ).slice(offset, offset + limit);
      const flagged = await markFlaggedUnder(deps, composed(returned), plans, top.targets, periods.range);
      // When the page shows one standard, whether another row shows another decides POVERTY_STANDARDS_DIFFER:
      // a few rows not shown, of periods under another, composed as every row is, usually do; if they do
      // not, every row is (below).
      let compared = false;
      let oldest = earliest(top.oldest, cells.oldestComputedAt());
      const page = await withPovertyStandards(deps, flagged, async (open) => {
        compared = true;
        const shownStandards = new Set([...open.values()].flatMap((standards) => [...standards]));
        const elsewhere = top.valuedElsewhere(
          ROWS_COMPARED_FIRST,
          (b) => !shownStandards.has(standardsDuring(b.start, b.end).join("+")),
        );
        if (!elsewhere.targets.length) return [];
        const probe = await gather(elsewhere.targets, elsewhere.rows);
        oldest = earliest(oldest, probe.cells.oldestComputedAt());
        return composed(rankedRows(probe.drafts, plans, false));
      });
      const settled = page.some((r) => r.values.some((v) => v.flags.includes("POVERTY_STANDARDS_DIFFER")));
      if (compared && settled) rankInSqlChecks.comparedFirst++;
      // computed at: the oldest of the cells the ranking and the rows gathered read (the same after a
      // full rebuild; cells nothing used, e.g. a count with no rate at its row, no longer count)
      if (!compared || settled) return answer(page, total, oldest);
    }
  }

  // Having, the order and the count read each value's bounds only (rowValue): the rows returned are
  // composed whole, the others only when the poverty standards of the rows returned leave it open.
  // Flags that change no value, no order and no count are worked out for the rows returned only.
  const { drafts, cells } = await gather(targets);
  const ranked = rankedRows(drafts, plans, periods.fillEmpty);
  const having = applyHaving(ranked, plans, input.having ?? []);
  const ordered = orderRows(
    having.rows,
    input.orderBy ?? [],
    plans.map((p) => p.column.name),
    ref,
  );
  const returned = ordered.slice(offset, offset + limit);
  let page = composed(returned);
  if (!filter.includeFlagged && !asOf) page = await markFlaggedUnder(deps, page, plans, targets, periods.range);
  const shown = new Set(returned);
  page = await withPovertyStandards(deps, page, () => composed(ranked.filter((r) => !shown.has(r))));
  return answer(
    withHavingFlags(
      page.map((row, i) => ({ row, of: returned[i] })),
      having.uncertain,
    ),
    ordered.length,
    cells.oldestComputedAt(),
  );
}

/** A value's cells before composition: null for a value with no data. */
type ValueDraft = { rowBase: RowBase; rc: RowCells; sourcePeriod: Span | null } | null;

interface RowDraft {
  row: Omit<AnalyticsRowData, "values">;
  values: ValueDraft[];
}

type RowBase = Parameters<typeof composeRow>[0];

/** What having and the order read of a value: its bounds (all null: no data). */
type RankedValue = Pick<Qualified, "value" | "lower" | "upper"> | typeof NO_VALUE;
const NO_VALUE = { value: null, lower: null, upper: null } as const;

/** A row as having and the order see it, with the draft it is composed from when returned. */
interface RankedRow extends Omit<AnalyticsRowData, "values"> {
  values: RankedValue[];
  draft: RowDraft;
}

/**
 * Each row's values as composeRow would give their bounds (rowValue, src/query/compare/compose.ts);
 * rows with no value at all only with `fillEmpty` (a value is NO_DATA exactly when it has none).
 */
function rankedRows(drafts: RowDraft[], plans: MeasurePlan[], fillEmpty: boolean): RankedRow[] {
  const rows: RankedRow[] = [];
  for (const d of drafts) {
    const values = plans.map((p, i): RankedValue => {
      const v = d.values[i];
      return (v && rowValue(v.rc, p.mode)) || NO_VALUE;
    });
    if (!fillEmpty && values.every((v) => v.value === null)) continue;
    rows.push({ ...d.row, values, draft: d });
  }
  return rows;
}

/** A row's values composed (src/query/compare/compose.ts). */
function composeValues(
  d: RowDraft,
  plans: MeasurePlan[],
  noDataOf: (p: MeasurePlan) => AnalyticsValueData,
): AnalyticsRowData {
  const values = plans.map((p, i) => {
    const v = d.values[i];
    return v ? toValue(p, composeRow(v.rowBase, v.rc, p.mode), v.sourcePeriod) : noDataOf(p);
  });
  return { ...d.row, values };
}

/**
 * Whether a cell of a row is one side of a ratio paired below the row (src/rules/matched-ratio.ts):
 * a sum over sub-programmes or ethnic sub-groups, of a measure some ratio divides, unless each such
 * ratio is a rate stored for the same cell (its value, whose counts are not paired).
 */
function pairedBelow(c: CellData, plans: MeasurePlan[], cells: CellIndex): boolean {
  if (c.derivation === "REPORTED" || (c.partsDimension !== "PROGRAMME" && c.partsDimension !== "ETHNICITY"))
    return false;
  return plans.some(
    (p) =>
      p.mode.kind !== "plain" &&
      p.needs.measures.includes(c.measure) &&
      !(
        p.mode.kind === "rate" &&
        cells.get(p.measure.code, c.kind, c.placeKey, c.ethnicity, c.programme, c.periodStart, c.periodEnd)
      ),
  );
}

function planMeasures(ref: ReferenceCache, measures: AnalyticsMeasureInput[], kinds: FigureKind[]): MeasurePlan[] {
  if (measures.length === 0) throw badInput("`measures` needs at least one measure");
  if (measures.length > MAX_MEASURES)
    throw badInput(`at most ${MAX_MEASURES} measures in one query (got ${measures.length})`);
  const plans: MeasurePlan[] = [];
  const names = new Set<string>();
  for (const [i, m] of measures.entries()) {
    const measure = measureOf(ref, m.code, `measures[${i}].code`);
    if (m.againstPlan && kinds.some((k) => k !== "ACTUAL"))
      throw badInput(
        `measures[${i}]: \`againstPlan\` compares ACTUAL figures with their plan; leave \`filter.kind\` unset or ACTUAL and do not group by KIND`,
      );
    const compareLike = { measure: m.code, places: [], per: m.per, againstPlan: m.againstPlan };
    const mode = rowMode(ref, measure, compareLike, "ACTUAL");
    const per = m.per ? ref.measures.get(m.per)! : null;
    const name = per ? `${m.code}/${per.code}` : m.againstPlan ? `${m.code}:plan` : m.code;
    if (names.has(name)) throw badInput(`measure "${name}" is asked for twice`);
    names.add(name);
    const needs = {
      measures: [...new Set(kinds.flatMap((k) => neededCells(measure, compareLike, k, mode).measures))],
      kinds: mode.kind === "againstPlan" ? (["ACTUAL", "PLAN"] as FigureKind[]) : kinds,
    };
    const stockPer = per && !per.flow ? per.code : undefined;
    plans.push({
      measure,
      input: m,
      mode,
      needs,
      stockPer,
      specOf: (kind) => ({ measure, mode, kind, per: per?.code ?? null, stockPer }),
      column: {
        name,
        measure: name,
        code: measure.code,
        per: per?.code ?? null,
        againstPlan: !!m.againstPlan,
        unit: per ? `${measure.unit}/${per.unit}` : measure.unit,
        aggregation: per ? "RATIO" : measure.aggregation,
        flow: measure.flow,
        additiveOver: per ? [] : additiveOver(measure),
      },
    });
  }
  return plans;
}

/**
 * Over which dimensions a measure's values may be added (DOMAIN.md, "What adds up"): places and
 * disjoint ethnic groups always; programmes as the measure catalogue says (not beneficiary counts);
 * time only for flows; nothing for rates and other non-additive measures.
 */
export function additiveOver(m: MeasureInfo): string[] {
  if (m.aggregation !== "SUM") return [];
  return ["PLACE", "ETHNICITY", ...(m.addsOverProgrammes ? ["PROGRAMME"] : []), ...(m.flow ? ["PERIOD"] : [])];
}

function checkHaving(having: HavingTerm[], plans: MeasurePlan[]): void {
  const names = plans.map((p) => p.column.name);
  for (const [i, h] of having.entries()) {
    if (!names.includes(h.measure))
      throw badInput(
        `having[${i}] is on "${h.measure}", which the query does not ask for (measures: ${names.join(", ")})`,
        { measures: names },
      );
    const ops = COMPARATORS.filter((op) => h[op] !== undefined && h[op] !== null);
    if (ops.length === 0) throw badInput(`having[${i}] needs a comparison: gt, ge, lt, le or eq`);
  }
}

function expansionOf(
  places: number,
  periods: number,
  ethnicities: number,
  programmes: number,
  kinds: number,
  measures: number,
  fromFacts: boolean,
): Expansion {
  const e = {
    places,
    periods,
    ethnicities,
    programmes,
    kinds,
    measures,
    cells: places * periods * ethnicities * programmes * kinds * measures,
  };
  const max = fromFacts ? MAX_CELLS / FACTS_FACTOR : MAX_CELLS;
  if (e.cells > max) {
    throw tooComplex(
      `the query expands into ${e.cells.toLocaleString("en")} cells (${places} places × ${periods} periods × ${ethnicities * programmes} groups × ${kinds} kinds × ${measures} measures), over the limit of ${max.toLocaleString("en")}${fromFacts ? " for an answer from facts" : ""}: ` +
        "narrow it with fewer places (a parent with `within`), a shorter range or coarser granularity, fewer measures, or no PROGRAMME/ETHNICITY/KIND breakdown",
      { expansion: e, max },
    );
  }
  return e;
}

interface At {
  place: string;
  ethnicity: string;
  programme: string;
  kind: FigureKind;
}

/** The periods with data for any measure (its leading cells), as `compare` lists them. */
function reportedPeriods(cells: CellIndex, plans: MeasurePlan[], at: At, range: Span | null): Span[] {
  const all = new Map<string, Span>();
  for (const p of plans) {
    for (const [start, end] of cells.periods(leading(p), at.kind, at.place, at.ethnicity, at.programme)) {
      if (range && end > range.end) continue; // read only as the day-after count of a stock `per`
      all.set(`${start}|${end}`, { start, end });
    }
  }
  return [...all.values()].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

const reportedSpans = (cells: CellIndex, p: MeasurePlan, at: At): Span[] =>
  cells.periods(leading(p), at.kind, at.place, at.ethnicity, at.programme).map(([start, end]) => ({ start, end }));

/** The measures a ratio pairs cell by cell (its numerator and denominator sides); none for a plain measure. */
const sidesOf = (p: MeasurePlan): string[] =>
  p.mode.kind === "plain"
    ? []
    : p.mode.kind === "rate"
      ? [p.measure.numeratorCode!, p.measure.denominatorCode!]
      : p.needs.measures;

const leading = (p: MeasurePlan) =>
  p.mode.kind === "rate" ? [p.measure.code, p.measure.numeratorCode!] : [p.measure.code];

/** The cells of a reported period's value, as `compare` gathers its rows'. */
function exactDraft(cells: CellIndex, p: MeasurePlan, at: At, span: Span, ref: ReferenceCache): ValueDraft {
  return draftAt(cells, p, at, span, ref, null);
}

function draftAt(
  cells: CellIndex,
  p: MeasurePlan,
  at: At,
  span: Span,
  ref: ReferenceCache,
  sourcePeriod: Span | null,
): ValueDraft {
  const rc = rowCellsAt(
    ref,
    cells,
    p.specOf(at.kind),
    { place: at.place, ethnicity: at.ethnicity, programme: at.programme },
    [span.start, span.end],
  );
  return { rowBase: base(at, span), rc, sourcePeriod };
}

/**
 * A bucket's cells (src/rules/period-buckets.ts): the period reported for exactly the bucket, a
 * stock's latest inside it, or a flow's parts inside it summed (and its `per` or plan likewise).
 */
function bucketDraft(
  cells: CellIndex,
  p: MeasurePlan,
  at: At,
  bucket: Span,
  reported: Span[],
  ref: ReferenceCache,
): ValueDraft {
  const flow = p.measure.flow && p.measure.aggregation === "SUM";
  const chosen: BucketSource | null = reported.length ? bucketSource(bucket, reported, flow) : null;
  if (!chosen) return null;
  if (chosen.kind !== "PARTS") {
    const same = chosen.period.start === bucket.start && chosen.period.end === bucket.end;
    return draftAt(cells, p, at, chosen.period, ref, same ? null : chosen.period);
  }
  const sum = (m: string, k: FigureKind, programmes: string[]) => {
    for (const programme of programmes) {
      const parts = chosen.periods
        .map((s) => cells.get(m, k, at.place, at.ethnicity, programme, s.start, s.end))
        .filter((c): c is CellData => !!c);
      if (parts.length) return sumOfPeriods(parts, bucket, chosen.coveredMonths, chosen.totalMonths);
    }
    return undefined;
  };
  const rc: RowCells = { main: sum(p.measure.code, at.kind, [at.programme]) };
  if (p.mode.kind === "per") {
    const per = ref.measures.get(p.input.per!)!;
    rc.divisor = per.flow
      ? sum(per.code, at.kind, [at.programme, ROOT_PROGRAMME])
      : divisorOf(
          cells,
          per.code,
          true,
          at.kind,
          at.place,
          at.ethnicity,
          [at.programme, ROOT_PROGRAMME],
          [bucket.start, bucket.end],
        )?.cell;
  }
  if (p.mode.kind === "againstPlan") rc.divisor = sum(p.measure.code, "PLAN", [at.programme]);
  // A bucket summed from its parts pairs the two sums as they are (the parts are matched period by period).
  if (rc.main && rc.divisor)
    rc.matched = { numerator: rc.main, denominator: rc.divisor, pairs: 1, leftOut: [], uneven: [] };
  return { rowBase: base(at, bucket), rc, sourcePeriod: null };
}

/** A flow's periods inside a bucket, added with the qualifier algebra; coverage in months. */
function sumOfPeriods(parts: CellData[], bucket: Span, covered: number, total: number): CellData {
  const s = sumQualified(parts);
  const ids = parts.every((c) => c.figureIds !== null) ? [...new Set(parts.flatMap((c) => c.figureIds!))] : null;
  return {
    ...parts[0],
    periodStart: bucket.start,
    periodEnd: bucket.end,
    value: s.value,
    lower: s.lower,
    upper: s.upper,
    qualifier: s.qualifier,
    derivation: "SUM_OF_PARTS",
    partsDimension: "PERIOD",
    covered,
    total,
    figureIds: ids,
    flaggedExcluded: parts.reduce((n, c) => n + c.flaggedExcluded, 0),
    computedAt: parts.reduce<Date | null>((m, c) => earliest(m, c.computedAt), null),
  };
}

const base = (at: At, span: Span) => ({
  placeKey: at.place,
  requested: [],
  ethnicity: at.ethnicity,
  programme: at.programme,
  periodStart: span.start,
  periodEnd: span.end,
});

/** A value with no data (the same whatever its place: toValue drops the row's keys). */
function noData(p: MeasurePlan): AnalyticsValueData {
  return toValue(
    p,
    composeRow(
      { placeKey: "", requested: [], ethnicity: "", programme: "", periodStart: null, periodEnd: null },
      {},
      p.mode,
    ),
    null,
  );
}

function toValue(p: MeasurePlan, row: ComparisonRowData, sourcePeriod: Span | null): AnalyticsValueData {
  const { placeKey: _p, requested: _r, ethnicity: _e, programme: _g, periodStart: _s, periodEnd: _n, ...cell } = row;
  return {
    ...cell,
    measure: p.column.name,
    sourcePeriodStart: sourcePeriod?.start ?? null,
    sourcePeriodEnd: sourcePeriod?.end ?? null,
  };
}

/**
 * `having`: a row stays when every condition can hold. A value that certainly fails (or has no
 * data) drops the row; one whose bounds straddle the threshold stays, and is flagged
 * HAVING_UNCERTAIN (`withHavingFlags`, on the rows returned): `uncertain` holds its columns.
 */
function applyHaving(
  rows: RankedRow[],
  plans: MeasurePlan[],
  having: HavingTerm[],
): { rows: RankedRow[]; uncertain: Map<RankedRow, Set<number>> } {
  const uncertainOf = new Map<RankedRow, Set<number>>();
  if (having.length === 0) return { rows, uncertain: uncertainOf };
  const index = new Map(plans.map((p, i) => [p.column.name, i]));
  const out: RankedRow[] = [];
  for (const row of rows) {
    let keep = true;
    const uncertain = new Set<number>();
    for (const h of having) {
      const i = index.get(h.measure)!;
      const v = row.values[i];
      for (const op of COMPARATORS) {
        const threshold = h[op];
        if (threshold === undefined || threshold === null) continue;
        if (v.value === null) {
          keep = false;
          break;
        }
        const verdict = checkThreshold({ value: v.value, lower: v.lower, upper: v.upper }, op, threshold);
        if (verdict === "FAIL") {
          keep = false;
          break;
        }
        if (verdict === "UNCERTAIN") uncertain.add(i);
      }
      if (!keep) break;
    }
    if (!keep) continue;
    out.push(row);
    if (uncertain.size) uncertainOf.set(row, uncertain);
  }
  return { rows: out, uncertain: uncertainOf };
}

/** HAVING_UNCERTAIN on the values whose bounds straddle a `having` threshold (last of their flags). */
function withHavingFlags(
  page: { row: AnalyticsRowData; of: RankedRow }[],
  uncertainOf: Map<RankedRow, Set<number>>,
): AnalyticsRowData[] {
  return page.map(({ row, of }) => {
    const uncertain = uncertainOf.get(of);
    if (!uncertain) return row;
    return {
      ...row,
      values: row.values.map((v, i) => (uncertain.has(i) ? { ...v, flags: [...v.flags, "HAVING_UNCERTAIN"] } : v)),
    };
  });
}

/**
 * A value with no data says FLAGGED_EXCLUDED when a flagged figure lies under it (as compare's rows
 * do): one statement for every measure and place, and only when some value has no data.
 */
async function markFlaggedUnder(
  deps: AnalyticsDeps,
  rows: AnalyticsRowData[],
  plans: MeasurePlan[],
  targets: PlaceTarget[],
  range: Span | null,
): Promise<AnalyticsRowData[]> {
  const bare = rows.filter((r) => r.values.some((v) => v.derivation === "NO_DATA"));
  if (bare.length === 0) return rows;
  const { ref } = deps;
  const boundaryOf = new Map(targets.map((t) => [t.place.key, t.boundary]));
  const under = descendantsOf([...new Set(bare.map((r) => r.placeKey))], {
    get: (k: string) => [...(ref.placeChildren.AS_REPORTED.get(k) ?? []), ...(ref.placeChildren.CURRENT.get(k) ?? [])],
  });
  const flagged = await flaggedFigures(
    deps,
    plans.map((p) => p.measure.code),
    [...new Set(rows.map((r) => r.kind))],
    under,
    range,
  );
  if (flagged.length === 0) return rows;
  // Each flagged figure filed under its place and every ancestor of it, in each boundary tree: a
  // row looks up the figures under its place instead of walking every figure's ancestry.
  const underPlace: Record<BoundaryName, Map<string, FlaggedFigure[]>> = { AS_REPORTED: new Map(), CURRENT: new Map() };
  for (const boundary of ["AS_REPORTED", "CURRENT"] as const)
    for (const f of flagged)
      for (let k: string | undefined = f.placeKey; k !== undefined; k = ref.placeParent[boundary].get(k)) {
        const list = underPlace[boundary].get(k);
        if (list) list.push(f);
        else underPlace[boundary].set(k, [f]);
      }
  const lies = (f: FlaggedFigure, r: AnalyticsRowData, code: string) =>
    f.measure === code &&
    f.kind === r.kind &&
    (r.periodStart === null || (f.periodStart >= r.periodStart && f.periodEnd <= r.periodEnd!)) &&
    isUnder(f.ethnicityCode, r.ethnicity, (k) => ref.ethnicityParent.get(k) ?? undefined) &&
    isUnder(f.programmeCode, r.programme, (k) => ref.programmeParent.get(k) ?? undefined);
  return rows.map((r) => {
    const candidates = underPlace[boundaryOf.get(r.placeKey)!].get(r.placeKey);
    if (!candidates) return r;
    const marked = (v: AnalyticsValueData, i: number) =>
      v.derivation === "NO_DATA" && candidates.some((f) => lies(f, r, plans[i].measure.code));
    if (!r.values.some(marked)) return r;
    return {
      ...r,
      values: r.values.map((v, i) =>
        marked(v, i) ? { ...v, flags: [...new Set([...v.flags, "FLAGGED_EXCLUDED"])] } : v,
      ),
    };
  });
}

/**
 * Each value's poverty standards and their flags, as compare's rows (src/query/compare/poverty-standards.ts):
 * the rows returned, compared side by side with the answer's other rows (`rest`, before `having`).
 */
async function withPovertyStandards(
  deps: CompareDeps,
  page: AnalyticsRowData[],
  rest: (open: Parameters<Alongside>[0]) => AnalyticsRowData[] | Promise<AnalyticsRowData[]>,
): Promise<AnalyticsRowData[]> {
  const itemsOf = (rows: AnalyticsRowData[]) =>
    rows.flatMap((r) =>
      r.values.map((v) => ({ ...v, periodStart: r.periodStart, periodEnd: r.periodEnd, hasValue: v.value !== null })),
    );
  const standards = await povertyStandardsOf(deps.pool, itemsOf(page), {
    alongside: async (open) => itemsOf(await rest(open)),
    memo: deps.memo,
  });
  let n = 0;
  return page.map((r) => ({ ...r, values: r.values.map((v) => ({ ...v, ...standards[n++] })) }));
}
