/**
 * The places of an analytics query, from selectors read generically off the place tree: explicit
 * references, every unit of a level under a parent (DHIS2's LEVEL-n), a parent's children (and
 * itself), a place group. Units are filtered by validity (a day, or the query's period) and, under
 * CURRENT boundaries, re-expressed in today's units, so the 63 old provinces become the 34 new ones.
 */
import { resolvePlaceRef } from "../../reference/place-ref.ts";
import { NATION_KEY } from "../../reference/places.ts";
import { boundaryOf, reexpress, type BoundaryName } from "../../rules/crosswalk.ts";
import type { PlaceTarget } from "../compare/targets.ts";
import { placeTargets } from "../compare/targets.ts";
import { badInput, notFound } from "../errors.ts";
import type { PlaceInfo, ReferenceCache } from "../reference-cache.ts";
import type { PlaceSelector } from "./types.ts";

export interface Span {
  start: string;
  end: string;
}

/** Members of a place group by code (null: no such group). */
export type GroupMembers = (code: string) => Promise<string[] | null>;

export async function selectPlaces(
  ref: ReferenceCache,
  selectors: PlaceSelector[],
  mode: BoundaryName,
  range: Span | null,
  groups: GroupMembers,
): Promise<PlaceTarget[]> {
  if (selectors.length === 0) throw badInput("`places` needs at least one selector");
  const byKey = new Map<string, PlaceTarget>();
  const add = (t: PlaceTarget) => {
    const known = byKey.get(t.place.key);
    if (!known) byKey.set(t.place.key, t);
    else for (const r of t.requested) if (!known.requested.includes(r)) known.requested.push(r);
  };
  for (const [i, s] of selectors.entries()) {
    const forms = [
      s.keys?.length ? "keys" : null,
      s.level ? "level" : null,
      s.childrenOf ? "childrenOf" : null,
      s.group ? "group" : null,
    ].filter(Boolean);
    if (forms.length !== 1) {
      throw badInput(
        `places[${i}] must use exactly one of keys, level, childrenOf or group (got ${forms.join(", ") || "none"})`,
        { selector: i },
      );
    }
    if (s.within && !s.level) throw badInput(`places[${i}]: \`within\` goes with \`level\``, { selector: i });
    const validity = s.asOf ? day(s.asOf, i) : range;
    if (s.keys?.length) for (const t of placeTargets(ref, s.keys, mode, range, [])) add(t);
    if (s.level)
      for (const p of underLevel(ref, s.level, s.within ?? NATION_KEY, mode, validity, range))
        add(target(ref, p, mode, `${s.level}@${s.within ?? NATION_KEY}`));
    if (s.childrenOf) {
      const parent = resolveOne(ref, s.childrenOf, range);
      if (s.includeParent) add(target(ref, parent, mode, s.childrenOf));
      for (const p of childrenOf(ref, parent, mode, validity)) add(target(ref, p, mode, `children of ${s.childrenOf}`));
    }
    if (s.group) {
      const members = await groups(s.group);
      if (members === null) throw notFound(`no place group "${s.group}"`, { group: s.group });
      for (const k of members) {
        const p = ref.places.get(k);
        if (p && valid(p, validity)) add(target(ref, p, mode, s.group));
      }
    }
  }
  return [...byKey.values()];
}

function target(ref: ReferenceCache, p: PlaceInfo, mode: BoundaryName, requested: string): PlaceTarget {
  const shown = reexpress(p, mode, (k) => (ref.successors.get(k) ?? []).map((s) => ref.places.get(s)!));
  return { place: shown, boundary: boundaryOf(shown, mode), requested: [requested] };
}

function resolveOne(ref: ReferenceCache, text: string, range: Span | null): PlaceInfo {
  const found = resolvePlaceRef(ref.placeIndex, text, range);
  if (!found.ok)
    throw found.notFound
      ? notFound(found.reason, { place: text })
      : badInput(found.reason, { place: text, candidates: found.candidates });
  return ref.places.get(found.place.key)!;
}

/** Every unit of `level` below `within` in the tree that answers for it, valid in `validity`, ordered by code. */
function underLevel(
  ref: ReferenceCache,
  level: string,
  within: string,
  mode: BoundaryName,
  validity: Span | null,
  range: Span | null,
): PlaceInfo[] {
  const root = resolveOne(ref, within, range);
  return unitsUnder(ref, ref.placeChildren[boundaryOf(root, mode)], level, root.key).filter((p) => valid(p, validity));
}

/**
 * Every unit of a level under a place, whatever its validity, ordered by code: kept with the tree it
 * was read from (a reload of the reference tables makes new trees). The walk visits every place down
 * to the level, and each place above it that has none (4,000 for the districts of the country, the
 * 2025 communes under the new provinces included): 2-3 ms of every such question on a loaded machine.
 * Filtering the kept order by validity keeps the order the sort of the valid ones gave (a stable sort).
 */
function unitsUnder(ref: ReferenceCache, tree: Map<string, string[]>, level: string, rootKey: string): PlaceInfo[] {
  let kept = unitsKept.get(tree);
  if (!kept) unitsKept.set(tree, (kept = new Map()));
  const key = `${level}|${rootKey}`;
  const known = kept.get(key);
  if (known) return known;
  const out: PlaceInfo[] = [];
  const seen = new Set<string>([rootKey]);
  const queue = [rootKey];
  for (let next = 0; next < queue.length; next++) {
    for (const c of tree.get(queue[next]) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      const p = ref.places.get(c)!;
      if (p.level === level) out.push(p);
      else queue.push(c);
    }
  }
  out.sort(byCode);
  kept.set(key, out);
  return out;
}

const unitsKept = new WeakMap<Map<string, string[]>, Map<string, PlaceInfo[]>>();

function childrenOf(ref: ReferenceCache, parent: PlaceInfo, mode: BoundaryName, validity: Span | null): PlaceInfo[] {
  const keys = ref.placeChildren[boundaryOf(parent, mode)].get(parent.key) ?? [];
  return keys
    .map((k) => ref.places.get(k)!)
    .filter((p) => valid(p, validity))
    .sort(byCode);
}

const byCode = (a: PlaceInfo, b: PlaceInfo) => a.code.localeCompare(b.code) || a.validFrom.localeCompare(b.validFrom);

const valid = (p: PlaceInfo, span: Span | null) =>
  !span || (p.validFrom <= span.end && (p.validTo === null || p.validTo >= span.start));

function day(text: string, i: number): Span {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
    throw badInput(`places[${i}].asOf must be a date YYYY-MM-DD (got "${text}")`);
  return { start: text, end: text };
}
