/**
 * Per-request DataLoaders: every relation of a page of figures or places costs one query per
 * relation, not one per row. Created with the context, so nothing is cached across requests.
 */
import DataLoader from "dataloader";
import type pg from "pg";
import { auditTrails, type AuditEntry } from "../query/documents.ts";
import {
  columns,
  DOCUMENT_COLUMNS,
  ETHNICITY_COLUMNS,
  FIGURE_COLUMNS,
  MEASURE_COLUMNS,
  PLACE_COLUMNS,
  PROGRAMME_COLUMNS,
  type DocumentRow,
  type EthnicityRecord,
  type FigureRow,
  type MeasureRecord,
  type PlaceRecord,
  type ProgrammeRecord,
} from "../query/rows.ts";

type Db = Pick<pg.Pool, "query">;

export interface Loaders {
  place: DataLoader<string, PlaceRecord | null>;
  placeChildren: DataLoader<string, PlaceRecord[]>;
  successors: DataLoader<string, PlaceRecord[]>;
  predecessors: DataLoader<string, PlaceRecord[]>;
  successorLinks: DataLoader<string, PlaceLinkRecord[]>;
  predecessorLinks: DataLoader<string, PlaceLinkRecord[]>;
  programme: DataLoader<string, ProgrammeRecord | null>;
  programmeChildren: DataLoader<string, ProgrammeRecord[]>;
  measure: DataLoader<string, MeasureRecord | null>;
  ethnicity: DataLoader<string, EthnicityRecord | null>;
  document: DataLoader<number, DocumentRow | null>;
  /** Provenance of comparison rows: a figure's document and quote, by figure id. */
  figureQuote: DataLoader<string, FigureQuote | null>;
  /** How many figures a document has, by document id. */
  documentFigureCount: DataLoader<number, number>;
  /** A document's figures (flagged ones too), by document id. */
  documentFigures: DataLoader<number, FigureRow[]>;
  /** What a document states but could not be recorded, with the reason, by document id. */
  documentNotRecorded: DataLoader<number, NotRecordedRow[]>;
  /** The audit trail of a figure, by "documentId|figureKey". */
  figureHistory: DataLoader<string, AuditEntry[]>;
}

export interface NotRecordedRow {
  documentId: number;
  text: string;
  quote: string;
  reason: string;
}

export interface PlaceLinkRecord {
  place: PlaceRecord;
  share: string;
  effective: string;
}

export interface FigureQuote {
  id: string;
  documentId: number;
  quote: string;
}

/** How each loader is made for a connection pool. */
const LOADER_FACTORIES: { [K in keyof Loaders]: (db: Db) => Loaders[K] } = {
  place: (db) =>
    byKey(db, `SELECT ${columns(PLACE_COLUMNS)} FROM place WHERE key = ANY($1::text[])`, (p: PlaceRecord) => p.key),
  placeChildren: (db) =>
    grouped(
      db,
      `SELECT ${columns(PLACE_COLUMNS)} FROM place WHERE parent_key = ANY($1::text[]) ORDER BY level, code, valid_from`,
      (p: PlaceRecord) => p.parentKey!,
    ),
  successors: (db) =>
    grouped(
      db,
      `SELECT s.from_key AS "groupKey", ${columns(PLACE_COLUMNS, "p")} FROM place_succession s JOIN place p ON p.key = s.to_key
        WHERE s.from_key = ANY($1::text[]) ORDER BY p.key`,
      (p: PlaceRecord & { groupKey: string }) => p.groupKey,
    ),
  predecessors: (db) =>
    grouped(
      db,
      `SELECT s.to_key AS "groupKey", ${columns(PLACE_COLUMNS, "p")} FROM place_succession s JOIN place p ON p.key = s.from_key
        WHERE s.to_key = ANY($1::text[]) ORDER BY p.key`,
      (p: PlaceRecord & { groupKey: string }) => p.groupKey,
    ),
  successorLinks: (db) => links(db, "from_key", "to_key"),
  predecessorLinks: (db) => links(db, "to_key", "from_key"),
  programme: (db) =>
    byKey(
      db,
      `SELECT ${columns(PROGRAMME_COLUMNS)} FROM programme WHERE code = ANY($1::text[])`,
      (p: ProgrammeRecord) => p.code,
    ),
  programmeChildren: (db) =>
    grouped(
      db,
      `SELECT ${columns(PROGRAMME_COLUMNS)} FROM programme WHERE parent_code = ANY($1::text[]) ORDER BY code`,
      (p: ProgrammeRecord) => p.parentCode!,
    ),
  measure: (db) =>
    byKey(
      db,
      `SELECT ${columns(MEASURE_COLUMNS)} FROM measure WHERE code = ANY($1::text[])`,
      (m: MeasureRecord) => m.code,
    ),
  ethnicity: (db) =>
    byKey(
      db,
      `SELECT ${columns(ETHNICITY_COLUMNS)} FROM ethnicity WHERE code = ANY($1::text[])`,
      (e: EthnicityRecord) => e.code,
    ),
  document: (db) =>
    byKey(db, `SELECT ${columns(DOCUMENT_COLUMNS)} FROM document WHERE id = ANY($1::int[])`, (d: DocumentRow) => d.id),
  figureQuote: (db) =>
    byKey(
      db,
      `SELECT id::text AS id, document_id AS "documentId", quote FROM figure WHERE id = ANY($1::bigint[])`,
      (f: FigureQuote) => f.id,
    ),
  documentFigureCount: (db) =>
    new DataLoader<number, number>(async (ids) => {
      const r = await db.query(
        `SELECT document_id, count(*)::int AS n FROM figure WHERE document_id = ANY($1::int[]) GROUP BY document_id`,
        [ids],
      );
      const counts = new Map(r.rows.map((x) => [x.document_id as number, x.n as number]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  documentFigures: (db) =>
    grouped(
      db,
      `SELECT ${columns(FIGURE_COLUMNS)} FROM figure WHERE document_id = ANY($1::int[]) ORDER BY id`,
      (f: FigureRow) => f.documentId,
    ),
  documentNotRecorded: (db) =>
    grouped(
      db,
      `SELECT document_id AS "documentId", text, quote, reason FROM not_recorded_figure
        WHERE document_id = ANY($1::int[]) ORDER BY id`,
      (n: NotRecordedRow) => n.documentId,
    ),
  figureHistory: (db) =>
    new DataLoader<string, AuditEntry[]>((keys) =>
      auditTrails(
        db,
        keys.map((k) => {
          const [documentId, ...rest] = k.split("|");
          return { documentId: Number(documentId), figureKey: rest.join("|") };
        }),
      ),
    ),
};

/**
 * Loaders made when a resolver first reads them, then kept for the request: most requests (a
 * comparison) use none of them, and a context is built for every request.
 */
class LazyLoaders {
  constructor(readonly db: Db) {}
}
for (const [name, make] of Object.entries(LOADER_FACTORIES) as [keyof Loaders, (db: Db) => unknown][]) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      const loader = make(this.db);
      Object.defineProperty(this, name, { value: loader, enumerable: true });
      return loader;
    },
  });
}

export function createLoaders(db: Db): Loaders {
  return new LazyLoaders(db) as unknown as Loaders;
}

/** One row per key (or null); `sql` takes the key array as $1. */
function byKey<K, T extends object>(db: Db, sql: string, keyOf: (row: T) => K): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const r = await db.query(sql, [keys]);
    const found = new Map((r.rows as T[]).map((row) => [keyOf(row), row]));
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** Every row for each key (possibly none); `sql` takes the key array as $1. */
function grouped<K, T extends object>(db: Db, sql: string, groupOf: (row: T) => K): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const r = await db.query(sql, [keys]);
    const groups = new Map<K, T[]>();
    for (const row of r.rows as T[]) {
      const k = groupOf(row);
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Successions of places with their share, grouped by the place on `from` side of the link. */
function links(
  db: Pick<pg.Pool, "query">,
  side: "from_key" | "to_key",
  other: "from_key" | "to_key",
): DataLoader<string, PlaceLinkRecord[]> {
  return new DataLoader(async (keys: readonly string[]) => {
    const r = await db.query(
      `SELECT s.${side} AS "groupKey", s.share, s.effective::text AS effective, ${columns(PLACE_COLUMNS, "p")}
         FROM place_succession s JOIN place p ON p.key = s.${other}
        WHERE s.${side} = ANY($1::text[]) ORDER BY p.key`,
      [keys],
    );
    const by = new Map<string, PlaceLinkRecord[]>();
    for (const { groupKey, share, effective, ...place } of r.rows) {
      const list = by.get(groupKey) ?? [];
      list.push({ place: place as PlaceRecord, share, effective });
      by.set(groupKey, list);
    }
    return keys.map((k) => by.get(k) ?? []);
  });
}
