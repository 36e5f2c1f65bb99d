/**
 * What a question costs to answer, from its shape and the reference tables: the price the query
 * limits charge for `compare` (and any other field that registers a shape: registerWorkShape).
 *
 * ROLLUP answers read one stored cell per row: the price is the rows, places × (children) ×
 * (sub-programmes) × (sub-groups) × periods. FACTS answers (asked for, or forced by includeFlagged)
 * read every figure under each place and shape them in the process: the price follows the places
 * under each requested one, times the same breakdowns, times FACTS_FACTOR. The answer's size is
 * bounded on its own (MAX_ROWS), whatever the source.
 */
import type { ReferenceCache } from "../query/reference-cache.ts";

export const DEFAULT_MAX_ROWS = 10_000;
/** A FACTS answer reads and shapes figures in the API process: dearer per place than a stored cell. */
export const FACTS_FACTOR = 3;
/** Periods a row set spans when the question names none (years of reports, plus sub-year periods). */
export const PERIODS_WITHOUT_PERIOD = 10;
/** Sub-year periods inside a named year (quarters, halves, the year itself). */
export const PERIODS_PER_YEAR = 2;
/** For a place the reference tables do not know by key (a code or a name): a province's size. */
const UNKNOWN_PLACE = { children: 30, cone: 31 };

export type WorkDimension = "ETHNICITY" | "PROGRAMME" | "PERIOD" | "CHILD_PLACE";

/** The shape of a question, as the cost model needs it. */
export interface WorkShape {
  places: string[];
  groupBy?: readonly WorkDimension[] | null;
  period?: string | null;
  programme?: string | null;
  ethnicity?: string | null;
  boundaries?: "AS_REPORTED" | "CURRENT" | null;
  /** True when answered from the figures (source FACTS, includeFlagged). */
  facts: boolean;
}

export interface WorkEstimate {
  /** Rows the answer may hold. */
  rows: number;
  /** Cost units, comparable with GRAPHQL_MAX_COMPLEXITY. */
  cost: number;
}

/** Reference sizes the model reads; a ReferenceCache has them all. */
export type WorkReference = Pick<
  ReferenceCache,
  "places" | "placeChildren" | "programmeChildren" | "ethnicityChildren"
>;

export function estimateWork(shape: WorkShape, ref: WorkReference | null): WorkEstimate {
  const groupBy = new Set(shape.groupBy ?? []);
  const boundary = shape.boundaries ?? "AS_REPORTED";
  const periods = periodCount(shape.period);
  const programmes = groupBy.has("PROGRAMME") ? 1 + descendants(ref?.programmeChildren, shape.programme ?? "ALL") : 1;
  const ethnicities = groupBy.has("ETHNICITY") ? 1 + descendants(ref?.ethnicityChildren, shape.ethnicity ?? "ALL") : 1;
  let rows = 0;
  let facts = 0;
  for (const place of new Set(shape.places)) {
    const known = ref?.places.has(place);
    const children = known ? (ref!.placeChildren[boundary].get(place)?.length ?? 0) : UNKNOWN_PLACE.children;
    const cone = known ? 1 + descendants(ref!.placeChildren[boundary], place) : UNKNOWN_PLACE.cone;
    const placeRows = groupBy.has("CHILD_PLACE") ? 1 + children : 1;
    rows += placeRows * programmes * ethnicities * periods;
    facts += cone * programmes * ethnicities * periods * FACTS_FACTOR;
  }
  return { rows, cost: shape.facts ? Math.max(rows, facts) : rows };
}

/** How many periods a named period may hold rows for: a year range counts its years. */
function periodCount(period: string | null | undefined): number {
  if (!period) return PERIODS_WITHOUT_PERIOD;
  const years = /^(\d{4})\s*-\s*(\d{4})$/.exec(period.trim());
  const span = years ? Math.max(1, Number(years[2]) - Number(years[1]) + 1) : 1;
  return span * PERIODS_PER_YEAR;
}

function descendants(children: Map<string, string[]> | undefined, root: string): number {
  if (!children) return 40; // no reference at hand: a programme tree's size
  let n = 0;
  const stack = [...(children.get(root) ?? [])];
  const seen = new Set<string>();
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    n++;
    stack.push(...(children.get(k) ?? []));
  }
  return n;
}

/** Turns a field's coerced arguments into a WorkShape; registered per "Type.field". */
export type WorkShapeOf = (args: Record<string, any>) => WorkShape | null;

const shapes = new Map<string, WorkShapeOf>();

/** Prices a field by the work its arguments ask for (e.g. registerWorkShape("Query.analytics", …)). */
export function registerWorkShape(field: string, shapeOf: WorkShapeOf): void {
  shapes.set(field, shapeOf);
}

export function workShapeOf(field: string): WorkShapeOf | undefined {
  return shapes.get(field);
}

/** compare(input: CompareInput) */
registerWorkShape(
  "Query.compare",
  ({ input }) =>
    input && {
      places: input.places ?? [],
      groupBy: input.groupBy,
      period: input.period,
      programme: input.programme,
      ethnicity: input.ethnicity,
      boundaries: input.boundaries,
      facts: input.source === "FACTS" || input.includeFlagged === true,
    },
);
