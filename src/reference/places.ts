import { MERGER_DATE } from "../rules/crosswalk.ts";
import { readReferenceCsv } from "./csv.ts";
import { slug, toAscii } from "./text.ts";

export type PlaceLevel = "NATION" | "REGION" | "PROVINCE" | "DISTRICT" | "COMMUNE";
export type Boundary = "AS_REPORTED" | "CURRENT";

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
export interface EdgeRow { boundary: Boundary; childKey: string; parentKey: string }
export interface SuccessionRow { fromKey: string; toKey: string; effective: string }

/** The 63-province configuration dates from the Hà Tây merger into Hà Nội (1 August 2008). */
export const OLD_UNITS_FROM = "2008-08-01";
export const OLD_UNITS_TO = "2025-06-30";

export const NATION_KEY = "VN";
export const regionKey = (code: string) => `R-${code}`;
export const oldProvinceKey = (code: string) => `P-${code}-2008`;
export const newProvinceKey = (code: string) => `P-${code}-2025`;
export const districtKey = (provinceCode: string, name: string) => `D-${provinceCode}-${slug(name)}`;

export interface PlaceReference { places: PlaceRow[]; edges: EdgeRow[]; successions: SuccessionRow[] }

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
  for (const r of readReferenceCsv("provinces-2024.csv")) {
    regionOfOld.set(r.gso_code, r.region_code);
    places.push(place(oldProvinceKey(r.gso_code), r.gso_code, "PROVINCE", r.name, null, regionKey(r.region_code), OLD_UNITS_FROM, OLD_UNITS_TO));
    edges.push({ boundary: "AS_REPORTED", childKey: oldProvinceKey(r.gso_code), parentKey: regionKey(r.region_code) });
  }

  const newSeen = new Set<string>();
  for (const r of readReferenceCsv("provinces-2025-merger.csv")) {
    const to = newProvinceKey(r.new_code);
    if (!newSeen.has(r.new_code)) {
      newSeen.add(r.new_code);
      // A merged province is placed in the region of the old province that hosts its centre
      // (the one whose code it keeps); the 2025 reform did not redraw the regions.
      const region = regionOfOld.get(r.new_code);
      if (!region) throw new Error(`new province ${r.new_code} keeps no old code`);
      places.push(place(to, r.new_code, "PROVINCE", r.new_province, null, regionKey(region), MERGER_DATE, null));
      both(to, regionKey(region));
    }
    successions.push({ fromKey: oldProvinceKey(r.old_gso_code), toKey: to, effective: MERGER_DATE });
    edges.push({ boundary: "CURRENT", childKey: oldProvinceKey(r.old_gso_code), parentKey: to });
  }
  const newProvinceOf = new Map(successions.map((s) => [s.fromKey, s.toKey]));

  for (const r of readReferenceCsv("districts-seed-provinces.csv")) {
    const key = districtKey(r.province_gso_code, r.district);
    const parent = oldProvinceKey(r.province_gso_code);
    places.push(place(key, key.slice(2), "DISTRICT", r.district, r.kind, parent, OLD_UNITS_FROM, OLD_UNITS_TO));
    both(key, parent);
    successions.push({ fromKey: key, toKey: newProvinceOf.get(parent)!, effective: MERGER_DATE });
  }
  return { places, edges, successions };
}

function place(key: string, code: string, level: PlaceLevel, name: string, kind: string | null, parentKey: string | null, validFrom: string, validTo: string | null): PlaceRow {
  return { key, code, level, name, nameAscii: toAscii(name), kind, parentKey, validFrom, validTo };
}
