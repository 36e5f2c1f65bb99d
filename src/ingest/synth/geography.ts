/**
 * The places synthetic reports come from, read from the database's reference units: the 63
 * provinces before the 2025 reform with every district and commune of 2016 to mid-2025 (each valid
 * for its own period: a merged or renamed unit is stated only while it exists), and the 34
 * provinces after it with their 3,321 communes, each made of old communes as the 2025 crosswalk
 * says. With them, what the value model needs: sizes (a commune's share of its district; a new
 * commune the old communes it was made of), minority shares, the groups of each region, poverty
 * levels, and how each province reports (only its own totals, only below it, or both).
 */
import type pg from "pg";
import { OLD_UNITS_TO } from "../../reference/places.ts";
import { groupShares, minorityShare } from "./ethnic-mix.ts";
import type { SynthPeriod } from "./periods.ts";
import { gauss, hashString, mix, Weighted } from "./random.ts";
import { addTo } from "../../rules/lists.ts";

export type ReportingStyle = "PROVINCE_ONLY" | "DISTRICT_ONLY" | "BOTH";

/** Places a synthesis can number (cell ids and the load order give a place 16 bits). */
export const PLACE_SPACE = 2 ** 16;

export interface SynthPlace {
  /** Rank of the key among the provinces, districts and communes (below PLACE_SPACE): for cell ids and the load order. */
  index: number;
  /** Stable hash of the key, for noise. */
  hid: number;
  key: string;
  name: string;
  level: "PROVINCE" | "DISTRICT" | "COMMUNE";
  /** "Huyện Bạch Thông", "Tỉnh Lạng Sơn", "Xã Trà Bui, Huyện Bắc Trà My": how a report names it. */
  label: string;
  /** Inclusive ISO days; validTo null while the unit exists. */
  validFrom: string;
  validTo: string | null;
}

export interface District {
  place: SynthPlace;
  province: OldProvince;
  /** Relative size (1 = an average district); a district made of others has their size. */
  size: number;
  /** Relative poverty (1 = the province's level). */
  povertyFactor: number;
  communes: Commune[];
  /** Communes stated for a period (those valid throughout it), by period label. */
  communesByPeriod: Map<string, Commune[]>;
}

/** A commune before the 2025 reform: a share of its district. */
export interface Commune {
  place: SynthPlace;
  district: District;
  /** Its share of the district (the shares of the communes valid on one day add up to about 1). */
  share: number;
}

/** A commune of 2025: the old communes it was made of, a split one by an equal part. */
export interface NewCommune {
  place: SynthPlace;
  province: NewProvince;
  parts: { commune: Commune; weight: number }[];
}

interface ProvinceBase {
  place: SynthPlace;
  code: string;
  region: string;
  /** Share of households from ethnic minorities. */
  minority: number;
  /** Minority groups of the province, for choosing single-group breakdowns. */
  groups: Weighted<string>;
  /** Each minority group's share of the minorities. */
  groupShare: Map<string, number>;
}

export interface OldProvince extends ProvinceBase {
  /** Every district state of 2016 to mid-2025, in key order. */
  districts: District[];
  /** Districts stated for a period (valid throughout it), by period label. */
  districtsByPeriod: Map<string, District[]>;
  /** Districts that make up the province on a day, by day. */
  districtsByDay: Map<string, District[]>;
  successor: NewProvince;
  /** Poverty rate (all households) in 2016, before the trend. */
  povertyBase: number;
  style: ReportingStyle;
}

export interface NewProvince extends ProvinceBase {
  members: OldProvince[];
  communes: NewCommune[];
}

export interface Geography {
  old: OldProvince[];
  merged: NewProvince[];
  places: SynthPlace[];
}

/** Poverty rate of a typical province of each region in 2016 (old standard). */
const REGION_POVERTY: Record<string, number> = { NMM: 0.22, CH: 0.13, NCC: 0.09, MD: 0.055, RRD: 0.025, SE: 0.01 };
/** Centrally-run cities are "Thành phố", not "Tỉnh". */
const CITIES = new Set(["01", "31", "48", "79", "92"]);
const URBAN = new Set(["Thành phố", "Quận", "Thị xã"]);
/** The synthetic reports speak of 2016 to 2025: units that ended before are left out. */
const SYNTH_FROM = "2016-01-01";
/** A district made of a part of another takes this much of its size. */
const PARTIAL_SIZE = 0.5;

interface PlaceRowDb {
  key: string;
  code: string;
  name: string;
  kind: string | null;
  parent_key: string | null;
  level: string;
  valid_from: string;
  valid_to: string | null;
}

interface SuccessionDb {
  from_key: string;
  to_key: string;
  share: string;
}

type Queryable = Pick<pg.ClientBase, "query">;

export async function loadGeography(db: Queryable, seed: number): Promise<Geography> {
  const rows = (
    await db.query<PlaceRowDb>(
      `SELECT key, code, name, kind, parent_key, level::text AS level, valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM place
        WHERE level = 'PROVINCE' OR (level IN ('DISTRICT', 'COMMUNE') AND (valid_to IS NULL OR valid_to >= $1::date))
        ORDER BY key`,
      [SYNTH_FROM],
    )
  ).rows;
  if (rows.length > PLACE_SPACE)
    throw new Error(`${rows.length} provinces, districts and communes: the synthesizer numbers at most ${PLACE_SPACE}`);
  const successions = (
    await db.query<SuccessionDb & { level: string }>(
      `SELECT s.from_key, s.to_key, s.share, p.level::text AS level
         FROM place_succession s JOIN place p ON p.key = s.from_key JOIN place n ON n.key = s.to_key AND n.level = p.level
        WHERE p.level IN ('PROVINCE', 'DISTRICT', 'COMMUNE')
        ORDER BY s.from_key, s.to_key`,
    )
  ).rows;
  const byLevel = (level: string) => successions.filter((s) => s.level === level);
  const rank = new Map(rows.map((r, i) => [r.key, i]));
  const places: SynthPlace[] = [];
  const placeOf = (r: PlaceRowDb, label: string): SynthPlace => {
    const p: SynthPlace = {
      index: rank.get(r.key)!,
      hid: hashString(r.key),
      key: r.key,
      name: r.name,
      level: r.level as SynthPlace["level"],
      label,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    };
    places.push(p);
    return p;
  };
  const provinces = rows.filter((x) => x.level === "PROVINCE");
  const merged = newProvinces(provinces, placeOf);
  const { old, oldByKey } = oldProvinces(provinces, byLevel("PROVINCE"), merged, placeOf);
  const districts = loadDistricts(
    rows.filter((x) => x.level === "DISTRICT"),
    byLevel("DISTRICT"),
    oldByKey,
    placeOf,
  );
  const communes = rows.filter((x) => x.level === "COMMUNE");
  const oldCommunes = loadCommunes(
    communes.filter((x) => x.valid_to !== null),
    districts,
    placeOf,
  );
  loadNewCommunes(
    communes.filter((x) => x.valid_to === null),
    byLevel("COMMUNE"),
    merged,
    oldCommunes,
    placeOf,
  );
  const missing = old.find((p) => !districtsOn(p, OLD_UNITS_TO).length);
  if (missing)
    throw new Error(`province ${missing.place.key} has no districts: reload the reference data (npm run migrate)`);
  for (const n of merged.values()) mergeShares(n);
  assignStyles(old, seed);
  return { old, merged: [...merged.values()], places };
}

type PlaceMaker = (r: PlaceRowDb, label: string) => SynthPlace;

const provinceLabel = (code: string, name: string, merged: boolean) =>
  `${CITIES.has(code) || (merged && code === "46") ? "Thành phố" : "Tỉnh"} ${name}`;

/** "Huyện Bạch Thông"; "Quận 1" has its word already. */
const unitLabel = (r: PlaceRowDb) => {
  const word = r.kind ?? (r.level === "DISTRICT" ? "Huyện" : "Xã");
  return r.name.startsWith(`${word} `) ? r.name : `${word} ${r.name}`;
};

function newProvinces(rows: PlaceRowDb[], placeOf: PlaceMaker): Map<string, NewProvince> {
  const merged = new Map<string, NewProvince>();
  for (const r of rows.filter((x) => x.valid_to === null)) {
    merged.set(r.key, {
      place: placeOf(r, provinceLabel(r.code, r.name, true)),
      code: r.code,
      region: regionCode(r.parent_key),
      minority: 0,
      groups: new Weighted([["02", 1]]),
      groupShare: new Map(),
      members: [],
      communes: [],
    });
  }
  return merged;
}

function oldProvinces(
  rows: PlaceRowDb[],
  successions: SuccessionDb[],
  merged: Map<string, NewProvince>,
  placeOf: PlaceMaker,
): { old: OldProvince[]; oldByKey: Map<string, OldProvince> } {
  const successorOf = new Map(successions.map((s) => [s.from_key, s.to_key]));
  const old: OldProvince[] = [];
  const oldByKey = new Map<string, OldProvince>();
  for (const r of rows.filter((x) => x.valid_to === OLD_UNITS_TO)) {
    const successor = merged.get(successorOf.get(r.key) ?? "");
    if (!successor)
      throw new Error(`province ${r.key} has no 2025 successor: reload the reference data (npm run migrate)`);
    const region = regionCode(r.parent_key);
    const place = placeOf(r, provinceLabel(r.code, r.name, false));
    const shares = groupShares(region);
    const p: OldProvince = {
      place,
      code: r.code,
      region,
      minority: minorityShare(r.code, region),
      groups: new Weighted([...shares]),
      groupShare: shares,
      districts: [],
      districtsByPeriod: new Map(),
      districtsByDay: new Map(),
      successor,
      povertyBase: Math.min(
        0.45,
        Math.max(0.003, (REGION_POVERTY[region] ?? 0.05) * Math.exp(0.35 * gauss(place.hid, 11))),
      ),
      style: "BOTH",
    };
    old.push(p);
    oldByKey.set(r.key, p);
    successor.members.push(p);
  }
  return { old, oldByKey };
}

/**
 * Every district state under a pre-2025 province. A district made of others (a merger, a rename)
 * takes their size, so that its province does not grow or shrink when it forms; the others draw theirs.
 */
function loadDistricts(
  rows: PlaceRowDb[],
  successions: SuccessionDb[],
  oldByKey: Map<string, OldProvince>,
  placeOf: PlaceMaker,
): Map<string, District> {
  const predecessors = new Map<string, SuccessionDb[]>();
  for (const s of successions) addTo(predecessors, s.to_key, s);
  const byKey = new Map<string, District>();
  const inOrder = [...rows].sort((a, b) => a.valid_from.localeCompare(b.valid_from) || a.key.localeCompare(b.key));
  for (const r of inOrder) {
    const province = oldByKey.get(r.parent_key ?? "");
    if (!province) continue; // a district under no pre-2025 province (none in the reference)
    const place = placeOf(r, unitLabel(r));
    const urban = URBAN.has(r.kind ?? "");
    const drawn = Math.min(3, Math.max(0.3, Math.exp(0.45 * gauss(place.hid, 17)) * (urban ? 1.3 : 1)));
    const inherited = (predecessors.get(r.key) ?? [])
      .map((s) => (byKey.get(s.from_key)?.size ?? 0) * (s.share === "partial" ? PARTIAL_SIZE : 1))
      .reduce((a, b) => a + b, 0);
    byKey.set(r.key, {
      place,
      province,
      size: inherited > 0 ? inherited : drawn,
      povertyFactor: Math.min(2, Math.max(0.4, Math.exp(0.35 * gauss(place.hid, 19)) * (urban ? 0.5 : 1))),
      communes: [],
      communesByPeriod: new Map(),
    });
  }
  for (const d of [...byKey.values()].sort((a, b) => a.place.index - b.place.index)) d.province.districts.push(d);
  return byKey;
}

/**
 * The communes of 2016 to mid-2025 under their districts. Each draws a weight; its share is its
 * weight over the weights of its district's communes valid on its last day, so that the communes
 * of a district on any day add up to about the district.
 */
function loadCommunes(rows: PlaceRowDb[], districts: Map<string, District>, placeOf: PlaceMaker): Map<string, Commune> {
  const byKey = new Map<string, Commune>();
  const weights = new Map<Commune, number>();
  for (const r of rows) {
    const district = districts.get(r.parent_key ?? "");
    if (!district) continue; // its district ended before 2016
    const place = placeOf(r, `${unitLabel(r)}, ${district.place.label}`);
    const c: Commune = { place, district, share: 0 };
    weights.set(c, Math.exp(0.5 * gauss(place.hid, 23)) * (r.kind === "Phường" ? 1.4 : 1));
    district.communes.push(c);
    byKey.set(r.key, c);
  }
  for (const d of districts.values()) {
    for (const c of d.communes) {
      const day = c.place.validTo ?? OLD_UNITS_TO;
      const together = d.communes.filter((o) => o.place.validFrom <= day && day <= (o.place.validTo ?? OLD_UNITS_TO));
      c.share = weights.get(c)! / together.reduce((s, o) => s + weights.get(o)!, 0);
    }
  }
  return byKey;
}

/** The communes of 2025, each with the old communes the crosswalk says it was made of. */
function loadNewCommunes(
  rows: PlaceRowDb[],
  successions: SuccessionDb[],
  merged: Map<string, NewProvince>,
  oldCommunes: Map<string, Commune>,
  placeOf: PlaceMaker,
): void {
  const pieces = new Map<string, number>();
  for (const s of successions) pieces.set(s.from_key, (pieces.get(s.from_key) ?? 0) + 1);
  const partsOf = new Map<string, NewCommune["parts"]>();
  for (const s of successions) {
    const commune = oldCommunes.get(s.from_key);
    if (!commune) continue;
    const weight = s.share === "partial" ? 1 / pieces.get(s.from_key)! : 1;
    addTo(partsOf, s.to_key, { commune, weight });
  }
  for (const r of rows) {
    const province = merged.get(r.parent_key ?? "");
    const parts = partsOf.get(r.key);
    if (!province || !parts) continue; // a commune of 2025 with no old commune in the crosswalk (none)
    province.communes.push({ place: placeOf(r, unitLabel(r)), province, parts });
  }
}

const covers = (p: SynthPlace, period: SynthPeriod) =>
  p.validFrom <= period.start && (p.validTo === null || period.end <= p.validTo);

/** The value cached under the key, computed the first time. */
function cached<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

/** The province's districts a report of the period can state: those valid throughout it. */
export function districtsFor(p: OldProvince, period: SynthPeriod): District[] {
  return cached(p.districtsByPeriod, period.label, () => p.districts.filter((d) => covers(d.place, period)));
}

/** The district's communes a report of the period can state. */
export function communesFor(d: District, period: SynthPeriod): Commune[] {
  return cached(d.communesByPeriod, period.label, () => d.communes.filter((c) => covers(c.place, period)));
}

/** The districts that make up the province on a day (its last before the reform, for later days). */
export function districtsOn(p: OldProvince, day: string): District[] {
  const asOf = day > OLD_UNITS_TO ? OLD_UNITS_TO : day;
  return cached(p.districtsByDay, asOf, () =>
    p.districts.filter((d) => d.place.validFrom <= asOf && asOf <= (d.place.validTo ?? OLD_UNITS_TO)),
  );
}

function regionCode(parentKey: string | null): string {
  return (parentKey ?? "R-NMM").replace(/^R-/, "");
}

/** A merged province's minorities: its members', weighted by their size. */
function mergeShares(n: NewProvince): void {
  let households = 0;
  let minority = 0;
  const groups = new Map<string, number>();
  for (const p of n.members) {
    const size = districtsOn(p, OLD_UNITS_TO).reduce((s, d) => s + d.size, 0);
    households += size;
    minority += size * p.minority;
    for (const [g, share] of p.groupShare) groups.set(g, (groups.get(g) ?? 0) + size * p.minority * share);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  n.minority = households ? minority / households : 0;
  n.groupShare = new Map([...groups].map(([g, w]) => [g, w / total]));
  n.groups = new Weighted([...n.groupShare]);
}

/**
 * About a fifth of the provinces state only their own totals, a fifth only district figures, the
 * rest both (often a table of districts with the province's total). Shuffled by the seed.
 */
function assignStyles(old: OldProvince[], seed: number): void {
  const order = [...old].sort(
    (a, b) => mix(seed, a.place.hid) - mix(seed, b.place.hid) || a.place.index - b.place.index,
  );
  const fifth = Math.round(old.length / 5);
  order.forEach((p, i) => {
    p.style = i < fifth ? "PROVINCE_ONLY" : i < 2 * fifth ? "DISTRICT_ONLY" : "BOTH";
  });
}
