/**
 * Rows of the reference and fact tables as the API layer reads them: dates as "YYYY-MM-DD" text,
 * decimals as exact text, ids of bigint columns as text. The *_COLUMNS lists select exactly these
 * shapes (prefix them with a table alias through `columns(list, alias)`).
 */
import type { DocumentRecord } from "../shared/document.ts";

export interface PlaceRecord {
  key: string;
  code: string;
  level: string;
  name: string;
  nameAscii: string;
  kind: string | null;
  parentKey: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface ProgrammeRecord {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
}

export interface MeasureRecord {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  aggregation: string;
  numeratorCode: string | null;
  denominatorCode: string | null;
  minValue: string | null;
  maxValue: string | null;
  flow: boolean;
  addsOverProgrammes: boolean;
  appliesTo: string[] | null;
  occasionOf: string | null;
}

export interface EthnicityRecord {
  code: string;
  name: string;
  nameAscii: string;
  parentCode: string | null;
}

/** A stored document as read back, with its bookkeeping. */
export interface DocumentRow extends DocumentRecord {
  id: number;
  version: number;
  importedAt: Date;
  importedBy: string;
}

export interface FigureRow {
  id: string;
  documentId: number;
  figureKey: string;
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  measureCode: string;
  periodStart: string;
  periodEnd: string;
  kind: string;
  value: string;
  qualifier: string;
  rawText: string;
  quote: string;
  flags: string[];
  flagReason: string | null;
  suggestedValue: string | null;
  valueType: string;
  valueHigh: string | null;
  total: string | null;
  base: string | null;
  /** status 'E': "ước", "dự kiến". */
  estimated: boolean;
  fundingSource: string | null;
  capitalType: string | null;
  /** As the import stated it (src/rules/poverty-standard.ts `figureStandard` says which applies). */
  povertyStandard: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Columns = [sql: string, as: string][];

export const PLACE_COLUMNS: Columns = [
  ["key", "key"],
  ["code", "code"],
  ["level::text", "level"],
  ["name", "name"],
  ["name_ascii", "nameAscii"],
  ["kind", "kind"],
  ["parent_key", "parentKey"],
  ["valid_from::text", "validFrom"],
  ["valid_to::text", "validTo"],
];

export const PROGRAMME_COLUMNS: Columns = [
  ["code", "code"],
  ["name", "name"],
  ["name_en", "nameEn"],
  ["parent_code", "parentCode"],
];

export const MEASURE_COLUMNS: Columns = [
  ["code", "code"],
  ["name", "name"],
  ["name_en", "nameEn"],
  ["unit", "unit"],
  ["aggregation::text", "aggregation"],
  ["numerator_code", "numeratorCode"],
  ["denominator_code", "denominatorCode"],
  ["min_value::text", "minValue"],
  ["max_value::text", "maxValue"],
  ["flow", "flow"],
  ["adds_over_programmes", "addsOverProgrammes"],
  ["applies_to", "appliesTo"],
  ["occasion_of", "occasionOf"],
];

export const ETHNICITY_COLUMNS: Columns = [
  ["code", "code"],
  ["name", "name"],
  ["name_ascii", "nameAscii"],
  ["parent_code", "parentCode"],
];

export const DOCUMENT_COLUMNS: Columns = [
  ["id", "id"],
  ["source_key", "sourceKey"],
  ["title", "title"],
  ["publisher", "publisher"],
  ["author", "author"],
  ["published_at::text", "publishedAt"],
  ["url", "url"],
  ["file_name", "fileName"],
  ["version", "version"],
  ["imported_at", "importedAt"],
  ["imported_by", "importedBy"],
];

export const FIGURE_COLUMNS: Columns = [
  ["id::text", "id"],
  ["document_id", "documentId"],
  ["figure_key", "figureKey"],
  ["place_key", "placeKey"],
  ["ethnicity_code", "ethnicityCode"],
  ["programme_code", "programmeCode"],
  ["measure_code", "measureCode"],
  ["period_start::text", "periodStart"],
  ["period_end::text", "periodEnd"],
  ["kind::text", "kind"],
  ["value::text", "value"],
  ["qualifier::text", "qualifier"],
  ["raw_text", "rawText"],
  ["quote", "quote"],
  ["flags", "flags"],
  ["flag_reason", "flagReason"],
  ["suggested_value::text", "suggestedValue"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
  ["value_type::text", "valueType"],
  ["value_high::text", "valueHigh"],
  ["total::text", "total"],
  ["base", "base"],
  ["status = 'E'", "estimated"],
  ["funding_source::text", "fundingSource"],
  ["capital_type::text", "capitalType"],
  ["poverty_standard::text", "povertyStandard"],
];

/** `alias.col AS "name", …` for a SELECT list. */
export function columns(list: Columns, alias?: string): string {
  return list
    .map(([sql, as]) => {
      const qualified = alias ? `${alias}.${sql}` : sql;
      return `${qualified} AS "${as}"`;
    })
    .join(", ");
}
