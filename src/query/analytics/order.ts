/**
 * orderBy for analytics rows: by a measure's value or by a dimension, ASC or DESC, rows with no
 * value for an ordering measure always last (whatever the direction); ties keep the rows' order.
 */
import type { Decimal } from "decimal.js";
import { badInput } from "../errors.ts";
import type { ReferenceCache } from "../reference-cache.ts";
import type { AnalyticsDimension, AnalyticsRowData, OrderTerm } from "./types.ts";

/** What the order reads of a row: its dimensions and each value (null: no data). */
export type OrderedRow = Pick<
  AnalyticsRowData,
  "placeKey" | "periodStart" | "periodEnd" | "programme" | "ethnicity" | "kind"
> & {
  values: readonly { value: Decimal | null }[];
};

/** A term's sort key, worked out once per row (not once per comparison), and how two keys compare. */
interface Term<K> {
  key(row: OrderedRow): K;
  compare(a: K, b: K): number;
}

/** A value with the nearest double: doubles that differ order their values alike (toNumber is monotone). */
type ValueKey = { value: Decimal; near: number } | null;

// String.localeCompare(other, "vi") is this collator's compare, without building it on every call
const VIETNAMESE = new Intl.Collator("vi");

export function orderRows<R extends OrderedRow>(
  rows: R[],
  terms: OrderTerm[],
  measureNames: string[],
  ref: ReferenceCache,
): R[] {
  if (terms.length === 0) return rows;
  const order = terms.map((t, i) => termOf(t, i, measureNames, ref));
  return rows
    .map((row, i) => ({ row, i, keys: order.map((t) => t.key(row)) }))
    .sort((a, b) => {
      for (let t = 0; t < order.length; t++) {
        const d = order[t].compare(a.keys[t], b.keys[t]);
        if (d !== 0) return d;
      }
      return a.i - b.i;
    })
    .map((x) => x.row);
}

function termOf(t: OrderTerm, i: number, measureNames: string[], ref: ReferenceCache): Term<unknown> {
  if (!!t.measure === !!t.dimension) throw badInput(`orderBy[${i}] needs either a measure or a dimension`);
  const sign = t.direction === "DESC" ? -1 : 1;
  if (t.measure) {
    const m = measureNames.indexOf(t.measure);
    if (m < 0)
      throw badInput(
        `orderBy[${i}] is on "${t.measure}", which the query does not ask for (measures: ${measureNames.join(", ")})`,
      );
    const byValue: Term<ValueKey> = {
      key: (r) => {
        const value = r.values[m].value;
        return value === null ? null : { value, near: value.toNumber() };
      },
      compare: (x, y) => {
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // NO_DATA last, both ways
        if (x.near !== y.near) return x.near < y.near ? -sign : sign;
        return sign * x.value.cmp(y.value);
      },
    };
    return byValue as Term<unknown>;
  }
  const byDimension: Term<string> = {
    key: dimensionKey(t.dimension!, ref),
    compare: (x, y) => sign * VIETNAMESE.compare(x, y),
  };
  return byDimension as Term<unknown>;
}

function dimensionKey(d: AnalyticsDimension, ref: ReferenceCache): (r: OrderedRow) => string {
  switch (d) {
    case "PLACE":
      return (r) => ref.places.get(r.placeKey)?.name ?? r.placeKey;
    case "PERIOD":
      return (r) => `${r.periodStart ?? ""}|${r.periodEnd ?? ""}`;
    case "PROGRAMME":
      return (r) => r.programme;
    case "ETHNICITY":
      return (r) => r.ethnicity;
    case "KIND":
      return (r) => r.kind;
  }
}
