/**
 * Streams figures into the figure table with COPY (pg-copy-streams), generated report by report:
 * nothing holds more than one COPY statement's worth of rows (about 250 MB of memory at most, the
 * next batch included). The rows go in several COPY statements on one connection (inside the
 * caller's transaction): when PostgreSQL checks foreign keys row by row it does so at the end of
 * each statement, with a queue entry per row and key until then; and while it stores one batch,
 * the next is being generated.
 */
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { SynthFigure } from "./statements.ts";

export const FIGURE_COLUMNS = [
  "document_id",
  "figure_key",
  "place_key",
  "ethnicity_code",
  "programme_code",
  "measure_code",
  "period_start",
  "period_end",
  "kind",
  "value",
  "qualifier",
  "raw_text",
  "quote",
  "flags",
  "flag_reason",
  "suggested_value",
] as const;

/** Rows per COPY statement. */
export const ROWS_PER_COPY = 250_000;
const ROW_BITS = 2 ** 20;
/** Bytes handed to the socket at once. */
const WRITE_SIZE = 1 << 16;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"))
    : s;
}

const nullable = (s: string | null) => (s === null ? "\\N" : copyText(s));

/** A figure's COPY row without the leading document id (the document's content hash covers exactly this). */
export function figureRow(f: SynthFigure): string {
  const flags = f.flags.length ? `{${f.flags.join(",")}}` : "{}";
  return `\t${copyText(f.key)}\t${f.placeKey}\t${f.ethnicityCode}\t${f.programmeCode}\t${f.measureCode}\t${f.periodStart}\t${f.periodEnd}\t${f.kind}\t${f.value}\t${f.qualifier}\t${copyText(f.rawText)}\t${copyText(f.quote)}\t${flags}\t${nullable(f.flagReason)}\t${nullable(f.suggestedValue)}\n`;
}

/** One COPY statement's rows, as text blocks of about WRITE_SIZE, with the rows in each. */
export interface CopyBatch {
  blocks: Buffer[];
  blockRows: number[];
  rows: number;
}

/**
 * Writes the batches from `source` with COPY, one statement per batch. The next batch is asked for
 * as soon as one is handed to the database, so generating it overlaps the database storing and
 * checking the previous one. `onRows` is called as rows are handed over.
 */
export async function copyFigures(
  client: pg.ClientBase,
  source: AsyncIterator<CopyBatch>,
  onRows: (n: number) => void,
): Promise<number> {
  let total = 0;
  let next = source.next();
  for (;;) {
    const r = await next;
    if (r.done) break;
    const batch = r.value;
    const stream = client.query(copyFrom(`COPY figure (${FIGURE_COLUMNS.join(", ")}) FROM STDIN`));
    next = source.next();
    const done = finished(stream);
    // A failing COPY ends the stream with an error: surface it instead of waiting for a drain forever.
    const failed = done.then(
      () => false,
      () => true,
    );
    for (let i = 0; i < batch.blocks.length; i++) {
      const more = stream.write(batch.blocks[i]);
      onRows(batch.blockRows[i]);
      if (!more) {
        const drained = once(stream, "drain").then(() => false);
        if (await Promise.race([drained, failed])) break;
      }
    }
    stream.end();
    await done;
    total += batch.rows;
  }
  return total;
}

/**
 * Collects one COPY statement's rows and hands them over as text blocks of about WRITE_SIZE, sorted
 * by the leading columns of the figure table's largest index (measure, kind, place, period start):
 * its insertions then sweep through the index instead of landing anywhere (a third faster at 1 M).
 */
export class BlockBuilder {
  private orders: number[] = [];
  private texts: string[] = [];
  private documents: string[] = [];

  get rows(): number {
    return this.texts.length;
  }

  /** `order`: a figure's indexOrder (below 2^33); `row`: its figureRow, without the document id. */
  add(order: number, documentId: string, row: string): void {
    // The row's position rides in the low 20 bits, so that one numeric sort orders the rows.
    this.orders.push(order * ROW_BITS + this.texts.length);
    this.texts.push(row);
    this.documents.push(documentId);
  }

  take(): CopyBatch {
    if (this.texts.length >= ROW_BITS) throw new Error(`a COPY batch holds at most ${ROW_BITS - 1} rows`);
    const sorted = Float64Array.from(this.orders).sort();
    const blocks: Buffer[] = [];
    const blockRows: number[] = [];
    // Joined, not appended with +=: a string built piece by piece is slow to turn into bytes.
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      blocks.push(Buffer.from(parts.join("")));
      blockRows.push(parts.length / 2);
      parts = [];
      size = 0;
    };
    for (const o of sorted) {
      const i = o % ROW_BITS;
      parts.push(this.documents[i], this.texts[i]);
      size += this.texts[i].length;
      if (size >= WRITE_SIZE) flush();
    }
    if (parts.length) flush();
    const rows = this.texts.length;
    this.orders = [];
    this.texts = [];
    this.documents = [];
    return { blocks, blockRows, rows };
  }
}
