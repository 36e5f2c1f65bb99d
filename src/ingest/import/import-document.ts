/**
 * Importing a report: validate everything first (any error → nothing is written and the summary
 * lists every error with its row and field), then store it in one transaction (write-document.ts).
 * The rollup refresh is the caller's: `onCommitted` runs after the commit, never inside it.
 */
import type pg from "pg";
import type { Slice } from "../../shared/slices.ts";
import type { ImportDocument } from "../import-format.ts";
import { loadImportReference, type ImportReference } from "./reference.ts";
import { errorSummary, type ImportSummary } from "./summary.ts";
import { validateDocument } from "./validate-document.ts";
import { writeDocument } from "./write-document.ts";

export type { FlaggedFigure, ImportError, ImportStatus, ImportSummary } from "./summary.ts";

export interface ImportProgress {
  phase: "validate" | "write";
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Who imports: recorded on the document and in every audit row. */
  actor: string;
  /** Validate and run the whole transaction, then roll it back. */
  dryRun?: boolean;
  /** Called after the commit with the touched slices (only when there are any; never on a dry run). */
  onCommitted?: (touched: Slice[]) => Promise<void>;
  onProgress?: (p: ImportProgress) => void;
  /** Reference data already loaded (importDocuments loads it once for all documents). */
  reference?: ImportReference;
  /** Row number of each figure in its source file (CSV: the file line); default its 1-based index. */
  rowNumbers?: number[];
  /** Row that document-level errors are reported on (default 0). */
  documentRow?: number;
}

export async function importDocument(db: pg.Pool, doc: ImportDocument, opts: ImportOptions): Promise<ImportSummary> {
  const dryRun = opts.dryRun ?? false;
  if (!opts.actor?.trim()) throw new Error("importDocument: an actor is required");
  const reference = opts.reference ?? (await loadImportReference(db));
  const checked = validateDocument(doc, reference, {
    rowNumbers: opts.rowNumbers,
    documentRow: opts.documentRow,
    onProgress: opts.onProgress && ((done, total) => opts.onProgress!({ phase: "validate", done, total })),
  });
  if (!checked.ok) return errorSummary(checked.errors, checked.sourceKey, dryRun);

  const written = await writeDocument(db, checked.document, checked.figures, {
    actor: opts.actor.trim(),
    dryRun,
    notRecorded: checked.notRecorded,
    placeGroups: checked.placeGroups,
    onProgress: opts.onProgress && ((done, total) => opts.onProgress!({ phase: "write", done, total })),
  });
  const flaggedFigures = checked.figures.flatMap((f, i) =>
    f.flags.length
      ? [
          {
            row: opts.rowNumbers?.[i] ?? i + 1,
            key: f.key,
            reason: f.flagReason ?? f.flags.join(", "),
            suggestedValue: f.suggestedValue,
          },
        ]
      : [],
  );
  const summary: ImportSummary = {
    ...written,
    sourceKey: checked.document.sourceKey,
    flagged: flaggedFigures.length,
    notRecorded: checked.notRecorded.length,
    errors: [],
    flaggedFigures,
    dryRun,
  };
  if (!dryRun && summary.touched.length && opts.onCommitted) await opts.onCommitted(summary.touched);
  return summary;
}

/** Several documents, each in its own transaction; one document's errors do not stop the others. */
export async function importDocuments(
  db: pg.Pool,
  docs: ImportDocument[],
  opts: Omit<ImportOptions, "rowNumbers" | "documentRow">,
): Promise<ImportSummary[]> {
  const reference = opts.reference ?? (await loadImportReference(db));
  const out: ImportSummary[] = [];
  for (const doc of docs) out.push(await importDocument(db, doc, { ...opts, reference }));
  return out;
}
