import { createHash } from "node:crypto";
import type { DocumentRecord } from "../../shared/document.ts";
import type { FigureKind, Slice } from "../../shared/slices.ts";
import type { PovertyStandard } from "../../rules/poverty-standard.ts";
import type { ValueType } from "../../rules/value-type.ts";
import type { CapitalType, FundingSource, NotRecordedFigure } from "../import-format.ts";
import type { Qualifier } from "../parse/vn-number.ts";

/** A figure as stored: references resolved, defaults applied, value parsed (decimal strings). */
export interface FigureRecord {
  key: string;
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  measureCode: string;
  periodStart: string;
  periodEnd: string;
  kind: FigureKind;
  value: string;
  qualifier: Qualifier;
  rawText: string;
  quote: string;
  flags: string[];
  flagReason: string | null;
  suggestedValue: string | null;
  /** Signed for changes (a decrease is negative), as are both ends of a range of a change. */
  valueType: ValueType;
  valueHigh: string | null;
  /** COUNT_OF_TOTAL: what the count is out of. */
  total: string | null;
  base: string | null;
  /** "E": an estimate. */
  status: "A" | "E";
  fundingSource: FundingSource | null;
  capitalType: CapitalType | null;
  /** As the import stated it; null: the standard in force during the period (src/rules/poverty-standard.ts). */
  povertyStandard: PovertyStandard | null;
}

export type NotRecordedRecord = NotRecordedFigure;

/** The value-form fields of a plain level: one value, no funding breakdown, as reported. */
export const LEVEL_FORM = {
  valueType: "LEVEL",
  valueHigh: null,
  total: null,
  base: null,
  status: "A",
  fundingSource: null,
  capitalType: null,
  povertyStandard: null,
} as const satisfies Pick<
  FigureRecord,
  "valueType" | "valueHigh" | "total" | "base" | "status" | "fundingSource" | "capitalType" | "povertyStandard"
>;

export const FIGURE_FIELDS = [
  "placeKey",
  "ethnicityCode",
  "programmeCode",
  "measureCode",
  "periodStart",
  "periodEnd",
  "kind",
  "value",
  "qualifier",
  "rawText",
  "quote",
  "flags",
  "flagReason",
  "suggestedValue",
  "valueType",
  "valueHigh",
  "total",
  "base",
  "status",
  "fundingSource",
  "capitalType",
  "povertyStandard",
] as const satisfies readonly (keyof FigureRecord)[];

export const DOCUMENT_FIELDS = [
  "title",
  "publisher",
  "author",
  "publishedAt",
  "url",
  "fileName",
] as const satisfies readonly (keyof DocumentRecord)[];

// Bumped when the stored representation changes, so that old hashes never match by accident.
const HASH_FORMAT = "figures-v2";

/**
 * sha256 of the canonical JSON of what an import stores: the document's metadata and its figures
 * in key order, every object with sorted keys. The same content in any order or spelling of
 * defaults ("ethnicity": "ALL" or none) gives the same hash.
 */
export function contentHash(
  doc: DocumentRecord,
  figures: FigureRecord[],
  notRecorded: NotRecordedRecord[] = [],
): string {
  const sorted = [...figures].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash("sha256")
    .update(canonicalJson({ format: HASH_FORMAT, document: doc, figures: sorted, notRecorded }))
    .digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function sliceOf(
  f: Pick<
    FigureRecord,
    "measureCode" | "kind" | "periodStart" | "periodEnd" | "placeKey" | "ethnicityCode" | "programmeCode"
  >,
): Slice {
  return {
    measureCode: f.measureCode,
    kind: f.kind,
    periodStart: f.periodStart,
    periodEnd: f.periodEnd,
    places: [f.placeKey],
    ethnicities: [f.ethnicityCode],
    programmes: [f.programmeCode],
  };
}

/** The fields that differ between a stored figure and its re-imported version. */
export function changedFields(stored: FigureRecord, next: FigureRecord): string[] {
  return FIGURE_FIELDS.filter((f) => canonicalJson(stored[f]) !== canonicalJson(next[f]));
}

/** The audit trail's picture of a figure: every stored field but the key (the audit row has it). */
export function auditJson(f: FigureRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIGURE_FIELDS) out[field] = f[field];
  return out;
}
