import { toAscii } from "../reference/text.ts";
import { badInput } from "./errors.ts";
import { searchPlaceNames, type NameMatch, type PlaceIndex, type PlaceRef } from "../reference/place-ref.ts";
import type { PlaceRecord } from "./rows.ts";

export interface PlaceSearch {
  level?: string | null;
  /** A key or an official code (every unit with that code). */
  parentCode?: string | null;
  /** As reports write it (src/reference/place-ref.ts `searchPlaceNames`): exact, else prefix, else near. */
  name?: string | null;
  /** "YYYY-MM-DD": only units valid on that day. */
  asOf?: string | null;
}

export interface PlaceSearchHit {
  place: PlaceRecord;
  match: NameMatch | null;
  matchedForm: string | null;
}

/**
 * Places matching every given criterion, from the in-memory index: with a name, ranked by the kind
 * of match (then level, then name); without, by level, then code, then validity.
 */
export function findPlaces(index: PlaceIndex, search: PlaceSearch): PlaceSearchHit[] {
  const parentKeys = search.parentCode?.trim() ? parentKeysOf(index, search.parentCode.trim()) : null;
  const keep = (p: PlaceRef) =>
    (!search.level || p.level === search.level) &&
    (!parentKeys || (p.parentKey !== null && parentKeys.has(p.parentKey))) &&
    (!search.asOf || (p.validFrom <= search.asOf && (p.validTo === null || p.validTo >= search.asOf)));
  if (search.name?.trim()) {
    if (search.name.length > MAX_NAME_SEARCH)
      throw badInput(`a name search of ${search.name.length} characters; at most ${MAX_NAME_SEARCH}`);
    return searchPlaceNames(index, search.name, keep).map((h) => ({
      place: asRecord(h.place),
      match: h.match,
      matchedForm: h.matchedForm,
    }));
  }
  return index.all
    .filter(keep)
    .sort(
      (a, b) =>
        LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        a.code.localeCompare(b.code) ||
        a.validFrom.localeCompare(b.validFrom),
    )
    .map((p) => ({ place: asRecord(p), match: null, matchedForm: null }));
}

const LEVELS = ["NATION", "REGION", "PROVINCE", "DISTRICT", "COMMUNE"];

function parentKeysOf(index: PlaceIndex, ref: string): Set<string> {
  const byKey = index.byKey.get(ref.toUpperCase());
  if (byKey) return new Set([byKey.key]);
  return new Set((index.byCode.get(ref.toUpperCase()) ?? []).map((p) => p.key));
}

function asRecord(p: PlaceRef): PlaceRecord {
  return {
    key: p.key,
    code: p.code,
    level: p.level,
    name: p.name,
    nameAscii: p.nameAscii,
    kind: p.kind ?? null,
    parentKey: p.parentKey,
    validFrom: p.validFrom,
    validTo: p.validTo,
  };
}

/** SQL: the unit with alias `alias` is valid on the day in parameter `day`. */
export function validOn(alias: string, day: string): string {
  return `${alias}.valid_from <= ${day}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${day}::date)`;
}

/** The longest place name is under 40 characters; a search may add a province's name. */
export const MAX_NAME_SEARCH = 100;

/**
 * SQL matching a name typed with or without diacritics against an ascii name column: a substring
 * ("thong"), or each typed word the start of consecutive words ("Bac Thong" → "bach thong").
 * Null when the text has nothing to match.
 */
export function nameCondition(
  column: string,
  text: string | null | undefined,
  param: (v: unknown) => string,
): string | null {
  const q = toAscii(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  if (!q) return null;
  // A long text makes a regular expression PostgreSQL works on until the statement timeout.
  if (q.length > MAX_NAME_SEARCH) throw badInput(`a name search of ${q.length} characters; at most ${MAX_NAME_SEARCH}`);
  const words = q.split(" ").map(escapeRegex);
  const wordStarts = `(^|[^a-z0-9])${words.join("[a-z0-9]*[^a-z0-9]+")}`;
  return `(strpos(${column}, ${param(q)}) > 0 OR ${column} ~ ${param(wordStarts)})`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
