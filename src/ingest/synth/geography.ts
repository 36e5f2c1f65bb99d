/**
 * The places synthetic reports come from, read from the database (after the synthetic districts
 * are ensured), with what the value model needs: district sizes, minority shares, the groups of
 * each region, poverty levels, and how each province reports (only its own totals, only per
 * district, or both).
 */
import type pg from "pg";
import { OLD_UNITS_TO } from "../../reference/places.ts";
import { groupShares, minorityShare } from "./ethnic-mix.ts";
import { gauss, hashString, mix, Weighted } from "./random.ts";

export type ReportingStyle = "PROVINCE_ONLY" | "DISTRICT_ONLY" | "BOTH";

export interface SynthPlace {
  /** Rank of the key among the provinces and districts (0..1023): for cell ids and the load order. */
  index: number;
  /** Stable hash of the key, for noise. */
  hid: number;
  key: string;
  name: string;
  level: "PROVINCE" | "DISTRICT";
  /** "Huyện Bạch Thông", "Tỉnh Lạng Sơn": how a report names it. */
  label: string;
}

export interface District {
  place: SynthPlace;
  province: OldProvince;
  /** Relative size (1 = an average district). */
  size: number;
  /** Relative poverty (1 = the province's level). */
  povertyFactor: number;
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
  districts: District[];
  successor: NewProvince;
  /** Poverty rate (all households) in 2016, before the trend. */
  povertyBase: number;
  style: ReportingStyle;
}

export interface NewProvince extends ProvinceBase {
  members: OldProvince[];
}

export interface Geography {
  old: OldProvince[];
  merged: NewProvince[];
  places: SynthPlace[];
}

/** Cell ids give a place 10 bits (statements.ts). */
const MAX_PLACES = 1024;
/** Poverty rate of a typical province of each region in 2016 (old standard). */
const REGION_POVERTY: Record<string, number> = { NMM: 0.22, CH: 0.13, NCC: 0.09, MD: 0.055, RRD: 0.025, SE: 0.01 };
/** Centrally-run cities are "Thành phố", not "Tỉnh". */
const CITIES = new Set(["01", "31", "48", "79", "92"]);
/** Old synthetic kinds; real districts carry their official type ("Huyện", "Thành phố" …). */
const KIND_WORD: Record<string, string> = { city: "Thành phố", town: "Thị xã", urban: "Quận", district: "Huyện" };
const URBAN = new Set(["city", "Thành phố", "Quận", "Thị xã"]);
/** The synthetic reports speak of 2016 to mid-2025: only districts that existed throughout. */
const SYNTH_FROM = "2016-01-01";

interface PlaceRowDb {
  key: string;
  code: string;
  name: string;
  kind: string | null;
  parent_key: string | null;
  level: string;
  valid_to: string | null;
}

export async function loadGeography(db: Pick<pg.ClientBase, "query">, seed: number): Promise<Geography> {
  const rows = (
    await db.query<PlaceRowDb>(
      `SELECT key, code, name, kind, parent_key, level::text AS level, valid_to::text AS valid_to
       FROM place
      WHERE level = 'PROVINCE' OR (level = 'DISTRICT' AND valid_from <= $1::date AND valid_to = $2::date)
      ORDER BY key`,
      [SYNTH_FROM, OLD_UNITS_TO],
    )
  ).rows;
  const successorOf = new Map(
    (
      await db.query<{ from_key: string; to_key: string }>(
        `SELECT from_key, to_key FROM place_succession s JOIN place p ON p.key = s.from_key AND p.level = 'PROVINCE'`,
      )
    ).rows.map((r) => [r.from_key, r.to_key]),
  );

  if (rows.length > MAX_PLACES)
    throw new Error(`${rows.length} provinces and districts: the synthesizer handles at most ${MAX_PLACES}`);
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
    };
    places.push(p);
    return p;
  };
  const provinceLabel = (code: string, name: string, merged: boolean) =>
    `${CITIES.has(code) || (merged && code === "46") ? "Thành phố" : "Tỉnh"} ${name}`;

  const merged = new Map<string, NewProvince>();
  for (const r of rows.filter((x) => x.level === "PROVINCE" && x.valid_to === null)) {
    merged.set(r.key, {
      place: placeOf(r, provinceLabel(r.code, r.name, true)),
      code: r.code,
      region: regionCode(r.parent_key),
      minority: 0,
      groups: new Weighted([["02", 1]]),
      groupShare: new Map(),
      members: [],
    });
  }
  const old: OldProvince[] = [];
  const oldByKey = new Map<string, OldProvince>();
  for (const r of rows.filter((x) => x.level === "PROVINCE" && x.valid_to === OLD_UNITS_TO)) {
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
  for (const r of rows.filter((x) => x.level === "DISTRICT")) {
    const province = oldByKey.get(r.parent_key ?? "");
    if (!province) continue; // a district under no pre-2025 province (none in the reference)
    const kindWord = KIND_WORD[r.kind ?? ""] ?? r.kind ?? "Huyện";
    const place = placeOf(r, r.name.startsWith(`${kindWord} `) ? r.name : `${kindWord} ${r.name}`); // "Quận 1" has its word
    province.districts.push({
      place,
      province,
      size: Math.min(3, Math.max(0.3, Math.exp(0.45 * gauss(place.hid, 17)) * (URBAN.has(r.kind ?? "") ? 1.3 : 1))),
      povertyFactor: Math.min(
        2,
        Math.max(0.4, Math.exp(0.35 * gauss(place.hid, 19)) * (URBAN.has(r.kind ?? "") ? 0.5 : 1)),
      ),
    });
  }
  const missing = old.find((p) => p.districts.length === 0);
  if (missing) throw new Error(`province ${missing.place.key} has no districts`);
  for (const n of merged.values()) mergeShares(n);
  assignStyles(old, seed);
  return { old, merged: [...merged.values()], places };
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
    const size = p.districts.reduce((s, d) => s + d.size, 0);
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
