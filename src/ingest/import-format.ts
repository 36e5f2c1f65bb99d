/**
 * The JSON import format shared by the seed files, the GraphQL import mutation and the CLI.
 * `text` is the figure as the report wrote it (parsed at load time), `quote` a verbatim substring
 * of the report that states it.
 */
import type { DocumentRecord } from "../shared/document.ts";
import type { Qualifier } from "./parse/vn-number.ts";

export type ImportKind = "ACTUAL" | "PLAN" | "TARGET";

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
  /** "2022", "2021-2025", "2023-01/2024-05" or "2024-01-01". */
  period: string;
  /** Default "ACTUAL". With PLAN and a "727/700" text, the plan part is used. */
  kind?: ImportKind;
  text: string;
  quote: string;
  /** Overrides the qualifier parsed from `text`. */
  qualifier?: Qualifier;
}

/** A document's metadata in the import format: the stored record, plus the curator's note. */
export interface ImportDocumentMeta extends DocumentRecord {
  /** Curator's remarks: estimated dates, readings of ambiguous periods, figures left out. Not stored. */
  note?: string;
}

export interface ImportDocument {
  document: ImportDocumentMeta;
  figures: ImportFigure[];
}
