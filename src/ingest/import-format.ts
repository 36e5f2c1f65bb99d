import type { PovertyStandard } from "../rules/poverty-standard.ts";
/**
 * The JSON import format shared by the seed files, the GraphQL import mutation and the CLI.
 * `text` is the figure as the report wrote it (parsed at load time), `quote` a verbatim substring
 * of the report that states it.
 */
import type { DocumentRecord } from "../shared/document.ts";
import type { PlaceGroupInputDef } from "../reference/place-groups.ts";
import type { Direction, ValueType } from "../rules/value-type.ts";
import type { Qualifier } from "./parse/vn-number.ts";

export type ImportKind = "ACTUAL" | "PLAN" | "TARGET";
export type FundingSource = "CENTRAL" | "LOCAL" | "MOBILISED";
export type CapitalType = "INVESTMENT" | "RECURRENT";
export const FUNDING_SOURCES: readonly FundingSource[] = ["CENTRAL", "LOCAL", "MOBILISED"];
export const CAPITAL_TYPES: readonly CapitalType[] = ["INVESTMENT", "RECURRENT"];

export interface ImportFigure {
  /** Stable within the document: a corrected re-import updates the figure with the same key. */
  key: string;
  /** A place key ("P-80-2008"), an official code resolved against the period ("80"), or "code@YYYY-MM-DD". */
  place: string;
  /** Default "ALL". */
  ethnicity?: string;
  /** Default "ALL". */
  programme?: string;
  measure: string;
  /**
   * "2022", "2021-2025", "2023-01/2024-05" or "2024-01-01", or the report's own words resolved
   * against `publishedAt` ("cuối năm 2023", "31/5", "6 tháng đầu năm", "từ năm 2015 đến nay").
   */
  period: string;
  /** Default "ACTUAL". With PLAN and a "727/700" text, the plan part is used. */
  kind?: ImportKind;
  text: string;
  quote: string;
  /** Overrides the qualifier parsed from `text`. */
  qualifier?: Qualifier;
  /**
   * What the number is (src/rules/value-type.ts). Default: what the quote says around the text
   * ("giảm 5,96%" → CHANGE, "chiếm 97,03%" of a VND measure → SHARE, "6/11 huyện" → COUNT_OF_TOTAL);
   * state it only when the sentence does not ("đạt tỉ lệ trên 4%" for a reduction).
   */
  valueType?: ValueType;
  /** For a change the sentence does not say "giảm"/"tăng" of. */
  direction?: Direction;
  /** What a share, multiple or relative change is of, when no "so với …"/"số …" follows the figure. */
  base?: string;
  /** Money from one source: central budget, local budget, mobilised (loans, people, enterprises). */
  fundingSource?: FundingSource;
  /** Money of one capital type: investment (đầu tư phát triển) or recurrent (sự nghiệp). */
  capitalType?: CapitalType;
  /**
   * The poverty standard the figure was measured under (src/rules/poverty-standard.ts), when the
   * report says so; by default the one in force during the period.
   */
  povertyStandard?: PovertyStandard;
}

/** A figure the report states that the format cannot record: kept with the reason. */
export interface NotRecordedFigure {
  text: string;
  quote: string;
  reason: string;
}

/** A document's metadata in the import format: the stored record, plus the curator's note. */
export interface ImportDocumentMeta extends DocumentRecord {
  /** Curator's remarks: estimated dates, readings of ambiguous periods, figures left out. Not stored. */
  note?: string;
}

export interface ImportDocument {
  document: ImportDocumentMeta;
  /** May be empty when `notRecorded` is not: the source was read, nothing in it could be recorded. */
  figures: ImportFigure[];
  notRecorded?: NotRecordedFigure[];
  /**
   * Groups of places the figures are reported for ("7 huyện nghèo" of Hà Giang, "các xã đặc biệt khó
   * khăn" of Sơn La): members as reports write them, or only `within` when the report does not list
   * them. A figure names one by its code. `source` defaults to the document.
   */
  placeGroups?: (Omit<PlaceGroupInputDef, "source"> & { source?: string })[];
}
