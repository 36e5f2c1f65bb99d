import type pg from "pg";
import { ROOT_PROGRAMME } from "../../reference/programmes.ts";
import { combinationOf, combine, type PartsDimension } from "../../rules/additivity.ts";
import { aggregatedFigureSql } from "../../rules/value-type.ts";
import { boundaryOf, crosswalkApplies, crosswalkCell, isNewCommune } from "../../rules/crosswalk.ts";
import {
  describeLeftOut,
  describeUneven,
  matchSides,
  type CellKey,
  type Matched,
  type Side,
} from "../../rules/matched-ratio.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { parsePeriod } from "../../rules/period.ts";
import { dayAfter, stockPeriodFor } from "../../rules/stock-denominator.ts";
import { badInput } from "../errors.ts";
import type { BoundaryName, MeasureInfo, ReferenceCache } from "../reference-cache.ts";
import { composeRow, type RowCells, type RowMode } from "./compose.ts";
import { NO_MEMO, type VersionedMemo } from "../versioned-memo.ts";
import { FactsSource } from "./facts-source.ts";
import { RollupSource } from "./rollup-source.ts";
import { povertyStandardsOf } from "./poverty-standards.ts";
import { codesOf, placeTargets } from "./targets.ts";
import type {
  AskedKey,
  CellData,
  CellSource,
  ComparisonData,
  ComparisonRowData,
  CompareInput,
  CellQuery,
  DescentCells,
  DescentStart,
  HeldPart,
  RowsWalk,
} from "./types.ts";

export interface CompareDeps {
  pool: Pick<pg.Pool, "query">;
  ref: ReferenceCache;
  /** Answers kept while the data is unchanged (the rollup's state, flagged figures); none when absent. */
  memo?: VersionedMemo;
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
  const cells = new CellIndex(boundaries);
  const targetKeys = targets.map((t) => t.place.key);
  // A ratio pairs its two sides cell by cell below the row (src/rules/matched-ratio.ts): it needs
  // the cells of the sub-programmes and sub-groups too (and of the child places it asks for).
  const matching = mode.kind !== "plain";
  const askedEthnicities = matching ? descendantsOf(ethnicities, ref.ethnicityChildren) : ethnicities;
  const askedProgrammes = matching ? descendantsOf(programmes, ref.programmeChildren) : programmes;
  // A stock divisor may be dated the day after the period (src/rules/stock-denominator.ts).
  const stockPer = mode.kind === "per" && !ref.measures.get(input.per!)!.flow ? input.per! : undefined;
  const spec: MeasureSpec = { measure, mode, kind, per: input.per ?? null, stockPer };
  const withAll = (codes: string[]) => (mode.kind === "per" ? [...new Set([...codes, ROOT_PROGRAMME])] : codes);
  const progs = withAll(askedProgrammes);
  const queryOf = (
    boundary: BoundaryName,
    places: string[],
    ethnicityCodes = askedEthnicities,
    programmeCodes = progs,
    keys?: AskedKey[],
  ): CellQuery => ({
    boundary,
    measures: needs.measures,
    kinds: needs.kinds,
    places,
    ethnicities: ethnicityCodes,
    programmes: programmeCodes,
    range,
    ...(stockPer && range ? { laterEnd: { measures: [stockPer], end: dayAfter(range.end) } } : {}),
    includeFlagged: !!input.includeFlagged,
    keys,
  });
  const fetchCells = (
    boundary: BoundaryName,
    places: string[],
    ethnicityCodes = askedEthnicities,
    programmeCodes = progs,
    keys?: AskedKey[],
    descents?: DescentStart[],
  ): Promise<CellData[]> => {
    if (!places.length) return Promise.resolve([]);
    const query = queryOf(boundary, places, ethnicityCodes, programmeCodes, keys);
    return descents?.length && source.descend
      ? cells.readDescent(ref, source.descend(query, descents, cells.heldBelow(targetKeys)), boundary)
      : source.cells(query);
  };
  // A ratio's rows read below them only which parts hold cells, where the source can (not under
  // CURRENT: a new commune's crosswalk cells are added under its rows, read whole); the matching
  // reads the parts it pairs (`untilNothingAsked`).
  const rowCodes = { ethnicities, programmes: withAll(programmes) };
  const heldOnly = matching && boundaries === "AS_REPORTED" ? source.rowsAndHeld?.bind(source) : undefined;
  for (const boundary of ["AS_REPORTED", "CURRENT"] as const) {
    const places = targets.filter((t) => t.boundary === boundary).map((t) => t.place.key);
    if (heldOnly && places.length) {
      const read = await heldOnly(queryOf(boundary, places), rowCodes, rowsWalk(spec));
      for (const c of read.cells) cells.add(c);
      for (const h of read.held) cells.hold(h);
      if (read.walked) for (const c of await cells.readDescent(ref, read.walked, boundary)) cells.add(c);
    } else for (const c of await fetchCells(boundary, places)) cells.add(c);
  }
  if (heldOnly) cells.markRowsRead(targetKeys, rowCodes.ethnicities, rowCodes.programmes);
  else cells.markRead(targetKeys, matching);
  if (boundaries === "CURRENT") await addCrosswalkCells(ref, cells, targets, fetchCells);

  // Rows without a value say whether a flagged figure was left out under them: read afterwards,
  // and only when there is such a row (flagged figures are few, but the filter on them is a scan).
  const pending = await untilNothingAsked(ref, cells, fetchCells, () => pendingRows());
  function pendingRows() {
    const pending: {
      boundary: BoundaryName;
      base: Parameters<typeof composeRow>[0];
      rc: RowCells;
      flaggedUnder: FlaggedUnder;
    }[] = [];
    for (const t of targets)
      for (const ethnicity of ethnicities)
        for (const programme of programmes) {
          const leading = mode.kind === "rate" ? [measure.code, measure.numeratorCode!] : [measure.code];
          const periods = cells.periods(leading, kind, t.place.key, ethnicity, programme);
          const rowKey: RowKey = { place: t.place.key, ethnicity, programme };
          const flaggedUnder = (ps: string | null, pe: string | null) => (flagged: FlaggedFigure[]) =>
            flagged.filter(
              (f) =>
                f.measure === measure.code &&
                f.kind === kind &&
                (ps === null || (f.periodStart === ps && f.periodEnd === pe)) &&
                isUnder(f.placeKey, t.place.key, (k) => ref.placeParent[t.boundary].get(k)) &&
                isUnder(f.ethnicityCode, ethnicity, (k) => ref.ethnicityParent.get(k) ?? undefined) &&
                isUnder(f.programmeCode, programme, (k) => ref.programmeParent.get(k) ?? undefined),
            ).length;
          const push = (ps: string | null, pe: string | null, rc: RowCells, under: FlaggedUnder) =>
            pending.push({
              boundary: t.boundary,
              base: {
                placeKey: t.place.key,
                requested: t.requested,
                ethnicity,
                programme,
                periodStart: ps,
                periodEnd: pe,
              },
              rc,
              flaggedUnder: under,
            });
          if (periods.length === 0) {
            push(range?.start ?? null, range?.end ?? null, {}, flaggedUnder(null, null));
            continue;
          }
          for (const [ps, pe] of periods) {
            const rc = rowCellsAt(ref, cells, spec, rowKey, [ps, pe]);
            push(ps, pe, rc, rc.main ? undefined : flaggedUnder(ps, pe));
          }
        }
    return pending;
  }
  const bare = pending.filter((p) => p.flaggedUnder);
  const under = bare.length
    ? descendantsOf([...new Set(bare.map((p) => p.base.placeKey))], {
        get: (k: string) => [
          ...(ref.placeChildren.AS_REPORTED.get(k) ?? []),
          ...(ref.placeChildren.CURRENT.get(k) ?? []),
        ],
      })
    : [];
  const flagged =
    !input.includeFlagged && bare.length ? await flaggedFigures(deps, [measure.code], [kind], under, range) : [];
  // Rows are filled in place (see composeRow: object spreads cost microseconds per row).
  const rows = pending.map((p) => {
    p.rc.flaggedUnder = p.flaggedUnder?.(flagged) ?? 0;
    const row = composeRow(p.base, p.rc, mode);
    row.leafScope = {
      measure: measure.code,
      kind,
      boundary: p.boundary,
      includeFlagged: !!input.includeFlagged,
      source: source.name,
    };
    return row;
  });
  const standards = await povertyStandardsOf(
    deps.pool,
    rows.map((r) => ({
      measure: measure.code,
      figureIds: r.figureIds,
      flags: r.flags,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      hasValue: r.value !== null,
    })),
    { memo: deps.memo },
  );
  rows.forEach((r, i) => {
    r.povertyStandards = standards[i].povertyStandards;
    r.flags = standards[i].flags;
  });
  if (boundaries === "CURRENT") for (const r of rows) r.flags.push(...crosswalkFlags(ref, r));
  return {
    rows,
    servedFrom: source.name,
    boundaries,
    computedAt: source.name === "FACTS" ? new Date() : cells.oldestComputedAt(),
  };
}

/**
 * Computes `compute` until a ratio's matching asks for no more cells of child places
 * (src/rules/matched-ratio.ts pairs sums over places place by place): reads the asked places, groups
 * and programmes, each place from the tree that holds it, and computes again. One more statement
 * per step the matching descends, each reading only the cells it asked for (a province's districts
 * at the row's group and programme, not every sub-group and sub-programme of them). A source that
 * can follow the matching's descent itself (CellSource.descend) reads every level below the asked
 * keys in that statement, and the next computation usually asks for nothing more.
 */
export async function untilNothingAsked<T>(
  ref: ReferenceCache,
  cells: CellIndex,
  fetchCells: (
    boundary: BoundaryName,
    places: string[],
    ethnicities: string[],
    programmes: string[],
    keys: AskedKey[],
    descents: DescentStart[],
  ) => Promise<CellData[]>,
  compute: () => T,
): Promise<T> {
  for (;;) {
    const out = compute();
    const descents = cells.takeDescents();
    const asked = cells.takeAsked();
    if (!asked.length) return out;
    for (const boundary of ["AS_REPORTED", "CURRENT"] as const) {
      const inTree = (k: AskedKey) => boundaryOf(ref.places.get(k.place)!, cells.boundaries) === boundary;
      const mine = asked.filter(inTree);
      if (!mine.length) continue;
      const distinct = (f: (k: AskedKey) => string) => [...new Set(mine.map(f))];
      const got = await fetchCells(
        boundary,
        distinct((k) => k.place),
        distinct((k) => k.ethnicity),
        distinct((k) => k.programme),
        mine,
        descents.filter(inTree),
      );
      for (const c of got) cells.add(c);
    }
  }
}

/**
 * Under CURRENT a 2025 commune answers for the periods before the reform with the old communes that
 * went into it whole (src/rules/crosswalk.ts, `crosswalkCell`): their cells as reported, from the
 * same source, summed here. Nothing of this is stored, so no province total ever counts them twice.
 */
export async function addCrosswalkCells(
  ref: ReferenceCache,
  cells: CellIndex,
  targets: { place: { key: string; level: string; validFrom: string } }[],
  fetchCells: (boundary: BoundaryName, places: string[]) => Promise<CellData[]>,
): Promise<void> {
  const communes = targets.map((t) => t.place).filter((p) => isNewCommune(p) && ref.crosswalkParts.has(p.key));
  if (!communes.length) return;
  const full = communes.flatMap((p) => ref.crosswalkParts.get(p.key)!.filter((x) => x.share === "full"));
  const partCells = new CellIndex();
  const slices = new Map<string, CellData>();
  for (const c of await fetchCells("AS_REPORTED", [...new Set(full.map((x) => x.fromKey))])) {
    if (!crosswalkApplies(c.periodStart)) continue;
    partCells.add(c);
    slices.set(`${partKey(c.measure, c.kind, "", c.ethnicity, c.programme)}|${c.periodStart}|${c.periodEnd}`, c);
  }
  for (const commune of communes) {
    const parts = ref.crosswalkParts.get(commune.key)!;
    const from = new Set(parts.map((x) => x.fromKey));
    for (const s of slices.values()) {
      const at = (place: string) =>
        partCells.get(s.measure, s.kind, place, s.ethnicity, s.programme, s.periodStart, s.periodEnd);
      if (![...from].some((k) => at(k))) continue;
      const own = cells.get(s.measure, s.kind, commune.key, s.ethnicity, s.programme, s.periodStart, s.periodEnd);
      const cell = crosswalkCell(own, parts, at, ref.measures.get(s.measure)!.aggregation === "SUM");
      if (cell && cell !== own) cells.add({ ...s, ...cell, placeKey: commune.key, computedAt: s.computedAt });
    }
  }
}

/**
 * What a row under CURRENT says about the commune crosswalk: SPLIT_COMMUNE_LEFT_OUT on a 2025
 * commune's row for a period before the reform when an old commune was only partly in it (never
 * added: no share is known); SPLIT_IN_2025 on an old commune's row when it was split between new
 * communes (it is not placed in any of them, and counts only in its 2025 province).
 */
function crosswalkFlags(ref: ReferenceCache, row: ComparisonRowData): string[] {
  const place = ref.places.get(row.placeKey);
  if (!place || place.level !== "COMMUNE") return [];
  if (isNewCommune(place)) {
    const before = row.periodStart !== null && crosswalkApplies(row.periodStart);
    return before && ref.crosswalkParts.get(place.key)?.some((x) => x.share === "partial")
      ? ["SPLIT_COMMUNE_LEFT_OUT"]
      : [];
  }
  const split = (ref.successors.get(place.key) ?? []).some((k) =>
    ref.crosswalkParts.get(k)?.some((x) => x.fromKey === place.key && x.share === "partial"),
  );
  return split ? ["SPLIT_IN_2025"] : [];
}

/**
 * The two sides a ratio's rows pair (rowCellsAt), for a read of the rows that follows their descent
 * (RowsWalk): `per` where the count is of the row's programme, against plan, a rate's counts; none
 * for a plain measure.
 */
function rowsWalk(spec: MeasureSpec): RowsWalk | undefined {
  const { measure, mode, kind } = spec;
  if (mode.kind === "per")
    return { numerator: [measure.code, kind], denominator: [spec.per!, kind], samePeriod: spec.stockPer === undefined };
  if (mode.kind === "againstPlan")
    return { numerator: [measure.code, kind], denominator: [measure.code, "PLAN"], samePeriod: true };
  // also from rows whose rate is stored, where they pair nothing (rowCellsAt): a superset, never fewer keys
  if (mode.kind === "rate")
    return {
      numerator: [measure.numeratorCode!, kind],
      denominator: [measure.denominatorCode!, kind],
      samePeriod: true,
    };
  return undefined;
}

/** What computing one measure's rows takes; compare and analytics share it. */
export interface MeasureSpec {
  measure: MeasureInfo;
  mode: RowMode;
  kind: FigureKind;
  per: string | null;
  stockPer: string | undefined;
}

/**
 * The cells of one row (place × ethnicity × programme × reported period) of a measure, its ratio's
 * two sides matched cell by cell: what composeRow turns into the row. Analytics calls it too, so
 * both queries give the same cells.
 */
export function rowCellsAt(
  ref: ReferenceCache,
  cells: CellIndex,
  spec: MeasureSpec,
  row: RowKey,
  [ps, pe]: [string, string],
): RowCells {
  const { measure, mode, kind, stockPer } = spec;
  const { place, ethnicity, programme } = row;
  const rowKey: CellKey = { place, ethnicity, programme, start: ps, end: pe };
  const at = (m: string, k: FigureKind, s: string, e: string) => cells.get(m, k, place, ethnicity, programme, s, e);
  const rc: RowCells = { main: at(measure.code, kind, ps, pe) };
  let sides: SideCells | undefined;
  if (mode.kind === "rate") {
    rc.numerator = at(measure.numeratorCode!, kind, ps, pe);
    rc.denominator = at(measure.denominatorCode!, kind, ps, pe);
    // a rate stored for the cell is the row's value (composeRow): its counts are not paired
    if (!rc.main)
      sides = {
        numerator: [measure.numeratorCode!, kind],
        denominator: [measure.denominatorCode!, kind],
      };
  }
  if (mode.kind === "per") {
    const found = divisorOf(
      cells,
      spec.per!,
      stockPer !== undefined,
      kind,
      place,
      ethnicity,
      [programme, ROOT_PROGRAMME],
      [ps, pe],
    );
    rc.divisor = found?.cell;
    // a divisor of all programmes (poor households of the place) pairs with the row's cell as it is
    if (found && found.programme === programme)
      sides = {
        numerator: [measure.code, kind],
        denominator: [spec.per!, kind],
        // a stock's count may be dated the day after the period (src/rules/stock-denominator.ts)
        denominatorPeriod: [found.periodStart, found.periodEnd],
      };
    else if (found && rc.main)
      rc.matched = { numerator: rc.main, denominator: found.cell, pairs: 1, leftOut: [], uneven: [] };
  }
  if (mode.kind === "againstPlan") {
    rc.divisor = at(measure.code, "PLAN", ps, pe);
    sides = { numerator: [measure.code, kind], denominator: [measure.code, "PLAN"] };
  }
  if (sides) {
    rc.matched = matchOver(ref, cells, rowKey, sides);
    const leftOut = describeLeftOut(
      rowKey,
      rc.matched.leftOut,
      LEFT_OUT_WORDS[mode.kind as keyof typeof LEFT_OUT_WORDS],
    );
    rc.leftOut = [leftOut, describeUneven(rowKey, rc.matched.uneven)].filter(Boolean).join("; ") || null;
    if (!rc.matched.numerator && (rc.main || rc.numerator) && (rc.divisor || rc.denominator)) {
      rc.leftOut = `the numerator and the denominator share no cell (${rc.leftOut ?? "nothing to pair"})`;
    }
  }
  return rc;
}

/** How many flagged figures lie under a row without a value, given the flagged figures read. */
type FlaggedUnder = ((flagged: FlaggedFigure[]) => number) | undefined;

/** A row's place, ethnicity and programme (its period is given beside it). */
export type RowKey = Omit<CellKey, "start" | "end">;

/**
 * The `per` count for one row: of the row's programme, else of all programmes; a flow's for the same
 * period, a stock's as src/rules/stock-denominator.ts picks it.
 */
export function divisorOf(
  cells: CellIndex,
  per: string,
  stock: boolean,
  kind: FigureKind,
  place: string,
  ethnicity: string,
  programmes: string[],
  period: [string, string],
): { cell: CellData; programme: string; periodStart: string; periodEnd: string } | undefined {
  for (const programme of programmes) {
    const chosen = stock ? stockPeriodFor(period, cells.periods([per], kind, place, ethnicity, programme)) : period;
    const cell = chosen && cells.get(per, kind, place, ethnicity, programme, chosen[0], chosen[1]);
    if (cell) return { cell, programme, periodStart: chosen[0], periodEnd: chosen[1] };
  }
  return undefined;
}

/** Each side of a ratio: measure and kind of its cells; the denominator's period when it is not the row's. */
interface SideCells {
  numerator: [string, FigureKind];
  denominator: [string, FigureKind];
  denominatorPeriod?: [string, string];
}

const LEFT_OUT_WORDS: Record<"rate" | "per" | "againstPlan", Record<Side, string>> = {
  againstPlan: { NUMERATOR: "actuals without a plan", DENOMINATOR: "plans without actuals" },
  per: { NUMERATOR: "values without a matching count", DENOMINATOR: "counts without a matching value" },
  rate: { NUMERATOR: "numerators without a denominator", DENOMINATOR: "denominators without a numerator" },
};

/**
 * The two sides of a row's ratio over the same cells (src/rules/matched-ratio.ts). A child place
 * whose cells were not read yet is asked for (CellIndex.asked) and reads as empty: the caller
 * reads the asked places and computes again (`readAskedPlaces`).
 */
function matchOver(ref: ReferenceCache, cells: CellIndex, row: CellKey, sides: SideCells): Matched {
  const measures = {
    NUMERATOR: ref.measures.get(sides.numerator[0])!,
    DENOMINATOR: ref.measures.get(sides.denominator[0])!,
  };
  const sideKinds: [MeasureInfo, FigureKind][] = [
    [measures.NUMERATOR, sides.numerator[1]],
    [measures.DENOMINATOR, sides.denominator[1]],
  ];
  const periodOf = (side: Side, k: CellKey): [string, string] =>
    side === "DENOMINATOR" && sides.denominatorPeriod && k.start === row.start && k.end === row.end
      ? sides.denominatorPeriod
      : [k.start, k.end];
  const kept = cells.settledMatches(
    `${sides.numerator}|${sides.denominator}|${sides.denominatorPeriod ?? ""}|${row.place}|${row.ethnicity}|${row.programme}|${row.start}|${row.end}`,
  );
  return matchSides(row, {
    memo: (k, match) => {
      const id = `${k.place}|${k.ethnicity}|${k.programme}|${k.start}|${k.end}`;
      const hit = kept.get(id);
      if (hit) return hit;
      const asksBefore = cells.asks;
      const m = match();
      if (cells.asks === asksBefore) kept.set(id, m);
      return m;
    },
    cell: (side, k) => {
      const [m, kind] = side === "NUMERATOR" ? sides.numerator : sides.denominator;
      if (!cells.isRead(k)) {
        if (!cells.mayHold(ref, measures[side], kind, row, k)) return undefined;
        const [ds, de] = periodOf("DENOMINATOR", k);
        cells.ask(k, {
          ...k,
          denominatorStart: ds,
          denominatorEnd: de,
          numerator: sides.numerator,
          denominator: sides.denominator,
        });
        return undefined;
      }
      const [ps, pe] = periodOf(side, k);
      // the cell itself (a SideCell): a copy per key met cost more than the matching's own work
      return cells.get(m, kind, k.place, k.ethnicity, k.programme, ps, pe);
    },
    // a child key not read where neither side may hold a cell (mayHoldEither) pairs nothing and
    // leaves nothing out: skipped, where matching it cost most of a ratio's matching (against plan:
    // 220 of 310 keys, every sub-programme and sub-group without cells under a row's)
    children: (dimension, k) =>
      childrenOf(dimension, k).filter((c) => cells.isRead(c) || cells.mayHoldEither(ref, sideKinds, row, c)),
    combine: (side, dimension, parts) => combine(combinationOf(measures[side], dimension), parts),
  });

  function childrenOf(dimension: PartsDimension, k: CellKey): CellKey[] {
    switch (dimension) {
      case "PROGRAMME":
        return (ref.programmeChildren.get(k.programme) ?? []).map((programme) => ({
          place: k.place,
          ethnicity: k.ethnicity,
          programme,
          start: k.start,
          end: k.end,
        }));
      case "ETHNICITY":
        return (ref.ethnicityChildren.get(k.ethnicity) ?? []).map((ethnicity) => ({
          place: k.place,
          ethnicity,
          programme: k.programme,
          start: k.start,
          end: k.end,
        }));
      case "PLACE":
        return placesDuring(ref, cells.boundaries, k).map((place) => ({
          place,
          ethnicity: k.ethnicity,
          programme: k.programme,
          start: k.start,
          end: k.end,
        }));
      case "PERIOD":
        return periodsInside(cells, sides, k).map(([start, end]) => ({
          place: k.place,
          ethnicity: k.ethnicity,
          programme: k.programme,
          start,
          end,
        }));
    }
  }
}

/** The child places of a cell's place that existed during its period, in the tree its cells are read from. */
function placesDuring(ref: ReferenceCache, boundaries: BoundaryName, k: CellKey): string[] {
  const parent = ref.places.get(k.place);
  return ref.placeChildrenDuring(parent ? boundaryOf(parent, boundaries) : boundaries, k.place, k.start, k.end);
}

/** The periods strictly inside a cell's period that either side has cells for (a year's quarters). */
function periodsInside(cells: CellIndex, sides: SideCells, k: CellKey): [string, string][] {
  const all = new Set<string>();
  for (const [m, kind] of [sides.numerator, sides.denominator])
    for (const [s, e] of cells.periods([m], kind, k.place, k.ethnicity, k.programme))
      if (k.start <= s && e <= k.end && !(s === k.start && e === k.end)) all.add(`${s}|${e}`);
  return [...all].sort().map((p) => p.split("|") as [string, string]);
}

export function descendantsOf(codes: string[], children: { get(code: string): string[] | undefined }): string[] {
  const out = new Set<string>();
  const visit = (c: string) => {
    if (out.has(c)) return;
    out.add(c);
    for (const x of children.get(c) ?? []) visit(x);
  };
  codes.forEach(visit);
  return [...out];
}

export interface FlaggedFigure {
  measure: string;
  kind: string;
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * The flagged figures of the asked measures (few): a row with no value says when one lies under it.
 * Every flagged figure of the measures and kinds is read once per data version (deps.memo), then
 * narrowed to the places and range here.
 */
export async function flaggedFigures(
  deps: CompareDeps,
  measures: string[],
  kinds: string[],
  places: string[],
  range: { start: string; end: string } | null,
): Promise<FlaggedFigure[]> {
  const ms = [...new Set(measures)].sort();
  const ks = [...new Set(kinds)].sort();
  const all = await (deps.memo ?? NO_MEMO).get(`flagged|${ms.join(",")}|${ks.join(",")}`, async () => {
    const r = await deps.pool.query<FlaggedFigure>({
      name: "flagged-figures",
      text: `SELECT measure_code AS measure, kind::text, place_key AS "placeKey", ethnicity_code AS "ethnicityCode",
                    programme_code AS "programmeCode", period_start::text AS "periodStart", period_end::text AS "periodEnd"
               FROM figure f WHERE measure_code = ANY($1) AND kind = ANY($2::"FigureKind"[]) AND 'IMPLAUSIBLE' = ANY(flags)
                AND ${aggregatedFigureSql("f")}`,
      values: [ms, ks],
    });
    return r.rows;
  });
  if (all.length === 0) return all;
  const wanted = new Set(places);
  return all.filter(
    (f) => wanted.has(f.placeKey) && (range === null || (f.periodStart >= range.start && f.periodEnd <= range.end)),
  );
}

export function isUnder(node: string, ancestor: string, parent: (k: string) => string | undefined): boolean {
  for (let k: string | undefined = node; k !== undefined; k = parent(k)) if (k === ancestor) return true;
  return false;
}

export function measureOf(ref: ReferenceCache, code: string, field: string): MeasureInfo {
  const m = ref.measures.get(code);
  if (!m)
    throw badInput(`unknown measure "${code}" in \`${field}\``, { [field]: code, known: [...ref.measures.keys()] });
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

export function rowMode(ref: ReferenceCache, measure: MeasureInfo, input: CompareInput, kind: FigureKind): RowMode {
  if (input.per && input.againstPlan)
    throw badInput("`per` and `againstPlan` cannot be combined: each makes the value a ratio");
  if (input.per) {
    const per = measureOf(ref, input.per, "per");
    if (measure.aggregation !== "SUM")
      throw badInput(
        `\`per\` divides an additive measure; "${measure.code}" is a ${measure.aggregation.toLowerCase()} measure`,
      );
    if (per.aggregation !== "SUM" || !COUNT_UNITS.has(per.unit)) {
      throw badInput(
        `"${per.code}" is in ${per.unit}: a \`per\` denominator must be a count (persons, households, cards, …)`,
        { per: per.code, unit: per.unit },
      );
    }
    return { kind: "per" };
  }
  if (input.againstPlan) {
    if (kind !== "ACTUAL")
      throw badInput("`againstPlan` compares ACTUAL figures with their plan; leave `kind` unset or ACTUAL");
    return { kind: "againstPlan" };
  }
  return measure.aggregation === "RATIO" ? { kind: "rate", measure } : { kind: "plain" };
}

export function neededCells(
  measure: MeasureInfo,
  input: CompareInput,
  kind: FigureKind,
  mode: RowMode,
): { measures: string[]; kinds: FigureKind[] } {
  const measures = [measure.code];
  if (mode.kind === "rate") measures.push(measure.numeratorCode!, measure.denominatorCode!);
  if (mode.kind === "per") measures.push(input.per!);
  return { measures, kinds: mode.kind === "againstPlan" ? [kind, "PLAN"] : [kind] };
}

/** Rollups answer unless a slice is stale, the rollup was never built, or flagged figures are wanted. */
export async function chooseSource(
  deps: CompareDeps,
  input: CompareInput,
  measures: string[],
  kinds: string[],
  range: { start: string; end: string } | null,
): Promise<CellSource> {
  const facts = () => new FactsSource(deps.pool, deps.ref);
  if (input.source === "FACTS" || input.includeFlagged) return facts();
  if (input.source === "ROLLUP") return new RollupSource(deps.pool, deps.ref);
  const state = await rollupState(deps);
  const dirty = state.dirty.some(
    (d) =>
      measures.includes(d.measure) &&
      kinds.includes(d.kind) &&
      (range === null || (d.periodStart >= range.start && d.periodEnd <= range.end)),
  );
  return state.built && !dirty ? new RollupSource(deps.pool, deps.ref) : facts();
}

/** Whether a full rollup was ever built, and the stale slices: read once per data version. */
interface RollupState {
  built: boolean;
  dirty: { measure: string; kind: string; periodStart: string; periodEnd: string }[];
}

function rollupState(deps: CompareDeps): Promise<RollupState> {
  return (deps.memo ?? NO_MEMO).get("rollup-state", async () => {
    const r = await deps.pool.query({
      name: "rollup-state",
      text: `SELECT EXISTS (SELECT 1 FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL AND error IS NULL) AS built,
                    coalesce((SELECT json_agg(json_build_object('measure', measure_code, 'kind', kind, 'periodStart', period_start,
                                                                 'periodEnd', period_end))
                                FROM rollup_dirty), '[]'::json) AS dirty`,
    });
    return { built: r.rows[0].built, dirty: r.rows[0].dirty };
  });
}

/** The earlier of two computation times (null: none): an answer is as old as the oldest cell it used. */
export function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a < b ? a : b;
}

export class CellIndex {
  /**
   * The cells by "measure|kind|place|group|programme", then by "start|end": one key of five parts
   * built per cell added or looked up, where a key of all seven beside a set of periods built three
   * (a ratio's answer adds cells by the hundred: 562 for the dashboard's per-household question).
   */
  private readonly byPart = new Map<string, Map<string, CellData>>();
  /** The "group|programme" pairs with a cell, by place (see `heldBelow`). */
  private readonly heldAt = new Map<string, Set<string>>();
  private oldest: Date | null = null;
  /** Places read whole (every group and programme asked), and single (place, group, programme) keys read. */
  private readonly readPlaces = new Set<string>();
  private readonly readKeys = new Set<string>();
  private readonly asking = new Map<string, AskedKey>();

  /** `boundaries`: the comparison's (a ratio descends into child places in that tree). */
  constructor(readonly boundaries: BoundaryName = "AS_REPORTED") {}

  /** Places read with every group and programme below their rows' (see `mayHold`). */
  private readonly readBelow = new Set<string>();

  /**
   * The places whose cells were read (a place without cells reads as empty, not as unknown);
   * `below`: with every group and programme under the rows' too.
   */
  markRead(places: Iterable<string>, below = false): void {
    for (const p of places) {
      this.readPlaces.add(p);
      if (below) this.readBelow.add(p);
    }
  }

  /**
   * The rows' keys (places × groups × programmes) read, and below them only which parts hold cells
   * (`hold`): a key under the rows is read when the matching asks for it (see `mayHold`).
   */
  markRowsRead(places: string[], ethnicities: string[], programmes: string[]): void {
    for (const place of places) {
      this.readBelow.add(place);
      for (const ethnicity of ethnicities)
        for (const programme of programmes) this.readKeys.add(askedKey({ place, ethnicity, programme }));
    }
  }

  /** A part known to hold cells, not read: counts for `mayHold`, `heldBelow` and the answer's age. */
  hold(h: HeldPart): void {
    this.heldParts.add(partKey(h.measure, h.kind, h.placeKey, h.ethnicity, h.programme));
    this.holdPair(h.placeKey, h.ethnicity, h.programme);
    this.oldest = earliest(this.oldest, h.computedAt);
  }

  private readonly heldParts = new Set<string>();

  private holdPair(place: string, ethnicity: string, programme: string): void {
    const held = this.heldAt.get(place);
    if (held) held.add(`${ethnicity}|${programme}`);
    else this.heldAt.set(place, new Set([`${ethnicity}|${programme}`]));
  }

  isRead(k: AskedKey): boolean {
    return this.readPlaces.has(k.place) || this.readKeys.has(askedKey(k));
  }

  /**
   * Whether a key below a row read with every group and programme under it may hold a cell of an
   * additive measure: the rollup sums
   * every figure into each place above it, so a group and programme with no cell at the row's place
   * (in any period of the range) has none at the places under it either, in the same tree. A
   * ratio's descent into 56 groups × the sub-programmes of every district asks only for those.
   */
  mayHold(ref: ReferenceCache, measure: MeasureInfo, kind: FigureKind, row: AskedKey, k: AskedKey): boolean {
    if (measure.aggregation !== "SUM" || !this.belowRowInItsTree(ref, row, k)) return true;
    return this.holdsPart(measure, kind, row, k);
  }

  /**
   * Whether either side (measure and kind) may hold a cell at a key below a row not read: `mayHold`
   * of each, the tree compared once and the part looked up only where its group and programme hold
   * a cell at the row's place (`heldAt` holds every held or read part's pair).
   */
  mayHoldEither(ref: ReferenceCache, sides: [MeasureInfo, FigureKind][], row: AskedKey, k: AskedKey): boolean {
    if (sides.some(([m]) => m.aggregation !== "SUM") || !this.belowRowInItsTree(ref, row, k)) return true;
    if (!this.heldAt.get(row.place)?.has(`${k.ethnicity}|${k.programme}`)) return false;
    return sides.some(([m, kind]) => this.holdsPart(m, kind, row, k));
  }

  /**
   * Whether `k` lies below a row read with every group and programme under it, in the row's own tree
   * (where `mayHold`'s reasoning applies).
   */
  private belowRowInItsTree(ref: ReferenceCache, row: AskedKey, k: AskedKey): boolean {
    // no closure here: this runs for every key a matching meets, and a closure made per call cost more than the test
    return (
      this.readBelow.has(row.place) &&
      boundaryOf(ref.places.get(row.place)!, this.boundaries) === boundaryOf(ref.places.get(k.place)!, this.boundaries)
    );
  }

  /** Whether the part of (measure, kind) at the row's place and `k`'s group and programme holds a cell, read or held. */
  private holdsPart(measure: MeasureInfo, kind: FigureKind, row: AskedKey, k: AskedKey): boolean {
    const part = partKey(measure.code, kind, row.place, k.ethnicity, k.programme);
    return this.byPart.has(part) || this.heldParts.has(part);
  }

  /** How many times a cell not read was asked for (a matching that asked nothing is settled). */
  asks = 0;
  private readonly settled = new Map<string, Map<string, Matched>>();

  /**
   * The matchings of one row's ratio whose whole subtree was read, by key: they cannot change as
   * more cells are read (only keys not read before are), so computing again walks only the rest.
   */
  settledMatches(row: string): Map<string, Matched> {
    let kept = this.settled.get(row);
    if (!kept) this.settled.set(row, (kept = new Map()));
    return kept;
  }

  /**
   * A cell a ratio needs from a place not read (a child place it pairs its sides in); `descent`:
   * what the matching pairs there, for a source that follows the descent below it (CellSource.descend).
   */
  ask(k: AskedKey, descent?: DescentStart): void {
    this.asks++;
    this.asking.set(askedKey(k), { place: k.place, ethnicity: k.ethnicity, programme: k.programme });
    if (descent) this.descents.set(descentKey(descent), descent);
  }

  private readonly descents = new Map<string, DescentStart>();

  /** Where the matching asked to go on, since the last call (see `ask`). */
  takeDescents(): DescentStart[] {
    const out = [...this.descents.values()];
    this.descents.clear();
    return out;
  }

  /**
   * The "group|programme" pairs with a cell at any of these places: where a ratio's descent below
   * them may find cells (see `mayHold`).
   */
  heldBelow(places: string[]): string[] {
    const pairs = new Set<string>();
    for (const place of places) for (const pair of this.heldAt.get(place) ?? []) pairs.add(pair);
    return [...pairs];
  }

  /**
   * The cells a descent read (CellSource.descend), in the tree `boundary`: each key it read counts as
   * read, but only where that tree holds the key's place (`isRead` knows no tree: a place read in
   * the other one is read again in its own).
   */
  async readDescent(
    ref: ReferenceCache,
    read: DescentCells | Promise<DescentCells>,
    boundary: BoundaryName,
  ): Promise<CellData[]> {
    const { cells, keys } = await read;
    const inTree = (key: string) => {
      const place = ref.places.get(key);
      return place !== undefined && boundaryOf(place, this.boundaries) === boundary;
    };
    for (const k of keys) if (inTree(k.place)) this.readKeys.add(askedKey(k));
    return cells.filter((c) => inTree(c.placeKey));
  }

  /** The keys asked for and not read yet; they count as read from now on (the caller reads them). */
  takeAsked(): AskedKey[] {
    const out = [...this.asking.values()];
    for (const [k] of this.asking) this.readKeys.add(k);
    this.asking.clear();
    return out;
  }

  add(c: CellData): void {
    const part = partKey(c.measure, c.kind, c.placeKey, c.ethnicity, c.programme);
    const byPeriod = this.byPart.get(part);
    if (byPeriod) byPeriod.set(`${c.periodStart}|${c.periodEnd}`, c);
    else {
      this.byPart.set(part, new Map([[`${c.periodStart}|${c.periodEnd}`, c]]));
      this.holdPair(c.placeKey, c.ethnicity, c.programme);
    }
    this.oldest = earliest(this.oldest, c.computedAt);
  }

  get(m: string, k: string, p: string, e: string, g: string, ps: string, pe: string): CellData | undefined {
    return this.byPart.get(partKey(m, k, p, e, g))?.get(`${ps}|${pe}`);
  }

  /** The reported periods of any of these measures for one place, ethnicity and programme, in order. */
  periods(measures: string[], kind: string, place: string, ethnicity: string, programme: string): [string, string][] {
    const all = new Set<string>();
    for (const m of measures)
      for (const p of this.byPart.get(partKey(m, kind, place, ethnicity, programme))?.keys() ?? []) all.add(p);
    return [...all].sort().map((p) => p.split("|") as [string, string]);
  }

  oldestComputedAt(): Date | null {
    return this.oldest;
  }
}

const askedKey = (k: AskedKey) => `${k.place}|${k.ethnicity}|${k.programme}`;
const descentKey = (d: DescentStart) =>
  `${askedKey(d)}|${d.start}|${d.end}|${d.denominatorStart}|${d.denominatorEnd}|${d.numerator}|${d.denominator}`;

// A template, not a join of rest arguments: a ratio's matching looks cells up by the hundred per row.
const partKey = (m: string, k: string, p: string, e: string, g: string) => `${m}|${k}|${p}|${e}|${g}`;
