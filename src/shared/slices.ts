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
  /**
   * The places whose figures changed: only they and their ancestors need recomputing. Absent: the
   * whole slice (a change that is not tied to places, or a caller that does not know).
   */
  places?: string[];
}

export function sliceId(s: Slice): string {
  return `${s.measureCode}|${s.kind}|${s.periodStart}|${s.periodEnd}`;
}

/** One entry per slice, places merged (a slice without places anywhere stays whole). */
export function uniqueSlices(slices: Iterable<Slice>): Slice[] {
  const byId = new Map<string, Slice>();
  for (const s of slices) {
    const id = sliceId(s);
    const seen = byId.get(id);
    const places = seen ? mergePlaces(seen.places, s.places) : s.places && [...new Set(s.places)].sort();
    byId.set(id, {
      measureCode: s.measureCode,
      kind: s.kind,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      ...(places ? { places } : {}),
    });
  }
  return [...byId.values()].sort((a, b) => sliceId(a).localeCompare(sliceId(b)));
}

function mergePlaces(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  return a && b ? [...new Set([...a, ...b])].sort() : undefined;
}
