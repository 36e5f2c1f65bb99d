/**
 * Coverage through the levels: how far below a row its figures reach, per child of the row.
 *
 * One level of coverage ("1 of 2": new Thái Nguyên from old Bắc Kạn, not from old Thái Nguyên)
 * hides how much of old Bắc Kạn reported. Leaf coverage counts at the lowest level under the row
 * where a figure stands (the districts, the communes; for ethnicity the single groups), per child
 * of the row: "1 of 8 districts of old Bắc Kạn; none of old Thái Nguyên's 9".
 *
 * For a row node R of a tree (places valid during the period, or ethnic groups) and the set of
 * nodes where a figure of the row's measure, kind, period and other two dimensions stands:
 *   - the leaf depth L is the deepest depth below R of such a node (none below R: no leaf coverage;
 *     a figure for R itself covers R and says nothing about its parts);
 *   - for each child C of R: total = the nodes at depth L under C (C itself when L = 1);
 *     covered = those with a figure on themselves or on an ancestor below R (a district's reported
 *     total covers all of its communes).
 * A branch that ends above depth L counts its last node (Kinh is a single group under ALL, beside
 * DTTS's 53; a unit without subdivisions is its own lowest level).
 */

export interface LeafTree {
  /** The children that count (for places: the units valid during the period). */
  children(node: string): readonly string[];
  parent(node: string): string | null | undefined;
  /** What a node is ("DISTRICT", "COMMUNE", "GROUP"): names the counted level. */
  levelOf(node: string): string;
}

export interface LeafCount {
  /** The row's child the count is for. */
  child: string;
  /** Depth below the row of the counted nodes (1: the children themselves). */
  depth: number;
  /** The level of the counted nodes (null when the child has none at that depth). */
  level: string | null;
  covered: number;
  total: number;
}

/** Depth of `node` below `row` (1 for a child), or null when it is not strictly under it. */
function depthBelow(tree: LeafTree, row: string, node: string): number | null {
  let depth = 0;
  for (let k: string | null | undefined = node; k; k = tree.parent(k)) {
    if (k === row) return depth === 0 ? null : depth;
    depth++;
  }
  return null;
}

export function leafCoverage(tree: LeafTree, row: string, withFigure: ReadonlySet<string>): LeafCount[] {
  let depth = 0;
  for (const node of withFigure) depth = Math.max(depth, depthBelow(tree, row, node) ?? 0);
  if (depth === 0) return [];
  const count = (node: string, below: number, coveredAbove: boolean): Omit<LeafCount, "child" | "depth"> => {
    const covered = coveredAbove || withFigure.has(node);
    const kids = tree.children(node);
    if (below === 0 || kids.length === 0) return { covered: covered ? 1 : 0, total: 1, level: tree.levelOf(node) };
    const sum: Omit<LeafCount, "child" | "depth"> = { covered: 0, total: 0, level: null };
    for (const c of kids) {
      const n = count(c, below - 1, covered);
      sum.covered += n.covered;
      sum.total += n.total;
      sum.level ??= n.level;
    }
    return sum;
  };
  return tree.children(row).map((child) => ({ child, depth, ...count(child, depth - 1, false) }));
}

/** "1 of 8 DISTRICT under P-06-2008; 0 of 9 DISTRICT under P-19-2008": the counts in words. */
export function describeLeafCoverage(counts: readonly LeafCount[]): string {
  return counts.map((c) => `${c.covered} of ${c.total} ${c.level ?? "units"} under ${c.child}`).join("; ");
}
