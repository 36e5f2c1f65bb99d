export const FIGURE_KINDS = ["ACTUAL", "PLAN", "TARGET"] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

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
  /**
   * The ethnicities and the programmes of the figures that changed: only their cells and their
   * ancestors' in those trees need recomputing. Absent: all of them.
   */
  ethnicities?: string[];
  programmes?: string[];
}

/** What a slice narrows its refresh to, each absent for all. */
export const NARROWING = ["places", "ethnicities", "programmes"] as const;

export function sliceId(s: Slice): string {
  return `${s.measureCode}|${s.kind}|${s.periodStart}|${s.periodEnd}`;
}

/**
 * One entry per slice, places, ethnicities and programmes merged (one absent anywhere stays absent:
 * a slice without places anywhere stays whole).
 */
export function uniqueSlices(slices: Iterable<Slice>): Slice[] {
  const byId = new Map<string, Slice>();
  for (const s of slices) {
    const id = sliceId(s);
    const seen = byId.get(id);
    const merged: Slice = {
      measureCode: s.measureCode,
      kind: s.kind,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
    };
    for (const field of NARROWING) {
      const codes = seen ? mergeCodes(seen[field], s[field]) : s[field] && [...new Set(s[field])].sort();
      if (codes) merged[field] = codes;
    }
    byId.set(id, merged);
  }
  return [...byId.values()].sort((a, b) => sliceId(a).localeCompare(sliceId(b)));
}

function mergeCodes(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  return a && b ? [...new Set([...a, ...b])].sort() : undefined;
}
