export type FigureKind = "ACTUAL" | "PLAN" | "TARGET";

/**
 * The unit of incremental refresh: one measure, kind and period across every place, ethnicity and
 * programme. A cell of any level depends only on facts of its own slice, so recomputing the slices an
 * import touched is exact.
 */
export interface Slice {
  measureCode: string;
  kind: FigureKind;
  periodStart: string;
  periodEnd: string;
}

export function sliceId(s: Slice): string {
  return `${s.measureCode}|${s.kind}|${s.periodStart}|${s.periodEnd}`;
}

export function uniqueSlices(slices: Iterable<Slice>): Slice[] {
  const byId = new Map<string, Slice>();
  for (const s of slices) byId.set(sliceId(s), s);
  return [...byId.values()].sort((a, b) => sliceId(a).localeCompare(sliceId(b)));
}
