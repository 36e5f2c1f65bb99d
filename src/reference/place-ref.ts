/**
 * Resolving a place reference as people write it to exactly one administrative unit.
 *
 * Accepted forms, tried in this order:
 *   "P-80-2008"        a key (case-insensitive): always that unit
 *   "80@2024-01-01"    an official code (or a name) with a date: the unit valid on that day
 *   "80", "063"        an official code, resolved against a period: the one unit with that code
 *                      whose validity covers the whole period ("80" in 2023 is Long An, in 2026 the
 *                      new Tây Ninh; a period straddling the 2025 merger names neither)
 *   "Bạch Thông"       a name as reports write it: with or without diacritics, type word or its
 *                      abbreviation ("huyện", "TX.", "Tp."), apostrophes ' or ’, spaces and hyphens
 *                      ("Đakrông" is "Đa Krông"), and an optional parent after a comma or in
 *                      brackets ("Châu Thành, Long An", "xã Trà Bui (Bắc Trà My)")
 * A name matches only whole (no prefix or fuzzy match ever resolves); a name without a type word
 * names the highest level that has it (the province Lạng Sơn, not its city "TP. Lạng Sơn"). Without a period a code or name
 * must name exactly one unit of any time. A failed resolution lists the candidate keys, or, when
 * nothing matches, the nearest names ("did you mean").
 */
import { distance } from "fastest-levenshtein";
import type pg from "pg";
import { toAscii } from "./text.ts";

export interface PlaceRef {
  key: string;
  code: string;
  level: string;
  name: string;
  nameAscii: string;
  /** Official type word ("Tỉnh", "Huyện", "Thị xã", "Xã" …); null for the nation and regions. */
  kind?: string | null;
  parentKey: string | null;
  /** "YYYY-MM-DD". */
  validFrom: string;
  /** "YYYY-MM-DD" inclusive, null while still valid. */
  validTo: string | null;
}

export interface PlaceIndex {
  byKey: Map<string, PlaceRef>;
  byCode: Map<string, PlaceRef[]>;
  /** Compact name (see `compactName`) → units. */
  byName: Map<string, PlaceRef[]>;
  all: PlaceRef[];
  /** Key → the one unit it continues as unchanged (renamed, retyped, or the same province after 2025). */
  unchangedNext: Map<string, PlaceRef>;
  /** The reverse of `unchangedNext`. */
  unchangedPrevious: Map<string, PlaceRef>;
}

/** One succession: `share` "full" when the whole old unit went in. */
export interface SuccessionLink {
  fromKey: string;
  toKey: string;
  share?: string;
}

export interface DateRange {
  start: string;
  end: string;
}

export type PlaceResolution =
  | { ok: true; place: PlaceRef }
  | { ok: false; reason: string; notFound: boolean; candidates: string[]; suggestions?: string[] };

export interface ResolveOptions {
  /**
   * Keys of units the document is about (its province): a name shared by several units resolves
   * to the one inside them, when exactly one is.
   */
  within?: string[];
}

export function buildPlaceIndex(places: Iterable<PlaceRef>, successions: Iterable<SuccessionLink> = []): PlaceIndex {
  const index: PlaceIndex = {
    byKey: new Map(),
    byCode: new Map(),
    byName: new Map(),
    all: [],
    unchangedNext: new Map(),
    unchangedPrevious: new Map(),
  };
  for (const p of places) {
    index.all.push(p);
    index.byKey.set(p.key.toUpperCase(), p);
    push(index.byCode, p.code.toUpperCase(), p);
    push(index.byName, compactName(p.name), p);
  }
  const next = new Map<string, SuccessionLink[]>();
  const previous = new Map<string, SuccessionLink[]>();
  const levelOf = (k: string) => index.byKey.get(k.toUpperCase())?.level;
  for (const s of successions) {
    // A district going into a 2025 province is not the province continuing: same level only.
    if (levelOf(s.fromKey) !== levelOf(s.toKey)) continue;
    push(next, s.fromKey, s);
    push(previous, s.toKey, s);
  }
  // Unchanged: the old unit went whole into exactly one unit, which has no other predecessor.
  for (const [from, links] of next) {
    const to = links.length === 1 && (links[0].share ?? "full") === "full" ? links[0].toKey : null;
    const target = to ? index.byKey.get(to.toUpperCase()) : undefined;
    const source = index.byKey.get(from.toUpperCase());
    if (target && source && previous.get(to!)?.length === 1) {
      index.unchangedNext.set(from, target);
      index.unchangedPrevious.set(target.key, source);
    }
  }
  return index;
}

/** The index with more places (a document's new groups) added; the index itself is left as it was. */
export function withPlaces(index: PlaceIndex, extra: PlaceRef[]): PlaceIndex {
  if (!extra.length) return index;
  const out: PlaceIndex = {
    ...index,
    byKey: new Map(index.byKey),
    byCode: new Map(index.byCode),
    byName: new Map(index.byName),
    all: [...index.all],
  };
  // new lists, not addTo: the copied maps share their lists with `index`, which must stay as it was
  for (const p of extra) {
    out.all.push(p);
    out.byKey.set(p.key.toUpperCase(), p);
    out.byCode.set(p.code.toUpperCase(), [...(out.byCode.get(p.code.toUpperCase()) ?? []), p]);
    out.byName.set(compactName(p.name), [...(out.byName.get(compactName(p.name)) ?? []), p]);
  }
  return out;
}

/**
 * Whether the unit, continued by its unchanged successors or preceded by its unchanged
 * predecessors (Sơn La before and after 2025, a district that only changed its type), existed
 * during the whole range.
 */
export function coversWithContinuations(index: PlaceIndex, p: PlaceRef, range: DateRange): boolean {
  let from = p.validFrom;
  let to = p.validTo;
  for (
    let at = index.unchangedNext.get(p.key);
    at && to !== null && to < range.end;
    at = index.unchangedNext.get(at.key)
  )
    to = at.validTo;
  for (let at = previousUnchanged(index, p); at && from > range.start; at = previousUnchanged(index, at))
    from = at.validFrom;
  return from <= range.start && (to === null || to >= range.end);
}

function previousUnchanged(index: PlaceIndex, p: PlaceRef): PlaceRef | undefined {
  return index.unchangedPrevious.get(p.key);
}

/**
 * Why a unit cannot carry a figure of the period (null when it can): it must exist (itself or
 * unchanged) during all of it, or at least when the period began: Kiên Giang set targets for
 * 2021-2025 and was merged in mid-2025. A period that begins before the unit existed is refused.
 */
export function periodProblem(index: PlaceIndex, p: PlaceRef, range: DateRange): string | null {
  if (coversWithContinuations(index, p, range) || placeCovers(p, { start: range.start, end: range.start })) return null;
  return `${describePlace(p)} did not exist during ${range.start}..${range.end} (a unit must exist when the period of its figures begins)`;
}

/** Reads every place once; callers keep the index (it changes only with the reference data). */
export async function loadPlaceIndex(db: Pick<pg.Pool, "query">): Promise<PlaceIndex> {
  const { places, successions } = await loadPlaceRows(db);
  return buildPlaceIndex(places, successions);
}

/** The rows the place index is built from: every place and every succession link. */
export async function loadPlaceRows(
  db: Pick<pg.Pool, "query">,
): Promise<{ places: PlaceRef[]; successions: SuccessionLink[] }> {
  const [places, successions] = await Promise.all([
    db.query<PlaceRef>(
      `SELECT key, code, level::text AS level, name, name_ascii AS "nameAscii", kind, parent_key AS "parentKey",
              valid_from::text AS "validFrom", valid_to::text AS "validTo"
         FROM place ORDER BY key`,
    ),
    db.query<SuccessionLink>(`SELECT from_key AS "fromKey", to_key AS "toKey", share FROM place_succession`),
  ]);
  return { places: places.rows, successions: successions.rows };
}

/**
 * A name reduced to what spellings share: no diacritics, no case, no apostrophes, spaces or
 * hyphens ("M’Đrắk" → "mdrak", "Đa Krông" and "Đakrông" → "dakrong", "Phan Rang - Tháp Chàm" →
 * "phanrangthapcham").
 */
export function compactName(text: string): string {
  return toAscii(text).replace(/[^a-z0-9]+/g, "");
}

/** Type words and abbreviations as reports write them (ascii, lower case), longest first. */
const TYPE_WORDS: { words: string[]; levels: string[]; kinds: string[] | null }[] = [
  { words: ["thanh pho", "t.p.", "t.p", "tp.", "tp"], levels: ["PROVINCE", "DISTRICT"], kinds: ["Thành phố"] },
  { words: ["thi xa", "tx.", "tx"], levels: ["DISTRICT"], kinds: ["Thị xã"] },
  { words: ["thi tran", "tt.", "tt"], levels: ["COMMUNE"], kinds: ["Thị trấn"] },
  { words: ["dac khu"], levels: ["COMMUNE"], kinds: ["Đặc khu"] },
  { words: ["huyen", "h."], levels: ["DISTRICT"], kinds: ["Huyện"] },
  { words: ["quan", "q."], levels: ["DISTRICT"], kinds: ["Quận"] },
  { words: ["phuong", "p."], levels: ["COMMUNE"], kinds: ["Phường"] },
  { words: ["xa"], levels: ["COMMUNE"], kinds: ["Xã"] },
  { words: ["tinh"], levels: ["PROVINCE"], kinds: ["Tỉnh"] },
];
const TYPE_PREFIXES = TYPE_WORDS.flatMap((t) => t.words.map((w) => ({ word: w, type: t }))).sort(
  (a, b) => b.word.length - a.word.length,
);

export interface ParsedName {
  /** The name without its type word. */
  name: string;
  /** The type word written, if any. */
  type: (typeof TYPE_WORDS)[number] | null;
  /** Parents written after a comma or in brackets, innermost first. */
  context: string[];
}

/** "xã Trà Bui (Bắc Trà My)" → name "Trà Bui", type Xã, context ["Bắc Trà My"]. */
export function parseName(text: string): ParsedName {
  const context: string[] = [];
  let rest = text.trim();
  const bracket = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(rest);
  if (bracket) {
    rest = bracket[1];
    context.push(bracket[2].trim());
  }
  const parts = rest.split(/\s*,\s*/).filter(Boolean);
  rest = parts.shift() ?? "";
  context.push(...parts);
  const { name, type } = withoutType(rest);
  return { name, type, context };
}

function withoutType(text: string): { name: string; type: ParsedName["type"] } {
  const ascii = toAscii(text);
  for (const p of TYPE_PREFIXES) {
    if (!ascii.startsWith(p.word)) continue;
    const after = ascii.slice(p.word.length);
    // A word ends at a space, or right after an abbreviation's dot ("Tp.Phan Rang").
    if (!(after.startsWith(" ") || (p.word.endsWith(".") && after.length > 0))) continue;
    const name = text.slice(p.word.length).trim();
    if (name) return { name, type: p.type };
  }
  return { name: text.trim(), type: null };
}

export function resolvePlaceRef(
  index: PlaceIndex,
  ref: string,
  period: DateRange | null = null,
  opts: ResolveOptions = {},
): PlaceResolution {
  const text = ref.trim();
  if (!text) return notFound(`empty place reference`);
  const byKey = index.byKey.get(text.toUpperCase());
  if (byKey) return { ok: true, place: byKey };

  const at = /^(.+?)\s*@\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (at) {
    if (!isRealDate(at[2])) return notFound(`"${at[2]}" in "${text}" is not a date (YYYY-MM-DD)`);
    return resolveText(index, at[1], text, { start: at[2], end: at[2] }, opts);
  }
  return resolveText(index, text, text, period, opts);
}

function resolveText(
  index: PlaceIndex,
  text: string,
  shown: string,
  period: DateRange | null,
  opts: ResolveOptions,
): PlaceResolution {
  const byCode = index.byCode.get(text.trim().toUpperCase());
  if (byCode) return pick(index, shown, byCode, period);
  const found = nameCandidates(index, text);
  if (found.error) return notFound(found.error);
  if (found.candidates.length === 0) {
    const suggestions = didYouMean(index, text);
    const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    return {
      ok: false,
      notFound: true,
      reason: `no place with key, code or name "${shown}"${hint}`,
      candidates: [],
      suggestions,
    };
  }
  return pick(index, shown, narrowTo(index, found.candidates, opts.within, period), period);
}

/** Units a written name can denote, whatever the time: by the whole name, else without its type word. */
export function nameCandidates(index: PlaceIndex, text: string): { candidates: PlaceRef[]; error?: string } {
  const parsed = parseName(text);
  const whole = index.byName.get(compactName(text.replace(/\s*[,(].*$/, ""))) ?? [];
  let candidates: PlaceRef[];
  if (parsed.type) {
    const named = index.byName.get(compactName(parsed.name)) ?? [];
    const typed = named.filter((p) => fitsType(p, parsed.type!));
    // A unit keeps its latest type: "huyện Phú Quốc" (a city since 2021) is still the district.
    const levelOnly = named.filter((p) => parsed.type!.levels.includes(p.level));
    // "Quận 1" is a whole official name; "Quan Hóa" a name that merely starts like a type word.
    candidates = typed.length ? typed : whole.length ? preferHigherLevels(whole) : levelOnly;
  } else {
    candidates = preferHigherLevels(whole);
  }
  for (const ctx of parsed.context) {
    const parent = withoutType(ctx);
    const parentName = compactName(parent.name);
    if (!parentName) continue;
    const inside = candidates.filter((p) => ancestors(index, p).some((a) => compactName(a.name) === parentName));
    if (!inside.length && candidates.length) {
      return {
        candidates: [],
        error: `no unit named "${parsed.name}" lies in "${ctx}" (${candidates.length} elsewhere: ${candidates.slice(0, 8).map(describePlace).join(", ")})`,
      };
    }
    candidates = inside;
  }
  return { candidates };
}

function fitsType(p: PlaceRef, type: NonNullable<ParsedName["type"]>): boolean {
  if (!type.levels.includes(p.level)) return false;
  return !type.kinds || !p.kind || type.kinds.includes(p.kind);
}

/**
 * A name without a type word names the highest level that has it: the province before its capital
 * city ("Tây Ninh"; "TP. Tây Ninh" is the city), the district before its town ("M'Đrắk").
 */
function preferHigherLevels(candidates: PlaceRef[]): PlaceRef[] {
  const top = Math.min(...candidates.map((p) => LEVEL_RANK.indexOf(p.level)));
  return candidates.filter((p) => LEVEL_RANK.indexOf(p.level) === top);
}

/** The units above `p` in the tree of its time (parent, grandparent …). */
export function ancestors(index: PlaceIndex, p: PlaceRef): PlaceRef[] {
  const out: PlaceRef[] = [];
  let at = p.parentKey ? index.byKey.get(p.parentKey.toUpperCase()) : undefined;
  while (at && out.length < 8) {
    out.push(at);
    at = at.parentKey ? index.byKey.get(at.parentKey.toUpperCase()) : undefined;
  }
  return out;
}

/** Keeps the candidates inside the document's units when that leaves any for the period. */
function narrowTo(
  index: PlaceIndex,
  candidates: PlaceRef[],
  within: string[] | undefined,
  period: DateRange | null,
): PlaceRef[] {
  if (!within?.length || candidates.length < 2) return candidates;
  const keys = new Set(within.map((k) => k.toUpperCase()));
  const inside = candidates.filter((p) => ancestors(index, p).some((a) => keys.has(a.key.toUpperCase())));
  if (!inside.length) return candidates;
  if (period && !inside.some((p) => placeValidDuring(p, period))) return candidates;
  return inside;
}

const LEVEL_RANK = ["NATION", "REGION", "PROVINCE", "DISTRICT", "COMMUNE", "GROUP"];

/** The nearest names (edit distance on compact names), for a name that matched nothing. */
export function didYouMean(index: PlaceIndex, text: string, limit = 5): string[] {
  const parsed = parseName(text);
  const wanted = compactName(parsed.name);
  if (wanted.length < 2) return [];
  const allowed = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  const scored: { name: string; d: number; level: number }[] = [];
  for (const [compact, units] of index.byName) {
    if (Math.abs(compact.length - wanted.length) > allowed) continue;
    const d = distance(compact, wanted);
    if (d > allowed) continue;
    const top = [...units].sort((a, b) => LEVEL_RANK.indexOf(a.level) - LEVEL_RANK.indexOf(b.level))[0];
    scored.push({ name: top.name, d, level: LEVEL_RANK.indexOf(top.level) });
  }
  // Nearest first; among equally near names, provinces and districts before communes.
  const names = [
    ...new Set(
      scored.sort((a, b) => a.d - b.d || a.level - b.level || a.name.localeCompare(b.name)).map((s) => s.name),
    ),
  ];
  return names.slice(0, limit);
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
  return `${p.key} (${p.kind ? `${p.kind} ` : ""}${p.name}, ${p.level.toLowerCase()}, ${p.validFrom}..${p.validTo ?? ""})`;
}

const MAX_LISTED = 20;

/** Candidates named in an error, at most MAX_LISTED. */
function listed(ps: PlaceRef[]): string {
  return (
    ps.slice(0, MAX_LISTED).map(describePlace).join(", ") + (ps.length > MAX_LISTED ? `, … (${ps.length} in all)` : "")
  );
}

function pick(index: PlaceIndex, text: string, candidates: PlaceRef[], window: DateRange | null): PlaceResolution {
  if (candidates.length === 0) return notFound(`no place with key, code or name "${text}"`);
  const hint = `use a key, "code@YYYY-MM-DD", or add the parent ("Châu Thành, Long An")`;
  if (!window) {
    if (candidates.length === 1) return { ok: true, place: candidates[0] };
    return ambiguous(
      `"${text}" names ${candidates.length} units; give a period, ${hint}: ${listed(candidates)}`,
      candidates,
    );
  }
  const during = window.start === window.end ? `on ${window.start}` : `during ${window.start}..${window.end}`;
  const covering = candidates.filter((p) => placeCovers(p, window));
  if (covering.length === 1) return { ok: true, place: covering[0] };
  if (covering.length > 1)
    return ambiguous(
      `"${text}" is ambiguous ${during}: it names ${covering.length} units; ${hint}: ${listed(covering)}`,
      covering,
    );
  const overlapping = candidates.filter((p) => placeValidDuring(p, window));
  // A unit that did not change across the boundary date (Sơn La in 2021-2025) is the one valid at the start.
  const continued = overlapping.filter((p) => coversWithContinuations(index, p, window));
  const first = continued.filter((p) => !continued.some((q) => index.unchangedNext.get(q.key) === p));
  if (first.length === 1) return { ok: true, place: first[0] };
  if (overlapping.length) {
    return ambiguous(
      `"${text}" names no single unit valid for the whole period ${window.start}..${window.end} (it spans a boundary change); ${hint}: ${listed(overlapping)}`,
      overlapping,
    );
  }
  return {
    ok: false,
    notFound: true,
    reason: `"${text}" names no unit valid ${during}; ${hint}: ${listed(candidates)}`,
    candidates: candidates.map((p) => p.key),
  };
}

function notFound(reason: string): PlaceResolution {
  return { ok: false, reason, notFound: true, candidates: [] };
}

function ambiguous(reason: string, candidates: PlaceRef[]): PlaceResolution {
  return { ok: false, reason, notFound: false, candidates: candidates.map((p) => p.key) };
}

/** Whether the text is a calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export type NameMatch = "EXACT" | "PREFIX" | "FUZZY";

export interface PlaceNameHit {
  place: PlaceRef;
  match: NameMatch;
  /** The form of the unit's name that matched ("Huyện Bạch Thông", "Bạch Thông"). */
  matchedForm: string;
}

/**
 * Places whose name matches `text`, best kind of match only: the exact name (whole, spelling
 * variants aside), else names it begins ("Bac" → "Bạch Thông"; each typed word the start of a word,
 * in order), else, when nothing begins so, the names within a small edit distance. So "Ha Giang"
 * gives Hà Giang and never Hậu Giang. Ranked by level, then name.
 */
export function searchPlaceNames(
  index: PlaceIndex,
  text: string,
  keep: (p: PlaceRef) => boolean = () => true,
): PlaceNameHit[] {
  const parsed = parseName(text);
  const wanted = compactName(parsed.name);
  if (!wanted) return [];
  const words = toAscii(parsed.name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const fits = (p: PlaceRef) => keep(p) && (!parsed.type || fitsType(p, parsed.type));
  const form = (p: PlaceRef) =>
    p.kind && p.level !== "PROVINCE" && !p.name.startsWith(p.kind) ? `${p.kind} ${p.name}` : p.name;
  const hits = (match: NameMatch, ps: PlaceRef[]) =>
    ps
      .filter(fits)
      .sort(byLevelThenName)
      .map((place) => ({ place, match, matchedForm: form(place) }));

  const exact = hits("EXACT", index.byName.get(wanted) ?? []);
  if (exact.length) return exact;
  const prefix = hits(
    "PREFIX",
    index.all.filter((p) => startsLike(p, wanted, words)),
  );
  if (prefix.length) return prefix;
  const allowed = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  const near: PlaceRef[] = [];
  for (const [compact, units] of index.byName) {
    if (Math.abs(compact.length - wanted.length) <= allowed && distance(compact, wanted) <= allowed)
      near.push(...units);
  }
  return hits("FUZZY", near);
}

function startsLike(p: PlaceRef, compact: string, words: string[]): boolean {
  if (compactName(p.name).startsWith(compact)) return true;
  const nameWords = toAscii(p.name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let i = 0; i + words.length <= nameWords.length; i++) {
    if (words.every((w, j) => nameWords[i + j].startsWith(w))) return true;
  }
  return false;
}

function byLevelThenName(a: PlaceRef, b: PlaceRef): number {
  return (
    LEVEL_RANK.indexOf(a.level) - LEVEL_RANK.indexOf(b.level) ||
    a.name.localeCompare(b.name, "vi") ||
    a.validFrom.localeCompare(b.validFrom)
  );
}
