import { LRUCache } from "lru-cache";
import type pg from "pg";
import {
  MEASURES_BY_POVERTY_STANDARD,
  rowStandards,
  type PovertyStandard,
  type StandardOfFigure,
} from "../../rules/poverty-standard.ts";
import { NO_MEMO, type VersionedMemo } from "../versioned-memo.ts";

/** A row (or an analytics value) whose poverty standards are read from its figures. */
export interface StandardsItem {
  measure: string;
  figureIds: string[];
  flags: string[];
  periodStart: string | null;
  periodEnd: string | null;
  /** Only rows with a value are compared across (a NO_DATA row has no standard to differ). */
  hasValue: boolean;
}

export interface ItemStandards {
  povertyStandards: PovertyStandard[];
  flags: string[];
}

/**
 * The poverty standards behind each item (src/rules/poverty-standard.ts), for the measures whose
 * meaning depends on the standard: `MIXED_POVERTY_STANDARDS` where one item's figures were measured
 * under several, `POVERTY_STANDARDS_DIFFER` on every item with a value when the items of one measure
 * compared side by side are under different standards (a 2015 rate beside a 2022 rate).
 * Other measures get no standard and no flag.
 *
 * `alongside`: more items compared side by side with these (the rows of an analytics answer that
 * are not returned): they count for POVERTY_STANDARDS_DIFFER only. They are asked for, and their
 * figures read, only when the items themselves do not already show two standards for some measure
 * of theirs that depends on the standard (items of any other measure could change no item's flags),
 * and told the standards (joined) the items show for each such measure, the ones still open.
 */
export async function povertyStandardsOf(
  db: Pick<pg.Pool, "query">,
  items: readonly StandardsItem[],
  { alongside = () => [], memo = NO_MEMO }: { alongside?: Alongside; memo?: VersionedMemo } = {},
): Promise<ItemStandards[]> {
  const own = await ownStandards(db, items, memo);
  const seen = standardsSeen(items, own);
  const differs = (measure: string) => (seen.get(measure)?.size ?? 0) > 1;
  const open = new Map([...seen].filter(([measure]) => MEASURES_BY_POVERTY_STANDARD.has(measure) && !differs(measure)));
  const undecided = open.size ? (await alongside(open)).filter((i) => i.hasValue && open.has(i.measure)) : [];
  if (undecided.length)
    for (const [measure, standards] of standardsSeen(undecided, await ownStandards(db, undecided, memo)))
      for (const s of standards) seen.get(measure)!.add(s);
  return items.map((i, n) => ({
    povertyStandards: own[n].standards,
    flags: [
      ...i.flags,
      ...(own[n].mixed ? ["MIXED_POVERTY_STANDARDS"] : []),
      ...(i.hasValue && differs(i.measure) ? ["POVERTY_STANDARDS_DIFFER"] : []),
    ],
  }));
}

/**
 * The items compared alongside (povertyStandardsOf), asked for with the standards shown so far of
 * each measure still open (by the items, joined with "+"; only measures with a value are open).
 */
export type Alongside = (
  open: ReadonlyMap<string, ReadonlySet<string>>,
) => readonly StandardsItem[] | Promise<readonly StandardsItem[]>;

/** Each item's own standards, from its figures (one statement for all). */
async function ownStandards(
  db: Pick<pg.Pool, "query">,
  items: readonly StandardsItem[],
  memo: VersionedMemo,
): Promise<{ standards: PovertyStandard[]; mixed: boolean }[]> {
  const by = items.map((i) => MEASURES_BY_POVERTY_STANDARD.has(i.measure));
  const ids = [...new Set(items.flatMap((i, n) => (by[n] ? i.figureIds : [])))];
  const figures = await standardsOfFigures(db, ids, memo);
  return items.map((i, n) => {
    if (!by[n]) return { standards: [] as PovertyStandard[], mixed: false };
    const period = i.periodStart && i.periodEnd ? { start: i.periodStart, end: i.periodEnd } : null;
    return rowStandards(
      i.figureIds.map((id) => figures.get(id)).filter((f): f is StandardOfFigure => !!f),
      period,
    );
  });
}

/** The standards (joined, one entry per distinct set) of each measure's items with a value. */
function standardsSeen(
  items: readonly StandardsItem[],
  own: readonly { standards: PovertyStandard[] }[],
): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  items.forEach((i, n) => {
    if (!i.hasValue) return;
    if (!seen.has(i.measure)) seen.set(i.measure, new Set());
    seen.get(i.measure)!.add(own[n].standards.join("+"));
  });
  return seen;
}

/** Figures' standards kept per data version (a figure's standard and period change only with the data). */
const FIGURES_KEPT = 200_000;
type KeptStandards = LRUCache<string, StandardOfFigure | "none">;

/**
 * The stated standard and period of each figure, from memory for the figures read since the data
 * last changed (`memo`: src/query/versioned-memo.ts), the others in one statement.
 */
async function standardsOfFigures(
  db: Pick<pg.Pool, "query">,
  ids: string[],
  memo: VersionedMemo,
): Promise<Map<string, StandardOfFigure>> {
  const figures = new Map<string, StandardOfFigure>();
  if (!ids.length) return figures;
  const kept = await memo.get<KeptStandards | null>("poverty-standards-of-figures", async () =>
    // a memo that keeps nothing (no data version, or a request older than a write) would build one per call
    memo.keeps ? new LRUCache({ max: FIGURES_KEPT }) : null,
  );
  const missing: string[] = [];
  for (const id of ids) {
    const k = kept?.get(id);
    if (k === undefined) missing.push(id);
    else if (k !== "none") figures.set(id, k);
  }
  if (!missing.length) return figures;
  // prepared once per connection (named): three of the dashboard's ten questions need it
  const r = await db.query({
    name: "poverty-standards-of-figures",
    text: `SELECT id::text, period_start::text AS start, period_end::text AS "end", poverty_standard::text AS stated
             FROM figure WHERE id = ANY($1::bigint[])`,
    values: [missing],
  });
  for (const x of r.rows) figures.set(x.id, { stated: x.stated, start: x.start, end: x.end });
  if (kept) for (const id of missing) kept.set(id, figures.get(id) ?? "none");
  return figures;
}
