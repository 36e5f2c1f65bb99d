import type pg from "pg";
import { buildPlaceIndex, loadPlaceRows, type PlaceIndex, type PlaceRef } from "../reference/place-ref.ts";
import { isNewCommune, type BoundaryName, type CrosswalkPart } from "../rules/crosswalk.ts";

export type { BoundaryName };
/** A place as comparisons use it: the place-reference shape. */
export type PlaceInfo = PlaceRef;

export interface MeasureInfo {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  aggregation: "SUM" | "RATIO" | "NONE";
  numeratorCode: string | null;
  denominatorCode: string | null;
  flow: boolean;
  addsOverProgrammes: boolean;
  appliesTo: string[] | null;
  occasionOf: string | null;
}

/**
 * The reference tables in memory: small (a few thousand rows even with every district), read on
 * every comparison, changed only by reference loads. Reloaded when `version` changes.
 */
export class ReferenceCache {
  places = new Map<string, PlaceInfo>();
  measures = new Map<string, MeasureInfo>();
  programmeParent = new Map<string, string | null>();
  programmeChildren = new Map<string, string[]>();
  ethnicityParent = new Map<string, string | null>();
  ethnicityChildren = new Map<string, string[]>();
  /** boundary → parent → children */
  placeChildren: Record<BoundaryName, Map<string, string[]>> = { AS_REPORTED: new Map(), CURRENT: new Map() };
  placeParent: Record<BoundaryName, Map<string, string>> = { AS_REPORTED: new Map(), CURRENT: new Map() };
  successors = new Map<string, string[]>();
  /** 2025 commune → the old communes (or island district) that went into it, `full` or `partial`. */
  crosswalkParts = new Map<string, CrosswalkPart[]>();
  placeIndex: PlaceIndex = buildPlaceIndex([]);
  private loadedAt = 0;

  static async load(db: Pick<pg.Pool, "query">): Promise<ReferenceCache> {
    const c = new ReferenceCache();
    await c.reload(db);
    return c;
  }

  async reload(db: Pick<pg.Pool, "query">): Promise<void> {
    const [{ places, successions }, edges, programmes, ethnicities, measures] = await Promise.all([
      loadPlaceRows(db),
      db.query(`SELECT boundary::text, child_key, parent_key FROM place_edge`),
      db.query(`SELECT code, parent_code FROM programme`),
      db.query(`SELECT code, parent_code FROM ethnicity`),
      db.query(`SELECT code, name, name_en, unit, aggregation::text, numerator_code, denominator_code, flow,
        adds_over_programmes, applies_to, occasion_of FROM measure`),
    ]);
    const placeIndex = buildPlaceIndex(places, successions);
    this.placeIndex = placeIndex;
    this.places = new Map(placeIndex.all.map((p) => [p.key, p]));
    this.placeChildren = { AS_REPORTED: new Map(), CURRENT: new Map() };
    this.placeParent = { AS_REPORTED: new Map(), CURRENT: new Map() };
    for (const e of edges.rows) {
      const b = e.boundary as BoundaryName;
      push(this.placeChildren[b], e.parent_key, e.child_key);
      this.placeParent[b].set(e.child_key, e.parent_key);
    }
    this.successors = new Map();
    for (const s of successions) push(this.successors, s.fromKey, s.toKey);
    this.crosswalkParts = new Map();
    for (const s of successions) {
      const from = this.places.get(s.fromKey);
      const to = this.places.get(s.toKey);
      // island districts without communes (Bạch Long Vĩ, Cồn Cỏ) became special zones whole
      const old = from && (from.level === "DISTRICT" || (from.level === "COMMUNE" && !isNewCommune(from)));
      if (old && to && isNewCommune(to))
        push(this.crosswalkParts, s.toKey, { fromKey: s.fromKey, share: s.share === "partial" ? "partial" : "full" });
    }
    this.programmeParent = new Map(programmes.rows.map((r) => [r.code, r.parent_code]));
    this.programmeChildren = new Map();
    for (const r of programmes.rows) if (r.parent_code) push(this.programmeChildren, r.parent_code, r.code);
    this.ethnicityParent = new Map(ethnicities.rows.map((r) => [r.code, r.parent_code]));
    this.ethnicityChildren = new Map();
    for (const r of ethnicities.rows) if (r.parent_code) push(this.ethnicityChildren, r.parent_code, r.code);
    this.measures = new Map(
      measures.rows.map((r) => [
        r.code,
        {
          code: r.code,
          name: r.name,
          nameEn: r.name_en,
          unit: r.unit,
          aggregation: r.aggregation,
          numeratorCode: r.numerator_code,
          denominatorCode: r.denominator_code,
          flow: r.flow,
          addsOverProgrammes: r.adds_over_programmes,
          appliesTo: r.applies_to,
          occasionOf: r.occasion_of,
        },
      ]),
    );
    this.loadedAt = Date.now();
  }

  get age(): number {
    return Date.now() - this.loadedAt;
  }

  /**
   * Children of a place that count for coverage: the units valid during the period, in either tree
   * (under CURRENT a 2025 province has its old provinces for 2022 and its communes for 2026).
   */
  placeChildCount(boundary: BoundaryName, key: string, start: string, end: string): number {
    return this.placeChildrenDuring(boundary, key, start, end).length;
  }

  /** The children of a place that existed during the period (see placeChildCount). */
  placeChildrenDuring(boundary: BoundaryName, key: string, start: string, end: string): string[] {
    const children = this.placeChildren[boundary].get(key) ?? [];
    return children.filter((k) => {
      const p = this.places.get(k)!;
      return p.validFrom <= end && (p.validTo === null || p.validTo >= start);
    });
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
