import { MERGER_DATE } from "../rules/crosswalk.ts";
import { addTo } from "../rules/lists.ts";
import { readReferenceCsv } from "./csv.ts";
import { slug, toAscii } from "./text.ts";

export type PlaceLevel = "NATION" | "REGION" | "PROVINCE" | "DISTRICT" | "COMMUNE" | "GROUP";
export type Boundary = "AS_REPORTED" | "CURRENT";
/** How much of the old unit went into the new one: all of it, or a part (never a known share). */
export type Share = "full" | "partial";

export interface PlaceRow {
  key: string;
  code: string;
  level: PlaceLevel;
  name: string;
  nameAscii: string;
  kind: string | null;
  parentKey: string | null;
  validFrom: string;
  validTo: string | null;
}
export interface EdgeRow {
  boundary: Boundary;
  childKey: string;
  parentKey: string;
}
export interface SuccessionRow {
  fromKey: string;
  toKey: string;
  effective: string;
  share?: Share;
}

/**
 * The first day the district and commune catalogue can vouch for: the 63-province map dates from the
 * Hà Tây merger into Hà Nội (1 August 2008), and the catalogue's first snapshot is of 2008. A
 * province's own start is older (data/provinces-valid-from.csv): most were already in the map of 1997.
 */
export const OLD_UNITS_FROM = "2008-08-01";
export const OLD_UNITS_TO = "2025-06-30";

export const NATION_KEY = "VN";
export const regionKey = (code: string) => `R-${code}`;
export const oldProvinceKey = (code: string) => `P-${code}-2008`;
export const newProvinceKey = (code: string) => `P-${code}-2025`;
/** "D-06-BACH-THONG": the keys districts had before they carried official codes, kept for every stored figure. */
export const districtKey = (provinceCode: string, name: string) => `D-${provinceCode}-${slug(name)}`;
/** "C-00001-20080801": a commune state is its code and the first day of its validity. */
/** "G-QD353-HUYEN-NGHEO-2021-2025": the place a group's own figures are reported for. */
export const groupPlaceKey = (code: string) => `G-${code}`;
export const communeKey = (code: string, validFrom: string) => `C-${code}-${validFrom.replaceAll("-", "")}`;

/** Centrally-run cities ("Thành phố Hà Nội"); every other province is a "Tỉnh". Huế became one in 2025. */
const CITIES_OLD = new Set(["01", "31", "48", "79", "92"]);
const CITIES_NEW = new Set([...CITIES_OLD, "46"]);
const provinceKind = (code: string, cities: Set<string>) => (cities.has(code) ? "Thành phố" : "Tỉnh");

export interface PlaceReference {
  places: PlaceRow[];
  edges: EdgeRow[];
  successions: SuccessionRow[];
}

/** Type words that open official names ("Huyện Bạch Thông"): the name is kept without them. */
const OFFICIAL_TYPES = ["Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Xã", "Phường", "Đặc khu"];

/**
 * "Huyện Bạch Thông" → "Bạch Thông". Numbered units keep the word ("Quận 1", "Phường 12"): a bare
 * number is no name.
 */
export function bareName(official: string): string {
  const lower = official.toLowerCase();
  for (const t of OFFICIAL_TYPES) {
    if (lower.startsWith(`${t.toLowerCase()} `)) {
      const rest = official.slice(t.length + 1).trim();
      return /^\d+$/.test(rest) ? official : rest;
    }
  }
  return official;
}

/** Kind of a unit as the catalogue writes it ("Thành Phố" → "Thành phố"). */
function typeOf(type: string): string {
  return OFFICIAL_TYPES.find((t) => t.toLowerCase() === type.toLowerCase()) ?? type;
}

/** The day before an exclusive end date ("valid_to" of the catalogue is the next state's first day). */
function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface State {
  code: string;
  provinceCode: string;
  districtCode?: string;
  name: string;
  kind: string;
  validFrom: string;
  validTo: string;
}

/**
 * States of the catalogue within the 63-province period: a state that ended by 1 August 2008 is
 * dropped, a start before it ("at least since" the first snapshot) moves to it, an open state ends
 * the day before the 2025 reform.
 */
function statesOf(file: string, codeColumn: string): State[] {
  const out: State[] = [];
  for (const r of readReferenceCsv(file)) {
    if (r.valid_to && r.valid_to <= OLD_UNITS_FROM) continue;
    out.push({
      code: r[codeColumn],
      provinceCode: r.province_code,
      districtCode: r.district_code,
      name: bareName(r.name),
      kind: typeOf(r.type),
      validFrom: r.valid_from < OLD_UNITS_FROM ? OLD_UNITS_FROM : r.valid_from,
      validTo: r.valid_to ? dayBefore(r.valid_to) : OLD_UNITS_TO,
    });
  }
  return out;
}

/**
 * One unit per code, parent and name: consecutive states that differ only in type (Huyện Phú Quốc
 * became Thành phố Phú Quốc in 2021, Sa Pa flipped between Huyện and Thị xã) are the same territory
 * under the same name, so they stay one place, with the latest type. A rename or a move to another
 * parent starts a new place.
 */
function mergeTypeChanges(states: State[]): State[] {
  const byCode = new Map<string, State[]>();
  for (const s of states) addTo(byCode, s.code, s);
  const out: State[] = [];
  for (const list of byCode.values()) {
    list.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    let current: State | null = null;
    for (const s of list) {
      const same =
        current &&
        current.name === s.name &&
        current.provinceCode === s.provinceCode &&
        current.districtCode === s.districtCode &&
        dayBefore(s.validFrom) === current.validTo;
      if (same) current = { ...current!, kind: s.kind, validTo: s.validTo };
      else {
        if (current) out.push(current);
        current = s;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

/**
 * District keys: "D-<province>-<NAME>" for the state that holds the name last (so every key used
 * before districts had codes still names the same district); an earlier or parallel state of the
 * same name in the province gets its code and first day appended ("D-42-KY-ANH-449-20150831").
 */
function districtKeys(states: State[]): Map<State, string> {
  const groups = new Map<string, State[]>();
  for (const s of states) addTo(groups, districtKey(s.provinceCode, s.name), s);
  const keys = new Map<State, string>();
  for (const [plain, group] of groups) {
    const primary = [...group].sort(
      (a, b) =>
        b.validTo.localeCompare(a.validTo) || a.code.localeCompare(b.code) || b.validFrom.localeCompare(a.validFrom),
    )[0];
    for (const s of group) keys.set(s, s === primary ? plain : `${plain}-${s.code}-${s.validFrom.replaceAll("-", "")}`);
  }
  return keys;
}

/** The state of `code` valid on `day`, else the last one overlapping [from, to]. */
function stateOn<S extends { validFrom: string; validTo: string }>(
  states: S[] | undefined,
  from: string,
  to: string,
): S | undefined {
  if (!states) return undefined;
  return (
    states.find((s) => s.validFrom <= to && s.validTo >= to) ??
    states.filter((s) => s.validFrom <= to && s.validTo >= from).at(-1)
  );
}

/** Builds every place, both hierarchies and the crosswalk from the reference CSVs. */
export function buildPlaceReference(): PlaceReference {
  const places: PlaceRow[] = [];
  const edges: EdgeRow[] = [];
  const successions: SuccessionRow[] = [];
  const both = (childKey: string, parentKey: string) => {
    edges.push({ boundary: "AS_REPORTED", childKey, parentKey }, { boundary: "CURRENT", childKey, parentKey });
  };

  places.push(place(NATION_KEY, "VN", "NATION", "Việt Nam", null, null, "1976-07-02", null));
  for (const r of readReferenceCsv("regions.csv")) {
    places.push(place(regionKey(r.code), r.code, "REGION", r.name, null, NATION_KEY, "1976-07-02", null));
    both(regionKey(r.code), NATION_KEY);
  }

  const regionOfOld = new Map<string, string>();
  const provinceFrom = provinceStarts();
  for (const r of readReferenceCsv("provinces-2024.csv")) {
    regionOfOld.set(r.gso_code, r.region_code);
    places.push(
      place(
        oldProvinceKey(r.gso_code),
        r.gso_code,
        "PROVINCE",
        r.name,
        provinceKind(r.gso_code, CITIES_OLD),
        regionKey(r.region_code),
        provinceFrom.get(r.gso_code)!,
        OLD_UNITS_TO,
      ),
    );
    edges.push({ boundary: "AS_REPORTED", childKey: oldProvinceKey(r.gso_code), parentKey: regionKey(r.region_code) });
  }

  const newSeen = new Set<string>();
  const newProvinceOfOld = new Map<string, string>();
  for (const r of readReferenceCsv("provinces-2025-merger.csv")) {
    const to = newProvinceKey(r.new_code);
    if (!newSeen.has(r.new_code)) {
      newSeen.add(r.new_code);
      // A merged province is placed in the region of the old province that hosts its centre
      // (the one whose code it keeps); the 2025 reform did not redraw the regions.
      const region = regionOfOld.get(r.new_code);
      if (!region) throw new Error(`new province ${r.new_code} keeps no old code`);
      places.push(
        place(
          to,
          r.new_code,
          "PROVINCE",
          r.new_province,
          provinceKind(r.new_code, CITIES_NEW),
          regionKey(region),
          MERGER_DATE,
          null,
        ),
      );
      both(to, regionKey(region));
    }
    newProvinceOfOld.set(r.old_gso_code, to);
    successions.push({ fromKey: oldProvinceKey(r.old_gso_code), toKey: to, effective: MERGER_DATE, share: "full" });
    edges.push({ boundary: "CURRENT", childKey: oldProvinceKey(r.old_gso_code), parentKey: to });
  }

  const districtStates = mergeTypeChanges(statesOf("districts-2008-2025.csv", "district_code"));
  const keyOfDistrict = districtKeys(districtStates);
  const districtsByCode = new Map<string, (State & { key: string })[]>();
  for (const s of districtStates) {
    const key = keyOfDistrict.get(s)!;
    const parent = oldProvinceKey(s.provinceCode);
    places.push(place(key, s.code, "DISTRICT", s.name, s.kind, parent, s.validFrom, s.validTo));
    both(key, parent);
    if (s.validTo === OLD_UNITS_TO)
      successions.push({
        fromKey: key,
        toKey: newProvinceOfOld.get(s.provinceCode)!,
        effective: MERGER_DATE,
        share: "full",
      });
    addTo(districtsByCode, s.code, { ...s, key });
  }

  const communeStates = mergeTypeChanges(statesOf("communes-2008-2025.csv", "commune_code"));
  const communesByCode = new Map<string, (State & { key: string; districtKey: string })[]>();
  for (const s of communeStates) {
    const key = communeKey(s.code, s.validFrom);
    const district = stateOn(districtsByCode.get(s.districtCode!), s.validFrom, s.validTo);
    if (!district)
      throw new Error(`commune ${s.code} (${s.validFrom}) has no district ${s.districtCode} in its period`);
    places.push(place(key, s.code, "COMMUNE", s.name, s.kind, district.key, s.validFrom, s.validTo));
    both(key, district.key);
    addTo(communesByCode, s.code, { ...s, key, districtKey: district.key });
  }
  const districtRenames = sameCodeSuccessions(districtsByCode);
  const continued = new Set(districtRenames.map((s) => s.fromKey));
  const ended = new Set(
    districtStates
      .filter((s) => s.validTo !== OLD_UNITS_TO)
      .map((s) => keyOfDistrict.get(s)!)
      .filter((k) => !continued.has(k)),
  );
  successions.push(
    ...districtRenames,
    ...sameCodeSuccessions(communesByCode),
    ...districtMergers(communesByCode, ended),
  );

  const newCommuneKey = new Map<string, string>();
  for (const r of readReferenceCsv("communes-2025-07-01.csv")) {
    const key = communeKey(r.commune_code, MERGER_DATE);
    const parent = newProvinceKey(r.province_code);
    const kind = OFFICIAL_TYPES.find((t) => r.commune_name.toLowerCase().startsWith(`${t.toLowerCase()} `)) ?? null;
    places.push(place(key, r.commune_code, "COMMUNE", bareName(r.commune_name), kind, parent, MERGER_DATE, null));
    both(key, parent);
    newCommuneKey.set(r.commune_code, key);
  }
  for (const r of readReferenceCsv("commune-crosswalk-2025-07-01.csv")) {
    // Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, …) became special zones whole: their row names the district.
    const old = r.old_commune_code.length === 3 ? districtsByCode : communesByCode;
    const from = old.get(r.old_commune_code)?.find((s) => s.validTo === OLD_UNITS_TO);
    const to = newCommuneKey.get(r.new_commune_code);
    if (!from || !to) throw new Error(`crosswalk row ${r.new_commune_code} ← ${r.old_commune_code} names no unit`);
    successions.push({
      fromKey: from.key,
      toKey: to,
      effective: MERGER_DATE,
      share: r.share === "partial" ? "partial" : "full",
    });
  }
  return { places, edges, successions: uniqueSuccessions(successions) };
}

/** Old province code → the first day of its territory (the key stays "P-<code>-2008" for every stored figure). */
function provinceStarts(): Map<string, string> {
  const starts = new Map<string, string>();
  for (const r of readReferenceCsv("provinces-valid-from.csv")) starts.set(r.gso_code, r.valid_from);
  for (const r of readReferenceCsv("provinces-2024.csv"))
    if (!starts.has(r.gso_code)) throw new Error(`provinces-valid-from.csv: no start for province ${r.gso_code}`);
  return starts;
}

/** A code's consecutive states: the earlier one became the later (renamed, retyped, moved). */
function sameCodeSuccessions(byCode: Map<string, (State & { key: string })[]>): SuccessionRow[] {
  const out: SuccessionRow[] = [];
  for (const states of byCode.values()) {
    const sorted = [...states].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (let i = 1; i < sorted.length; i++) {
      if (dayBefore(sorted[i].validFrom) === sorted[i - 1].validTo) {
        out.push({ fromKey: sorted[i - 1].key, toKey: sorted[i].key, effective: sorted[i].validFrom, share: "full" });
      }
    }
  }
  return out;
}

/**
 * A district whose code ended (Đạ Tẻh into Đạ Huoai) went where its communes went the next day:
 * `full` when they all went to one district, `partial` to each of several.
 */
function districtMergers(
  communes: Map<string, (State & { key: string; districtKey: string })[]>,
  ended: Set<string>,
): SuccessionRow[] {
  const targets = new Map<string, { effective: string; to: Set<string> }>();
  for (const states of communes.values()) {
    const sorted = [...states].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      if (dayBefore(b.validFrom) !== a.validTo || a.districtCode === b.districtCode || !ended.has(a.districtKey))
        continue;
      const t = targets.get(a.districtKey) ?? { effective: b.validFrom, to: new Set<string>() };
      t.to.add(b.districtKey);
      targets.set(a.districtKey, t);
    }
  }
  const out: SuccessionRow[] = [];
  for (const [from, t] of targets) {
    for (const to of t.to)
      out.push({ fromKey: from, toKey: to, effective: t.effective, share: t.to.size === 1 ? "full" : "partial" });
  }
  return out;
}

function uniqueSuccessions(rows: SuccessionRow[]): SuccessionRow[] {
  const seen = new Map<string, SuccessionRow>();
  for (const r of rows) if (!seen.has(`${r.fromKey}>${r.toKey}`)) seen.set(`${r.fromKey}>${r.toKey}`, r);
  return [...seen.values()];
}

function place(
  key: string,
  code: string,
  level: PlaceLevel,
  name: string,
  kind: string | null,
  parentKey: string | null,
  validFrom: string,
  validTo: string | null,
): PlaceRow {
  return { key, code, level, name, nameAscii: toAscii(name), kind, parentKey, validFrom, validTo };
}
