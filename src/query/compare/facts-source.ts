import { Decimal } from "decimal.js";
import type pg from "pg";
import { yearContaining, yearSpan } from "../../rules/calendar-year.ts";
import { couldReport } from "../../rules/additivity.ts";
import { CellResolver, directCells, type FactInput, type Trees } from "../../rules/reported-vs-parts.ts";
import { aggregatedFigureSql } from "../../rules/value-type.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { figuresAsOfSql } from "../figures-as-of.ts";
import type { BoundaryName, MeasureInfo, ReferenceCache } from "../reference-cache.ts";
import type { CellData, CellQuery, CellSource } from "./types.ts";

/** The facts of one measure × kind × period, and for a calendar year the slices inside it. */
interface Slice {
  measure: string;
  kind: FigureKind;
  periodStart: string;
  periodEnd: string;
  facts: FactRow[];
  subPeriods: Slice[];
}

interface FactRow extends FactInput {
  measure: string;
  kind: FigureKind;
  periodStart: string;
  periodEnd: string;
  flagged: boolean;
}

/**
 * Cells computed on the spot from the figures, with the reference rules (src/rules), for requests
 * no rollup answers: stale slices, flagged figures included, or a caller that asks for facts.
 */
export class FactsSource implements CellSource {
  readonly name = "FACTS" as const;
  /** `asOf`: read the figures as they stood then (src/query/figures-as-of.ts), not as they are. */
  constructor(
    private readonly db: Pick<pg.Pool, "query">,
    private readonly ref: ReferenceCache,
    private readonly asOf: Date | null = null,
  ) {}

  async cells(q: CellQuery): Promise<CellData[]> {
    const slices = new Map<string, Slice>();
    const sliceOf = (measure: string, kind: FigureKind, periodStart: string, periodEnd: string) => {
      const k = `${measure}|${kind}|${periodStart}|${periodEnd}`;
      let slice = slices.get(k);
      if (!slice) slices.set(k, (slice = { measure, kind, periodStart, periodEnd, facts: [], subPeriods: [] }));
      return slice;
    };
    for (const f of await this.loadFacts(q)) sliceOf(f.measure, f.kind, f.periodStart, f.periodEnd).facts.push(f);
    // A flow's calendar year is also the sum of the periods inside it: give each such year a slice
    // that knows its sub-periods (resolved first, below).
    for (const s of [...slices.values()]) {
      const m = this.ref.measures.get(s.measure);
      const year = yearContaining({ start: s.periodStart, end: s.periodEnd });
      if (!m?.flow || m.aggregation !== "SUM" || year === null) continue;
      const span = yearSpan(year);
      if (q.range && !(q.range.start <= span.start && span.end <= q.range.end)) continue;
      sliceOf(s.measure, s.kind, span.start, span.end).subPeriods.push(s);
    }
    const resolvers = new Map<Slice, CellResolver>();
    const resolverOf = (s: Slice): CellResolver => {
      let r = resolvers.get(s);
      if (!r) {
        const measure = this.ref.measures.get(s.measure)!;
        const additive = measure.aggregation === "SUM";
        const counted = s.facts.filter((f) => q.includeFlagged || !f.flagged);
        const subs = s.subPeriods.map((p) => ({
          span: { start: p.periodStart, end: p.periodEnd },
          resolver: resolverOf(p),
        }));
        const facts = [...counted, ...s.subPeriods.flatMap((p) => p.facts)];
        const trees = additive ? this.trees(q.boundary, measure, s.periodStart, s.periodEnd, facts) : NO_TREES;
        resolvers.set(s, (r = new CellResolver(directCells(counted, additive), trees, subs, measure)));
      }
      return r;
    };
    const out: CellData[] = [];
    const asked = q.keys && new Set(q.keys.map((k) => `${k.place}|${k.ethnicity}|${k.programme}`));
    for (const slice of slices.values()) {
      const { measure, kind, periodStart, periodEnd } = slice;
      const resolver = resolverOf(slice);
      const flagged = slice.facts.filter((f) => f.flagged && !q.includeFlagged);
      // Only a key above some figure of the slice can have a cell: the others are skipped unresolved
      // (a ratio's cells below the row ask for every sub-group × sub-programme of many places).
      const reach = this.reach(q.boundary, [...slice.facts, ...slice.subPeriods.flatMap((p) => p.facts)]);
      for (const place of q.places.filter((k) => reach.places.has(k)))
        for (const ethnicity of q.ethnicities.filter((k) => reach.ethnicities.has(k)))
          for (const programme of q.programmes.filter((k) => reach.programmes.has(k))) {
            if (asked && !asked.has(`${place}|${ethnicity}|${programme}`)) continue;
            const c = resolver.resolve(place, ethnicity, programme);
            if (!c) continue;
            out.push({
              placeKey: place,
              ethnicity,
              programme,
              measure,
              kind,
              periodStart,
              periodEnd,
              value: c.value,
              lower: c.lower,
              upper: c.upper,
              qualifier: c.qualifier,
              derivation: c.derivation,
              partsDimension: c.partsDimension,
              covered: c.coveredChildren,
              total: c.totalChildren,
              figureIds: c.figureIds,
              flaggedExcluded: flagged.filter((f) => this.within(q.boundary, f, place, ethnicity, programme)).length,
              computedAt: null,
            });
          }
    }
    return out;
  }

  private async loadFacts(q: CellQuery): Promise<FactRow[]> {
    const r = await this.db.query(
      `SELECT f.id::text, f.place_key, f.ethnicity_code, f.programme_code, f.measure_code, f.kind::text, f.period_start::text, f.period_end::text,
              f.value::text, f.qualifier::text, coalesce(d.published_at::text, '') AS rank, f.document_id,
              'IMPLAUSIBLE' = ANY(coalesce(f.flags, '{}')) AS flagged
         FROM ${this.asOf ? `(${figuresAsOfSql("$5")})` : "figure"} f JOIN document d ON d.id = f.document_id
        WHERE f.measure_code = ANY($1) AND f.kind = ANY($2::"FigureKind"[]) AND ${aggregatedFigureSql("f")}
          AND ($3::date IS NULL OR (f.period_start >= $3::date AND f.period_end <= $4::date))`,
      [q.measures, q.kinds, q.range?.start ?? null, readEnd(q), ...(this.asOf ? [this.asOf] : [])],
    );
    const later = q.laterEnd && q.range && new Set(q.laterEnd.measures);
    const rows = later ? r.rows.filter((x) => x.period_end <= q.range!.end || later.has(x.measure_code)) : r.rows;
    return rows.map((x) => ({
      id: x.id,
      placeKey: x.place_key,
      ethnicityCode: x.ethnicity_code,
      programmeCode: x.programme_code,
      measure: x.measure_code,
      kind: x.kind,
      periodStart: x.period_start,
      periodEnd: x.period_end,
      value: new Decimal(x.value),
      qualifier: x.qualifier,
      documentRank: x.rank,
      documentId: x.document_id,
      flagged: x.flagged,
    }));
  }

  /** The places, groups and programmes at or above some of the facts, in each tree. */
  private reach(boundary: BoundaryName, facts: FactRow[]) {
    const ref = this.ref;
    return {
      places: ancestorsOf(
        facts.map((f) => f.placeKey),
        (k) => ref.placeParent[boundary].get(k),
      ),
      ethnicities: ancestorsOf(
        facts.map((f) => f.ethnicityCode),
        (k) => ref.ethnicityParent.get(k) ?? undefined,
      ),
      programmes: ancestorsOf(
        facts.map((f) => f.programmeCode),
        (k) => ref.programmeParent.get(k) ?? undefined,
      ),
    };
  }

  /**
   * The trees of one slice, pruned to the branches that hold any of its facts: the sums are the
   * same (an empty branch adds nothing), the recursion skips the thousands of empty cells.
   * Coverage still counts every child that exists.
   */
  private trees(boundary: BoundaryName, measure: MeasureInfo, start: string, end: string, facts: FactRow[]): Trees {
    const ref = this.ref;
    const { places, ethnicities, programmes } = this.reach(boundary, facts);
    return {
      placeChildren: (k) => (ref.placeChildren[boundary].get(k) ?? []).filter((c) => places.has(c)),
      placeChildCount: (k) => ref.placeChildCount(boundary, k, start, end),
      programmeChildren: (c) => (ref.programmeChildren.get(c) ?? []).filter((x) => programmes.has(x)),
      programmeChildCount: (c) =>
        (ref.programmeChildren.get(c) ?? []).filter((x) =>
          couldReport(measure.appliesTo, x, (k) => ref.programmeParent.get(k)),
        ).length,
      ethnicityChildren: (c) => (ref.ethnicityChildren.get(c) ?? []).filter((x) => ethnicities.has(x)),
      ethnicityChildCount: (c) => ref.ethnicityChildren.get(c)?.length ?? 0,
    };
  }

  /** Whether a figure lies under the cell in all three trees. */
  private within(boundary: BoundaryName, f: FactRow, place: string, ethnicity: string, programme: string): boolean {
    return (
      isUnder(f.placeKey, place, (k) => this.ref.placeParent[boundary].get(k)) &&
      isUnder(f.ethnicityCode, ethnicity, (k) => this.ref.ethnicityParent.get(k) ?? undefined) &&
      isUnder(f.programmeCode, programme, (k) => this.ref.programmeParent.get(k) ?? undefined)
    );
  }
}

/** The latest end a figure read may have: the range's, or CellQuery.laterEnd's when later. */
function readEnd(q: CellQuery): string | null {
  const end = q.range?.end ?? null;
  return end !== null && q.laterEnd && q.laterEnd.end > end ? q.laterEnd.end : end;
}

const NO_TREES: Trees = {
  placeChildren: () => [],
  placeChildCount: () => 0,
  programmeChildren: () => [],
  programmeChildCount: () => 0,
  ethnicityChildren: () => [],
  ethnicityChildCount: () => 0,
};

function ancestorsOf(nodes: string[], parent: (k: string) => string | undefined): Set<string> {
  const seen = new Set<string>();
  for (const n of nodes)
    for (let k: string | undefined = n; k !== undefined && !seen.has(k); k = parent(k)) seen.add(k);
  return seen;
}

function isUnder(node: string, ancestor: string, parent: (k: string) => string | undefined): boolean {
  for (let k: string | undefined = node; k !== undefined; k = parent(k)) if (k === ancestor) return true;
  return false;
}
