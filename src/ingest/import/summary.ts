import type { Slice } from "../../shared/slices.ts";

export type ImportStatus = "CREATED" | "UPDATED" | "UNCHANGED" | "ERROR";

/**
 * One reason a document cannot be imported. `row` is the figure's 1-based position in `figures`
 * (in a CSV file: the file line), 0 for the document as a whole; `field` names the input field
 * ("place", "text", "document.title", "file" …).
 */
export interface ImportError {
  row: number;
  field: string;
  reason: string;
  /** The figure's key, when the row has one. */
  key?: string;
}

export interface FlaggedFigure {
  row: number;
  key: string;
  reason: string;
  /** The likely intended value, when one is clear (decimal string). */
  suggestedValue: string | null;
}

/** What an import did, DHIS2-style: counts per outcome, and every error when nothing was written. */
export interface ImportSummary {
  status: ImportStatus;
  documentId: number | null;
  sourceKey: string | null;
  /** The document's version after the import (1 when created, +1 on every change). */
  version: number | null;
  /** Figures inserted. */
  imported: number;
  updated: number;
  deleted: number;
  /** Figures already stored exactly so. */
  ignored: number;
  /** Figures of the document stored with the IMPLAUSIBLE flag (whatever else happened to them). */
  flagged: number;
  /** Figures the report states that could not be recorded, kept on the document with their reasons. */
  notRecorded: number;
  errors: ImportError[];
  /** The flagged figures with their reasons: stored, but left out of rollups until corrected. */
  flaggedFigures: FlaggedFigure[];
  /** Rollup slices of every inserted, updated (old and new) and deleted figure. */
  touched: Slice[];
  /** True when the import was only tried: the counts say what it would do; nothing was kept. */
  dryRun: boolean;
}

export function errorSummary(errors: ImportError[], sourceKey: string | null, dryRun = false): ImportSummary {
  return {
    status: "ERROR",
    documentId: null,
    sourceKey,
    version: null,
    imported: 0,
    updated: 0,
    deleted: 0,
    ignored: 0,
    flagged: 0,
    notRecorded: 0,
    errors,
    flaggedFigures: [],
    touched: [],
    dryRun,
  };
}
