import { boundaryOf, reexpress } from "../../rules/crosswalk.ts";
import { badInput, notFound } from "../errors.ts";
import type { BoundaryName, PlaceInfo, ReferenceCache } from "../reference-cache.ts";
import { resolvePlaceRef } from "../../reference/place-ref.ts";
import type { CompareDimension } from "./types.ts";

export interface PlaceTarget {
  place: PlaceInfo;
  /** Which stored tree answers for this place (src/rules/crosswalk.ts). */
  boundary: BoundaryName;
  requested: string[];
}

/** The places of the rows: resolved, re-expressed in 2025 units under CURRENT, or their children. */
export function placeTargets(
  ref: ReferenceCache,
  refs: string[],
  mode: BoundaryName,
  range: { start: string; end: string } | null,
  groupBy: CompareDimension[],
): PlaceTarget[] {
  if (refs.length === 0) throw badInput("`places` needs at least one place code");
  const byKey = new Map<string, PlaceTarget>();
  const add = (place: PlaceInfo, requested: string) => {
    const t = byKey.get(place.key);
    if (t) {
      if (!t.requested.includes(requested)) t.requested.push(requested);
      return;
    }
    byKey.set(place.key, { place, boundary: boundaryOf(place, mode), requested: [requested] });
  };
  for (const r of refs) {
    const found = resolvePlaceRef(ref.placeIndex, r, range);
    if (!found.ok)
      throw found.notFound
        ? notFound(found.reason, { place: r })
        : badInput(found.reason, { place: r, candidates: found.candidates });
    add(
      reexpress(ref.places.get(found.place.key)!, mode, (k) =>
        (ref.successors.get(k) ?? []).map((s) => ref.places.get(s)!),
      ),
      r,
    );
  }
  if (!groupBy.includes("CHILD_PLACE")) return [...byKey.values()];
  const children: PlaceTarget[] = [];
  for (const t of byKey.values()) {
    for (const k of ref.placeChildren[t.boundary].get(t.place.key) ?? []) {
      const child = ref.places.get(k)!;
      if (
        t.boundary === "AS_REPORTED" &&
        range &&
        !(child.validFrom <= range.end && (child.validTo === null || child.validTo >= range.start))
      )
        continue;
      children.push({ place: child, boundary: boundaryOf(child, mode), requested: t.requested });
    }
  }
  return children;
}

export function codesOf(
  kind: "ethnicity" | "programme",
  ref: ReferenceCache,
  code: string,
  groupBy: CompareDimension[],
): string[] {
  const parents = kind === "ethnicity" ? ref.ethnicityParent : ref.programmeParent;
  if (!parents.has(code)) throw badInput(`unknown ${kind} "${code}"`, { [kind]: code });
  const dimension: CompareDimension = kind === "ethnicity" ? "ETHNICITY" : "PROGRAMME";
  if (!groupBy.includes(dimension)) return [code];
  const children = (kind === "ethnicity" ? ref.ethnicityChildren : ref.programmeChildren).get(code) ?? [];
  if (children.length === 0)
    throw badInput(`${kind} "${code}" has no sub-${kind === "ethnicity" ? "groups" : "programmes"} to group by`);
  return children;
}
