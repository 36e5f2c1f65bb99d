import type pg from "pg";
import { ROOT_PROGRAMME } from "../../reference/programmes.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { parsePeriod } from "../../rules/period.ts";
import { dayAfter, stockPeriodFor } from "../../rules/stock-denominator.ts";
import { badInput } from "../errors.ts";
import type { BoundaryName, MeasureInfo, ReferenceCache } from "../reference-cache.ts";
import { composeRow, type RowCells, type RowMode } from "./compose.ts";
import { FactsSource } from "./facts-source.ts";
import { RollupSource } from "./rollup-source.ts";
import { codesOf, placeTargets } from "./targets.ts";
import type { CellData, CellSource, ComparisonData, ComparisonRowData, CompareInput } from "./types.ts";

export interface CompareDeps {
  pool: Pick<pg.Pool, "query">;
  ref: ReferenceCache;
}

/** Units a `per` denominator may have: things that are counted, never money or rates. */
const COUNT_UNITS = new Set(["PERSON", "HOUSEHOLD", "OCCASION", "CARD", "HOUSE", "TONNE", "GIFT", "WORK", "ITEM"]);

/** Answers a comparison: one row per place (× ethnicity × programme × reported period). */
export async function compare(deps: CompareDeps, input: CompareInput): Promise<ComparisonData> {
  const { ref } = deps;
  const measure = measureOf(ref, input.measure, "measure");
  const range = periodRange(input.period);
  const kind: FigureKind = input.kind ?? "ACTUAL";
  const groupBy = input.groupBy ?? [];
  const boundaries: BoundaryName = input.boundaries ?? "AS_REPORTED";
  const mode = rowMode(ref, measure, input, kind);
  const targets = placeTargets(ref, input.places, boundaries, range, groupBy);
  const ethnicities = codesOf("ethnicity", ref, input.ethnicity ?? "ALL", groupBy);
  const programmes = codesOf("programme", ref, input.programme ?? ROOT_PROGRAMME, groupBy);

  const needs = neededCells(measure, input, kind, mode);
  const source = await chooseSource(deps, input, needs.measures, needs.kinds, range);
  const cells = new CellIndex();
  // A stock divisor may be dated the day after the period (src/rules/stock-denominator.ts).
  const stockPer = mode.kind === "per" && !ref.measures.get(input.per!)!.flow ? input.per! : undefined;
  for (const boundary of ["AS_REPORTED", "CURRENT"] as const) {
    const places = targets.filter((t) => t.boundary === boundary).map((t) => t.place.key);
    if (!places.length) continue;
    const progs = mode.kind === "per" ? [...new Set([...programmes, ROOT_PROGRAMME])] : programmes;
    const ask = { boundary, kinds: needs.kinds, places, ethnicities, programmes: progs, includeFlagged: !!input.includeFlagged };
    for (const c of await source.cells({ ...ask, measures: needs.measures.filter((m) => m !== stockPer), range })) cells.add(c);
    if (stockPer) for (const c of await source.cells({ ...ask, measures: [stockPer], range: range && { start: range.start, end: dayAfter(range.end) } })) cells.add(c);
  }

  const rows: ComparisonRowData[] = [];
  for (const t of targets) for (const ethnicity of ethnicities) for (const programme of programmes) {
    const at = (m: string, k: FigureKind, ps: string, pe: string, prog = programme) => cells.get(m, k, t.place.key, ethnicity, prog, ps, pe);
    const leading = mode.kind === "rate" ? [measure.code, measure.numeratorCode!] : [measure.code];
    const periods = cells.periods(leading, kind, t.place.key, ethnicity, programme);
    const base = { placeKey: t.place.key, requested: t.requested, ethnicity, programme };
    if (periods.length === 0) {
      rows.push(composeRow({ ...base, periodStart: range?.start ?? null, periodEnd: range?.end ?? null }, {}, mode));
      continue;
    }
    for (const [ps, pe] of periods) {
      const rc: RowCells = { main: at(measure.code, kind, ps, pe) };
      if (mode.kind === "rate") { rc.numerator = at(measure.numeratorCode!, kind, ps, pe); rc.denominator = at(measure.denominatorCode!, kind, ps, pe); }
      if (mode.kind === "per") rc.divisor = divisorOf(cells, input.per!, stockPer !== undefined, kind, t.place.key, ethnicity, [programme, ROOT_PROGRAMME], [ps, pe]);
      if (mode.kind === "againstPlan") rc.divisor = at(measure.code, "PLAN", ps, pe);
      rows.push(composeRow({ ...base, periodStart: ps, periodEnd: pe }, rc, mode));
    }
  }
  return { rows, servedFrom: source.name, boundaries, computedAt: source.name === "FACTS" ? new Date() : cells.oldestComputedAt() };
}

/**
 * The `per` count for one row: of the row's programme, else of all programmes; a flow's for the same
 * period, a stock's as src/rules/stock-denominator.ts picks it.
 */
function divisorOf(cells: CellIndex, per: string, stock: boolean, kind: FigureKind, place: string, ethnicity: string, programmes: string[], period: [string, string]): CellData | undefined {
  for (const programme of programmes) {
    const chosen = stock ? stockPeriodFor(period, cells.periods([per], kind, place, ethnicity, programme)) : period;
    const cell = chosen && cells.get(per, kind, place, ethnicity, programme, chosen[0], chosen[1]);
    if (cell) return cell;
  }
  return undefined;
}

function measureOf(ref: ReferenceCache, code: string, field: string): MeasureInfo {
  const m = ref.measures.get(code);
  if (!m) throw badInput(`unknown measure "${code}" in \`${field}\``, { [field]: code, known: [...ref.measures.keys()] });
  return m;
}

function periodRange(period: string | null | undefined): { start: string; end: string } | null {
  if (!period) return null;
  try {
    const p = parsePeriod(period);
    return { start: p.start, end: p.end };
  } catch (e) {
    throw badInput(`bad period "${period}": ${(e as Error).message}`, { period });
  }
}

function rowMode(ref: ReferenceCache, measure: MeasureInfo, input: CompareInput, kind: FigureKind): RowMode {
  if (input.per && input.againstPlan) throw badInput("`per` and `againstPlan` cannot be combined: each makes the value a ratio");
  if (input.per) {
    const per = measureOf(ref, input.per, "per");
    if (measure.aggregation !== "SUM") throw badInput(`\`per\` divides an additive measure; "${measure.code}" is a ${measure.aggregation.toLowerCase()} measure`);
    if (per.aggregation !== "SUM" || !COUNT_UNITS.has(per.unit)) {
      throw badInput(`"${per.code}" is in ${per.unit}: a \`per\` denominator must be a count (persons, households, cards, …)`, { per: per.code, unit: per.unit });
    }
    return { kind: "per" };
  }
  if (input.againstPlan) {
    if (kind !== "ACTUAL") throw badInput("`againstPlan` compares ACTUAL figures with their plan; leave `kind` unset or ACTUAL");
    return { kind: "againstPlan" };
  }
  return measure.aggregation === "RATIO" ? { kind: "rate", measure } : { kind: "plain" };
}

function neededCells(measure: MeasureInfo, input: CompareInput, kind: FigureKind, mode: RowMode): { measures: string[]; kinds: FigureKind[] } {
  const measures = [measure.code];
  if (mode.kind === "rate") measures.push(measure.numeratorCode!, measure.denominatorCode!);
  if (mode.kind === "per") measures.push(input.per!);
  return { measures, kinds: mode.kind === "againstPlan" ? [kind, "PLAN"] : [kind] };
}

/** Rollups answer unless a slice is stale, the rollup was never built, or flagged figures are wanted. */
async function chooseSource(deps: CompareDeps, input: CompareInput, measures: string[], kinds: string[], range: { start: string; end: string } | null): Promise<CellSource> {
  const facts = () => new FactsSource(deps.pool, deps.ref);
  if (input.source === "FACTS" || input.includeFlagged) return facts();
  if (input.source === "ROLLUP") return new RollupSource(deps.pool);
  const r = await deps.pool.query(
    `SELECT EXISTS (SELECT 1 FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL AND error IS NULL) AS built,
            EXISTS (SELECT 1 FROM rollup_dirty WHERE measure_code = ANY($1) AND kind = ANY($2::"FigureKind"[])
                      AND ($3::date IS NULL OR (period_start >= $3::date AND period_end <= $4::date))) AS dirty`,
    [measures, kinds, range?.start ?? null, range?.end ?? null],
  );
  return r.rows[0].built && !r.rows[0].dirty ? new RollupSource(deps.pool) : facts();
}

class CellIndex {
  private readonly byKey = new Map<string, CellData>();
  private readonly periodsOf = new Map<string, Set<string>>();
  private oldest: Date | null = null;

  add(c: CellData): void {
    this.byKey.set(key(c.measure, c.kind, c.placeKey, c.ethnicity, c.programme, c.periodStart, c.periodEnd), c);
    const pk = `${c.measure}|${c.kind}|${c.placeKey}|${c.ethnicity}|${c.programme}`;
    if (!this.periodsOf.has(pk)) this.periodsOf.set(pk, new Set());
    this.periodsOf.get(pk)!.add(`${c.periodStart}|${c.periodEnd}`);
    if (c.computedAt && (!this.oldest || c.computedAt < this.oldest)) this.oldest = c.computedAt;
  }

  get(m: string, k: string, p: string, e: string, g: string, ps: string, pe: string): CellData | undefined {
    return this.byKey.get(key(m, k, p, e, g, ps, pe));
  }

  /** The reported periods of any of these measures for one place, ethnicity and programme, in order. */
  periods(measures: string[], kind: string, place: string, ethnicity: string, programme: string): [string, string][] {
    const all = new Set<string>();
    for (const m of measures) for (const p of this.periodsOf.get(`${m}|${kind}|${place}|${ethnicity}|${programme}`) ?? []) all.add(p);
    return [...all].sort().map((p) => p.split("|") as [string, string]);
  }

  oldestComputedAt(): Date | null {
    return this.oldest;
  }
}

const key = (...parts: string[]) => parts.join("|");
