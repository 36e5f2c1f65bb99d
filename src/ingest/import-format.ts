/**
 * The JSON import format shared by the seed files, the GraphQL import mutation and the CLI.
 * `text` is the figure as the report wrote it (parsed at load time), `quote` a verbatim substring
 * of the report that states it.
 */
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

export interface ImportDocumentMeta {
  sourceKey: string;
  title: string;
  publisher: string | null;
  author: string | null;
  /** "YYYY-MM-DD". */
  publishedAt: string | null;
  url: string | null;
  fileName: string | null;
  /** Curator's remarks: estimated dates, readings of ambiguous periods, figures left out. */
  note?: string;
}

export interface ImportDocument {
  document: ImportDocumentMeta;
  figures: ImportFigure[];
}
