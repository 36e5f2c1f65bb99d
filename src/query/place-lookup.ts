import { toAscii } from "../reference/text.ts";
import type { PlaceInfo, ReferenceCache } from "./reference-cache.ts";

export type PlaceLookup =
  | { ok: true; place: PlaceInfo }
  | { ok: false; reason: string; notFound: boolean; candidates: string[] };

const validDuring = (p: PlaceInfo, start: string, end: string) => p.validFrom <= end && (p.validTo === null || p.validTo >= start);

/**
 * A place reference: its key ("P-80-2008"), an official code with a date ("80@2024-01-01"), an
 * official code alone (resolved against the period: "80" in 2023 is Long An, in 2026 the new Tây
 * Ninh), or a name with or without diacritics when that is unambiguous.
 */
export function resolvePlace(ref: ReferenceCache, text: string, range: { start: string; end: string } | null): PlaceLookup {
  const exact = ref.places.get(text);
  if (exact) return { ok: true, place: exact };
  const at = /^(.+)@(\d{4}-\d{2}-\d{2})$/.exec(text);
  const code = at ? at[1] : text;
  const window = at ? { start: at[2], end: at[2] } : range;
  let candidates = [...ref.places.values()].filter((p) => p.code === code);
  if (candidates.length === 0) {
    const name = toAscii(code);
    candidates = [...ref.places.values()].filter((p) => p.nameAscii === name);
  }
  if (candidates.length === 0) return { ok: false, notFound: true, reason: `no place with key, code or name "${text}"`, candidates: [] };
  const valid = window ? candidates.filter((p) => validDuring(p, window.start, window.end)) : candidates;
  if (valid.length === 1) return { ok: true, place: valid[0] };
  const keys = (valid.length ? valid : candidates).map((p) => `${p.key} (${p.name}, ${p.validFrom}..${p.validTo ?? ""})`);
  const why = valid.length === 0
    ? `"${text}" names no unit valid ${window!.start === window!.end ? `on ${window!.start}` : `during ${window!.start}..${window!.end}`}`
    : `"${text}" is ambiguous${window ? ` for ${window.start}..${window.end}` : ""}: it names ${valid.length} units`;
  return { ok: false, notFound: false, reason: `${why}; use a key or "code@YYYY-MM-DD": ${keys.join(", ")}`, candidates: (valid.length ? valid : candidates).map((p) => p.key) };
}
