/**
 * Resolving a place reference as people write it to exactly one administrative unit.
 *
 * Accepted forms, tried in this order:
 *   "P-80-2008"        a key (case-insensitive): always that unit
 *   "80@2024-01-01"    an official code (or a name) with a date: the unit valid on that day
 *   "80"               an official code, resolved against a period: the one unit with that code
 *                      whose validity covers the whole period ("80" in 2023 is Long An, in 2026 the
 *                      new Tây Ninh; a period straddling the 2025 merger names neither)
 *   "Bạch Thông"       a name, with or without diacritics ("Bach Thong"), optionally after its
 *                      kind ("tỉnh Long An", "huyện Bạch Thông"), unique among the units covering
 *                      the period
 * Without a period a code or name must name exactly one unit of any time. A failed resolution
 * lists the candidate keys so that the caller can pick one.
 */
import type pg from "pg";
import { toAscii } from "./text.ts";

export interface PlaceRef {
  key: string;
  code: string;
  level: string;
  name: string;
  nameAscii: string;
  parentKey: string | null;
  /** "YYYY-MM-DD". */
  validFrom: string;
  /** "YYYY-MM-DD" inclusive, null while still valid. */
  validTo: string | null;
}

export interface PlaceIndex {
  byKey: Map<string, PlaceRef>;
  byCode: Map<string, PlaceRef[]>;
  byName: Map<string, PlaceRef[]>;
  all: PlaceRef[];
}

export interface DateRange {
  start: string;
  end: string;
}

export type PlaceResolution =
  | { ok: true; place: PlaceRef }
  | { ok: false; reason: string; notFound: boolean; candidates: string[] };

export function buildPlaceIndex(places: Iterable<PlaceRef>): PlaceIndex {
  const index: PlaceIndex = { byKey: new Map(), byCode: new Map(), byName: new Map(), all: [] };
  for (const p of places) {
    index.all.push(p);
    index.byKey.set(p.key.toUpperCase(), p);
    push(index.byCode, p.code.toUpperCase(), p);
    push(index.byName, normaliseName(p.name), p);
  }
  return index;
}

/** Reads every place once; callers keep the index (it changes only with the reference data). */
export async function loadPlaceIndex(db: Pick<pg.Pool, "query">): Promise<PlaceIndex> {
  const r = await db.query<PlaceRef>(
    `SELECT key, code, level::text AS level, name, name_ascii AS "nameAscii", parent_key AS "parentKey",
            valid_from::text AS "validFrom", valid_to::text AS "validTo"
       FROM place ORDER BY key`,
  );
  return buildPlaceIndex(r.rows);
}

export function resolvePlaceRef(index: PlaceIndex, ref: string, period: DateRange | null = null): PlaceResolution {
  const text = ref.trim();
  if (!text) return notFound(`empty place reference`);
  const byKey = index.byKey.get(text.toUpperCase());
  if (byKey) return { ok: true, place: byKey };

  const at = /^(.+?)\s*@\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (at) {
    if (!isRealDate(at[2])) return notFound(`"${at[2]}" in "${text}" is not a date (YYYY-MM-DD)`);
    return pick(text, candidatesFor(index, at[1]), { start: at[2], end: at[2] });
  }
  return pick(text, candidatesFor(index, text), period);
}

/** Whether a unit existed during any part of the range (validity overlaps it). */
export function placeValidDuring(p: Pick<PlaceRef, "validFrom" | "validTo">, range: DateRange): boolean {
  return p.validFrom <= range.end && (p.validTo === null || p.validTo >= range.start);
}

/** Whether a unit existed during the whole range. */
export function placeCovers(p: Pick<PlaceRef, "validFrom" | "validTo">, range: DateRange): boolean {
  return p.validFrom <= range.start && (p.validTo === null || p.validTo >= range.end);
}

export function describePlace(p: PlaceRef): string {
  return `${p.key} (${p.name}, ${p.level.toLowerCase()}, ${p.validFrom}..${p.validTo ?? ""})`;
}

// Kind words written before a name; "thành phố" is both a province (Hà Nội) and a district-level city.
const KIND_PREFIXES: [string, string | null][] = [
  ["tinh", "PROVINCE"], ["huyen", "DISTRICT"], ["quan", "DISTRICT"], ["thi xa", "DISTRICT"],
  ["thanh pho", null], ["tp.", null], ["tp", null],
];

function normaliseName(text: string): string {
  return toAscii(text).replace(/\s*-\s*/g, " - ").replace(/[\s_]+/g, " ").trim();
}

/** "tỉnh Long An" → Long An at province level; null when the text starts with no kind word. */
function withoutKind(name: string): { name: string; level: string | null } | null {
  for (const [prefix, level] of KIND_PREFIXES) {
    if (name.startsWith(`${prefix} `)) return { name: name.slice(prefix.length + 1).trim(), level };
  }
  return null;
}

/** Units the text could name regardless of time: by official code, else by name. */
function candidatesFor(index: PlaceIndex, text: string): PlaceRef[] {
  const byCode = index.byCode.get(text.trim().toUpperCase());
  if (byCode) return byCode;
  const name = normaliseName(text);
  if (!name) return [];
  const exact = index.byName.get(name);
  if (exact) return exact;
  // A kind word before the name ("huyện Bạch Thông") only when the whole text is no name itself
  // (Quan Hóa is a district, not "quận Hóa").
  const kind = withoutKind(name);
  if (kind) {
    const hits = index.byName.get(kind.name) ?? looseMatches(index, kind.name);
    return kind.level ? hits.filter((p) => p.level === kind.level) : hits;
  }
  return looseMatches(index, name);
}

/**
 * Loose spellings without diacritics ("Bac Thong" for Bạch Thông): every word a prefix of the
 * name's word in order. Only when nothing matches exactly, and still subject to uniqueness.
 */
function looseMatches(index: PlaceIndex, name: string): PlaceRef[] {
  const words = name.split(" ");
  return index.all.filter((p) => {
    const nameWords = normaliseName(p.name).split(" ");
    return nameWords.length === words.length && words.every((w, i) => nameWords[i].startsWith(w));
  });
}

function pick(text: string, candidates: PlaceRef[], window: DateRange | null): PlaceResolution {
  if (candidates.length === 0) return notFound(`no place with key, code or name "${text}"`);
  const list = (ps: PlaceRef[]) => ps.map(describePlace).join(", ");
  const hint = `use a key or "code@YYYY-MM-DD"`;
  if (!window) {
    if (candidates.length === 1) return { ok: true, place: candidates[0] };
    return ambiguous(`"${text}" names ${candidates.length} units; give a period, ${hint}: ${list(candidates)}`, candidates);
  }
  const during = window.start === window.end ? `on ${window.start}` : `during ${window.start}..${window.end}`;
  const covering = candidates.filter((p) => placeCovers(p, window));
  if (covering.length === 1) return { ok: true, place: covering[0] };
  if (covering.length > 1) return ambiguous(`"${text}" is ambiguous ${during}: it names ${covering.length} units; ${hint}: ${list(covering)}`, covering);
  const overlapping = candidates.filter((p) => placeValidDuring(p, window));
  if (overlapping.length) {
    return ambiguous(`"${text}" names no single unit valid for the whole period ${window.start}..${window.end} (it spans a boundary change); ${hint}: ${list(overlapping)}`, overlapping);
  }
  return { ok: false, notFound: true, reason: `"${text}" names no unit valid ${during}; ${hint}: ${list(candidates)}`, candidates: candidates.map((p) => p.key) };
}

function notFound(reason: string): PlaceResolution {
  return { ok: false, reason, notFound: true, candidates: [] };
}

function ambiguous(reason: string, candidates: PlaceRef[]): PlaceResolution {
  return { ok: false, reason, notFound: false, candidates: candidates.map((p) => p.key) };
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
