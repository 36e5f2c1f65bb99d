import { readFile, stat } from "node:fs/promises";
import type { ImportError } from "../import/summary.ts";
import { parseCsvDocument, type SourcedDocument } from "./csv-document.ts";
import { decodeImportText, MAX_FILE_BYTES } from "./decode-text.ts";

export type { SourcedDocument } from "./csv-document.ts";

/** An import file read: its documents (a CSV holds one; a JSON file one, or a list), or why not. */
export type ImportFileResult = { ok: true; documents: SourcedDocument[] } | { ok: false; errors: ImportError[] };

export async function readImportFile(path: string): Promise<ImportFileResult> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return fileError(0, `${path} is not a file`);
    size = s.size;
  } catch (e) {
    return fileError(0, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // Refused before reading it into memory.
  if (size > MAX_FILE_BYTES)
    return fileError(
      0,
      `the file is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1024 / 1024} MB (split it into several documents)`,
    );
  return parseImportBytes(await readFile(path), path);
}

/** CSV or JSON by the name's extension; without one, JSON when the text starts with '{' or '['. */
export function parseImportBytes(bytes: Uint8Array, name: string): ImportFileResult {
  const decoded = decodeImportText(bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const json = ext === "json" || (ext !== "csv" && /^\s*[[{]/.test(decoded.text));
  if (ext && ext !== "json" && ext !== "csv")
    return fileError(0, `unsupported file type ".${ext}": import .csv or .json files`);
  if (!json) {
    const r = parseCsvDocument(decoded.text);
    return r.ok ? { ok: true, documents: [r.document] } : r;
  }
  return parseJsonDocuments(decoded.text);
}

export function parseJsonDocuments(text: string): ImportFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    return fileError(jsonErrorLine(text, message), `not valid JSON: ${message}`);
  }
  const docs = Array.isArray(value) ? value : [value];
  if (docs.length === 0) return fileError(1, "the file holds an empty list of documents");
  return { ok: true, documents: docs.map((doc) => ({ doc: doc as SourcedDocument["doc"] })) };
}

function jsonErrorLine(text: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (!pos) return 1;
  return text.slice(0, Number(pos[1])).split("\n").length;
}

function fileError(row: number, reason: string): ImportFileResult {
  return { ok: false, errors: [{ row, field: "file", reason }] };
}
