/**
 * The CSV import format: one document per file, one figure per row, a header naming the columns
 *   source_key,title,publisher,author,published_at,url,key,place,ethnicity,programme,measure,period,kind,text,quote,qualifier
 * (in any order; file_name and note may be added). The document columns repeat on every row and
 * must be identical on all of them. Empty optional cells take the import format's defaults.
 * Parsing is strict (csv-parse without relaxations); every error names its file line, and the
 * figures carry their lines so that validation errors do too.
 */
import { parse } from "csv-parse/sync";
import type { ImportDocument, ImportFigure } from "../import-format.ts";
import type { ImportError } from "../import/summary.ts";

export const DOCUMENT_COLUMNS = ["source_key", "title", "publisher", "author", "published_at", "url"] as const;
export const FIGURE_COLUMNS = [
  "key",
  "place",
  "ethnicity",
  "programme",
  "measure",
  "period",
  "kind",
  "text",
  "quote",
  "qualifier",
] as const;
export const OPTIONAL_COLUMNS = ["file_name", "note"] as const;
/** The value-form fields of the JSON format (valueType, direction, base, fundingSource, capitalType), optional. */
export const OPTIONAL_FIGURE_COLUMNS = ["value_type", "direction", "base", "funding_source", "capital_type"] as const;
const REQUIRED = [...DOCUMENT_COLUMNS, ...FIGURE_COLUMNS];
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL_COLUMNS, ...OPTIONAL_FIGURE_COLUMNS]);
const DOCUMENT_LEVEL: string[] = [...DOCUMENT_COLUMNS, ...OPTIONAL_COLUMNS];

export interface SourcedDocument {
  doc: ImportDocument;
  /** The source row of each figure (CSV: its first file line). */
  rowNumbers?: number[];
  /** Where document-level errors are reported. */
  documentRow?: number;
}

export type CsvResult = { ok: true; document: SourcedDocument } | { ok: false; errors: ImportError[] };

interface Row {
  line: number;
  cells: string[];
}

export function parseCsvDocument(text: string): CsvResult {
  const read = readRows(text);
  if (!read.ok) return read;
  const [header, ...rows] = read.rows;
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const errors: ImportError[] = [];
  const headerError = (reason: string) => errors.push({ row: header.line, field: "header", reason });

  if (!columns.some((c) => KNOWN.has(c))) {
    const hint = columns.length === 1 && columns[0].includes(";") ? " (the file looks ';'-separated: use ',')" : "";
    return {
      ok: false,
      errors: [
        {
          row: header.line,
          field: "header",
          reason: `the first line is not a header${hint}; expected the columns ${REQUIRED.join(",")}`,
        },
      ],
    };
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (!KNOWN.has(c))
      headerError(`unknown column "${c}" (expected ${REQUIRED.join(",")}; optional ${OPTIONAL_COLUMNS.join(",")})`);
    else if (seen.has(c)) headerError(`column "${c}" appears twice`);
    seen.add(c);
  }
  const missing = REQUIRED.filter((c) => !seen.has(c));
  if (missing.length) headerError(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0)
    return {
      ok: false,
      errors: [{ row: header.line + 1, field: "file", reason: "the file has a header but no figure rows" }],
    };

  const at = new Map(columns.map((c, i) => [c, i]));
  const cell = (r: Row, c: string) => (at.has(c) ? r.cells[at.get(c)!] : "");
  const first = rows[0];
  for (const r of rows.slice(1)) {
    for (const c of DOCUMENT_LEVEL) {
      if (at.has(c) && cell(r, c) !== cell(first, c)) {
        errors.push({
          row: r.line,
          field: c,
          reason: `${c} "${clip(cell(r, c))}" differs from line ${first.line} ("${clip(cell(first, c))}"): one document per file, its columns identical on every row`,
        });
      }
    }
  }
  if (errors.length) return { ok: false, errors };

  const optional = (r: Row, c: string) => (cell(r, c) === "" ? undefined : cell(r, c));
  const nullable = (c: string) => optional(first, c) ?? null;
  const doc: ImportDocument = {
    document: {
      sourceKey: cell(first, "source_key"),
      title: cell(first, "title"),
      publisher: nullable("publisher"),
      author: nullable("author"),
      publishedAt: nullable("published_at"),
      url: nullable("url"),
      fileName: nullable("file_name"),
      ...(optional(first, "note") !== undefined ? { note: cell(first, "note") } : {}),
    },
    figures: rows.map((r): ImportFigure => {
      const f: Record<string, string | undefined> = {
        key: cell(r, "key"),
        place: cell(r, "place"),
        ethnicity: optional(r, "ethnicity"),
        programme: optional(r, "programme"),
        measure: cell(r, "measure"),
        period: cell(r, "period"),
        kind: optional(r, "kind"),
        text: cell(r, "text"),
        quote: cell(r, "quote"),
        qualifier: optional(r, "qualifier"),
        valueType: optional(r, "value_type"),
        direction: optional(r, "direction"),
        base: optional(r, "base"),
        fundingSource: optional(r, "funding_source"),
        capitalType: optional(r, "capital_type"),
      };
      for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
      return f as unknown as ImportFigure;
    }),
  };
  return { ok: true, document: { doc, rowNumbers: rows.map((r) => r.line), documentRow: first.line } };
}

type ReadRows = { ok: true; rows: Row[] } | { ok: false; errors: ImportError[] };

function readRows(text: string): ReadRows {
  let lastEnd = 0;
  try {
    const records = parse(text, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      on_record: (record: { record: string[]; info: { lines: number }; raw: string }) => {
        lastEnd = record.info.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    if (records.length === 0) return { ok: false, errors: [{ row: 1, field: "file", reason: "the file is empty" }] };
    return { ok: true, rows: records.map((r) => ({ line: startLine(r.info.lines, r.raw), cells: r.record })) };
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (!err.code?.startsWith("CSV_") && err.code !== "INVALID_OPENING_QUOTE") throw e;
    const line = err.lines ?? lastEnd + 1;
    switch (err.code) {
      case "CSV_QUOTE_NOT_CLOSED": {
        const opened = openingLine(text, lastEnd);
        return csvError(
          opened,
          `the row starting on line ${opened} has a quoted field that is never closed (the file ends inside it)`,
        );
      }
      case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
        const m = /expect (\d+), got (\d+)/.exec(err.message);
        return csvError(
          line,
          m ? `the row has ${m[2]} columns, the header ${m[1]}` : `wrong number of columns: ${err.message}`,
        );
      }
      case "INVALID_OPENING_QUOTE":
      case "CSV_INVALID_CLOSING_QUOTE":
        return csvError(
          line,
          `misplaced quote: quote whole fields ("...") and double quotes inside them (""): ${err.message}`,
        );
      default:
        return csvError(line, `cannot read the CSV: ${err.message}`);
    }
  }
}

function csvError(row: number, reason: string): ReadRows {
  return { ok: false, errors: [{ row, field: "file", reason }] };
}

/** A record's first line: its last line minus the line breaks inside it (leading blank lines skipped). */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n)+/, "").replace(/\r?\n$/, "");
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

/** The first non-blank line after the last complete record: where the unclosed field's record starts. */
function openingLine(text: string, lastEnd: number): number {
  const lines = text.split("\n");
  let line = lastEnd + 1;
  while (line <= lines.length && lines[line - 1].trim() === "") line++;
  return Math.min(line, lines.length);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
