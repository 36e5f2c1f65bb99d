import type pg from "pg";
import { readImportFile } from "../csv/read-import-file.ts";
import { importDocument, type ImportOptions } from "./import-document.ts";
import { loadImportReference } from "./reference.ts";
import { errorSummary, type ImportSummary } from "./summary.ts";

/**
 * Imports a CSV or JSON file: one summary per document in it (each document its own transaction),
 * or a single ERROR summary when the file cannot be read. CSV errors carry file lines.
 */
export async function importFile(
  db: pg.Pool,
  path: string,
  opts: Omit<ImportOptions, "rowNumbers" | "documentRow">,
): Promise<ImportSummary[]> {
  const read = await readImportFile(path);
  if (!read.ok) return [errorSummary(read.errors, null, opts.dryRun ?? false)];
  const reference = opts.reference ?? (await loadImportReference(db));
  const out: ImportSummary[] = [];
  for (const d of read.documents) {
    out.push(
      await importDocument(db, d.doc, { ...opts, reference, rowNumbers: d.rowNumbers, documentRow: d.documentRow }),
    );
  }
  return out;
}
