/**
 * orderBy for analytics rows: by a measure's value or by a dimension, ASC or DESC, rows with no
 * value for an ordering measure always last (whatever the direction); ties keep the rows' order.
 */
import { badInput } from "../errors.ts";
import type { ReferenceCache } from "../reference-cache.ts";
import type { AnalyticsDimension, AnalyticsRowData, OrderTerm } from "./types.ts";

/** What the order reads of a row: its dimensions and each value (null: no data). */
export type OrderedRow = Pick<
  AnalyticsRowData,
  "placeKey" | "periodStart" | "periodEnd" | "programme" | "ethnicity" | "kind"
> & {
  values: readonly { value: { cmp(o: unknown): number } | null }[];
};

type Compare = (a: OrderedRow, b: OrderedRow) => number;

export function orderRows<R extends OrderedRow>(
  rows: R[],
  terms: OrderTerm[],
  measureNames: string[],
  ref: ReferenceCache,
): R[] {
  if (terms.length === 0) return rows;
  const comparators = terms.map((t, i) => comparatorOf(t, i, measureNames, ref));
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      for (const c of comparators) {
        const d = c(a.row, b.row);
        if (d !== 0) return d;
      }
      return a.i - b.i;
    })
    .map((x) => x.row);
}

function comparatorOf(t: OrderTerm, i: number, measureNames: string[], ref: ReferenceCache): Compare {
  if (!!t.measure === !!t.dimension) throw badInput(`orderBy[${i}] needs either a measure or a dimension`);
  const sign = t.direction === "DESC" ? -1 : 1;
  if (t.measure) {
    const m = measureNames.indexOf(t.measure);
    if (m < 0)
      throw badInput(
        `orderBy[${i}] is on "${t.measure}", which the query does not ask for (measures: ${measureNames.join(", ")})`,
      );
    return (a, b) => {
      const x = a.values[m].value;
      const y = b.values[m].value;
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // NO_DATA last, both ways
      return sign * x.cmp(y);
    };
  }
  const key = dimensionKey(t.dimension!, ref);
  return (a, b) => sign * key(a).localeCompare(key(b), "vi");
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
