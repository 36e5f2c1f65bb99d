/**
 * Checks a whole import document against the reference data and turns it into the records to
 * store. Pure: the reference is passed in. Every error is reported (not only the first), each with
 * its row and field, so that one correction round fixes a file.
 */
import type { Decimal } from "decimal.js";
import { periodProblem, resolvePlaceRef } from "../../reference/place-ref.ts";
import { QUALIFIERS } from "../../rules/qualifier-algebra.ts";
import { parsePeriod, PeriodParseError, type Period } from "../../rules/period.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { FigureParseError, parseFigure, type ParsedFigure, type Qualifier } from "../parse/vn-number.ts";
import { statedValue, unitErrors, validateDocumentFigures, type FigureToValidate, type FigureVerdict } from "../validate/plausibility.ts";
import type { DocumentRecord } from "../../shared/document.ts";
import type { FigureRecord } from "./records.ts";
import type { ImportReference } from "./reference.ts";
import type { ImportError } from "./summary.ts";

export const MAX_FIGURES = 50_000;
export const KINDS: readonly FigureKind[] = ["ACTUAL", "PLAN", "TARGET"];

/** Longest accepted text per field: beyond these a value is a paste accident, not a report field. */
export const MAX_LENGTH: Record<string, number> = {
  sourceKey: 300, title: 1000, publisher: 300, author: 300, publishedAt: 10, url: 2000, fileName: 300, note: 10_000,
  key: 200, place: 100, ethnicity: 20, programme: 50, measure: 100, period: 30, kind: 10, text: 300, quote: 5000, qualifier: 10,
};
const DOCUMENT_KEYS = new Set(["sourceKey", "title", "publisher", "author", "publishedAt", "url", "fileName", "note"]);
const FIGURE_KEYS = new Set(["key", "place", "ethnicity", "programme", "measure", "period", "kind", "text", "quote", "qualifier"]);
// numeric(38, 6) in the figure table
const MAX_DECIMALS = 6;
const MAX_INTEGER_DIGITS = 32;

export interface ValidateOptions {
  /** The row number of each figure in its source (CSV: file line); default its 1-based index. */
  rowNumbers?: number[];
  /** The row document-level errors are reported on (CSV: the first data line); default 0. */
  documentRow?: number;
  onProgress?: (done: number, total: number) => void;
}

export type ValidationResult =
  | { ok: true; document: DocumentRecord; figures: FigureRecord[] }
  | { ok: false; errors: ImportError[]; sourceKey: string | null };

interface Checked {
  index: number;
  key: string;
  period: Period;
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  measureCode: string;
  kind: FigureKind;
  parsed: ParsedFigure;
  qualifier: Qualifier;
  text: string;
  quote: string;
}

export function validateDocument(input: unknown, ref: ImportReference, opts: ValidateOptions = {}): ValidationResult {
  const errors: ImportError[] = [];
  const docRow = opts.documentRow ?? 0;
  const fail = (extra: ImportError[] = []) => ({ ok: false as const, errors: [...errors, ...extra], sourceKey: sourceKeyOf(input) });

  if (!isObject(input)) return fail([{ row: docRow, field: "document", reason: "an import is a JSON object with \"document\" and \"figures\"" }]);
  for (const k of Object.keys(input)) {
    if (k !== "document" && k !== "figures") errors.push({ row: docRow, field: k, reason: `unknown field "${k}" (expected "document" and "figures")` });
  }
  const document = validateMeta(input.document, docRow, errors);

  const figures = input.figures;
  if (!Array.isArray(figures)) return fail([{ row: docRow, field: "figures", reason: "\"figures\" must be a list of figures" }]);
  if (figures.length === 0) return fail([{ row: docRow, field: "figures", reason: "the document has no figures" }]);
  if (figures.length > MAX_FIGURES) {
    return fail([{ row: docRow, field: "figures", reason: `${figures.length} figures in one document; at most ${MAX_FIGURES} (split the report into several documents)` }]);
  }

  const rowOf = (i: number) => opts.rowNumbers?.[i] ?? i + 1;
  const firstRowOfKey = new Map<string, number>();
  const checked: Checked[] = [];
  const unitChecked: { row: number; key: string; measureCode: string; parsed: ParsedFigure }[] = [];
  for (let i = 0; i < figures.length; i++) {
    const row = rowOf(i);
    const before = errors.length;
    const c = validateFigure(figures[i], row, ref, errors, firstRowOfKey);
    if (c.measureCode && c.parsed) unitChecked.push({ row, key: c.key ?? "", measureCode: c.measureCode, parsed: c.parsed });
    if (errors.length === before && c.complete) checked.push({ ...c.complete, index: i });
    opts.onProgress?.(i + 1, figures.length);
  }
  for (const u of unitChecked) {
    for (const reason of unitErrors({ measure: ref.measures.get(u.measureCode)!, parsed: u.parsed })) {
      errors.push({ row: u.row, field: "text", reason, key: u.key || undefined });
    }
  }
  if (errors.length || !document) return fail();

  const verdicts = plausibility(checked.map((c): FigureToValidate => ({
    key: c.key, measure: ref.measures.get(c.measureCode)!, programmeCode: c.programmeCode, placeKey: c.placeKey,
    ethnicityCode: c.ethnicityCode, periodStart: c.period.start, periodEnd: c.period.end, kind: c.kind, parsed: c.parsed,
  })));
  const records: FigureRecord[] = [];
  checked.forEach((c, n) => {
    const v = verdicts[n];
    for (const reason of v.errors) errors.push({ row: rowOf(c.index), field: "text", reason, key: c.key });
    records.push({
      key: c.key, placeKey: c.placeKey, ethnicityCode: c.ethnicityCode, programmeCode: c.programmeCode, measureCode: c.measureCode,
      periodStart: c.period.start, periodEnd: c.period.end, kind: c.kind, value: statedValue(c).toFixed(), qualifier: c.qualifier,
      rawText: c.text, quote: c.quote, flags: [...v.flags], flagReason: v.flagReason, suggestedValue: v.suggestedValue?.toFixed() ?? null,
    });
  });
  if (errors.length) return fail();
  return { ok: true, document, figures: records };
}

/**
 * The plausibility verdicts in input order. Its cross-figure rules (money per beneficiary, numerator
 * above denominator) compare figures of one cell only (place, ethnicity, programme, period, kind),
 * and it compares every figure with every other: run cell by cell, a 50,000-figure document takes
 * a second instead of half a minute, with the same verdicts.
 */
function plausibility(figures: FigureToValidate[]): FigureVerdict[] {
  const cells = new Map<string, number[]>();
  figures.forEach((f, i) => {
    const id = [f.placeKey, f.ethnicityCode, f.programmeCode, f.periodStart, f.periodEnd, f.kind].join("|");
    const list = cells.get(id);
    if (list) list.push(i);
    else cells.set(id, [i]);
  });
  const out: FigureVerdict[] = new Array(figures.length);
  for (const indexes of cells.values()) {
    const verdicts = validateDocumentFigures(indexes.map((i) => figures[i]));
    indexes.forEach((i, n) => { out[i] = verdicts[n]; });
  }
  return out;
}

function validateMeta(meta: unknown, row: number, errors: ImportError[]): DocumentRecord | null {
  if (!isObject(meta)) {
    errors.push({ row, field: "document", reason: "\"document\" must be an object with sourceKey, title, publisher, author, publishedAt, url, fileName" });
    return null;
  }
  const before = errors.length;
  for (const k of Object.keys(meta)) {
    if (!DOCUMENT_KEYS.has(k)) errors.push({ row, field: `document.${k}`, reason: `unknown document field "${k}" (expected one of ${[...DOCUMENT_KEYS].join(", ")})` });
  }
  const field = (name: string, required: boolean) => textField(meta[name], `document.${name}`, name, required, row, errors);
  const doc: DocumentRecord = {
    sourceKey: field("sourceKey", true) ?? "",
    title: field("title", true) ?? "",
    publisher: field("publisher", false),
    author: field("author", false),
    publishedAt: field("publishedAt", false),
    url: field("url", false),
    fileName: field("fileName", false),
  };
  field("note", false);
  if (doc.publishedAt !== null && !isRealDate(doc.publishedAt)) {
    errors.push({ row, field: "document.publishedAt", reason: `"${doc.publishedAt}" is not a date (YYYY-MM-DD)` });
  }
  if (doc.url !== null && !/^https?:\/\/\S+$/i.test(doc.url)) {
    errors.push({ row, field: "document.url", reason: `"${doc.url}" is not an http(s) URL` });
  }
  return errors.length === before ? doc : null;
}

interface FigureCheck {
  key?: string;
  measureCode?: string;
  parsed?: ParsedFigure;
  complete?: Omit<Checked, "index">;
}

function validateFigure(f: unknown, row: number, ref: ImportReference, errors: ImportError[], firstRowOfKey: Map<string, number>): FigureCheck {
  if (!isObject(f)) {
    errors.push({ row, field: "figure", reason: "a figure must be an object with key, place, measure, period, text and quote" });
    return {};
  }
  const key = textField(f.key, "key", "key", true, row, errors) ?? undefined;
  const err = (field: string, reason: string) => errors.push({ row, field, reason, key });
  for (const k of Object.keys(f)) {
    if (!FIGURE_KEYS.has(k)) err(k, `unknown figure field "${k}" (expected one of ${[...FIGURE_KEYS].join(", ")})`);
  }
  if (key !== undefined) {
    const first = firstRowOfKey.get(key);
    if (first !== undefined) err("key", `duplicate key "${key}": already used on row ${first}`);
    else firstRowOfKey.set(key, row);
  }
  const field = (name: string, required: boolean) => textField(f[name], name, name, required, row, errors, key);
  const placeText = field("place", true);
  const ethnicityCode = field("ethnicity", false) ?? "ALL";
  const programmeCode = field("programme", false) ?? "ALL";
  const measureText = field("measure", true);
  const periodText = field("period", true);
  const kindText = field("kind", false) ?? "ACTUAL";
  const text = field("text", true);
  const quote = field("quote", true);
  const qualifierText = field("qualifier", false);

  let period: Period | null = null;
  if (periodText !== null) {
    try {
      period = parsePeriod(periodText);
    } catch (e) {
      if (!(e instanceof PeriodParseError)) throw e;
      err("period", `"${periodText}": ${e.reason}`);
    }
  }
  let placeKey: string | null = null;
  if (placeText !== null) {
    const r = resolvePlaceRef(ref.places, placeText, period);
    if (!r.ok) err("place", r.reason);
    else if (period && periodProblem(ref.places, r.place, period)) err("place", periodProblem(ref.places, r.place, period)!);
    else placeKey = r.place.key;
  }
  if (!ref.ethnicities.has(ethnicityCode)) err("ethnicity", `unknown ethnicity "${ethnicityCode}" (GSO code "01".."54", "DTTS" or "ALL")`);
  if (!ref.programmes.has(programmeCode)) err("programme", `unknown programme "${programmeCode}"`);
  const measureCode = measureText !== null && ref.measures.has(measureText) ? measureText : undefined;
  if (measureText !== null && !measureCode) err("measure", `unknown measure "${measureText}"`);
  const kind = KINDS.find((k) => k === kindText);
  if (!kind) err("kind", `unknown kind "${kindText}" (expected ${KINDS.join(", ")})`);
  const qualifierOverride = qualifierText === null ? null : QUALIFIERS.find((q) => q === qualifierText);
  if (qualifierOverride === undefined) err("qualifier", `unknown qualifier "${qualifierText}" (expected ${QUALIFIERS.join(", ")})`);

  let parsed: ParsedFigure | undefined;
  if (text !== null) {
    try {
      parsed = parseFigure(text);
    } catch (e) {
      if (!(e instanceof FigureParseError)) throw e;
      err("text", e.reason);
    }
  }
  if (parsed) for (const v of [parsed.value, parsed.plan]) if (v) storable(v, (reason) => err("text", reason));
  if (text !== null && quote !== null && !quote.includes(text)) err("quote", `the quote does not contain the text "${text}" verbatim`);

  if (placeKey === null || !period || !measureCode || !kind || !parsed || text === null || quote === null || key === undefined || qualifierOverride === undefined) {
    return { key, measureCode, parsed };
  }
  return {
    key, measureCode, parsed,
    complete: {
      key, period, placeKey, ethnicityCode, programmeCode, measureCode, kind, parsed,
      qualifier: qualifierOverride ?? parsed.qualifier, text, quote,
    },
  };
}

/** A value the figure table keeps exactly: numeric(38, 6). */
function storable(v: Decimal, fail: (reason: string) => void): void {
  if (v.decimalPlaces() > MAX_DECIMALS) fail(`${v.toFixed()} has more than ${MAX_DECIMALS} decimals and cannot be stored exactly`);
  else if (v.truncated().toFixed().length > MAX_INTEGER_DIGITS) fail(`${v.toFixed()} is too large to store`);
}

/**
 * A string field: absent, null or blank is null (an error when required); anything but a string,
 * control characters or a text over the field's length limit is an error.
 */
function textField(value: unknown, field: string, limitName: string, required: boolean, row: number, errors: ImportError[], key?: string): string | null {
  const err = (reason: string) => { errors.push({ row, field, reason, key }); return null; };
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return required ? err(`${field} is required`) : null;
  }
  if (typeof value !== "string") return err(`${field} must be a string, not ${Array.isArray(value) ? "a list" : typeof value}`);
  const max = MAX_LENGTH[limitName];
  if (value.length > max) return err(`${field} is ${value.length} characters long; at most ${max}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return err(`${field} contains control characters`);
  return limitName === "quote" || limitName === "text" || limitName === "note" ? value : value.trim();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sourceKeyOf(input: unknown): string | null {
  if (!isObject(input) || !isObject(input.document)) return null;
  const k = input.document.sourceKey;
  return typeof k === "string" && k.trim() ? k.trim() : null;
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
