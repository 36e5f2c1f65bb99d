/**
 * The review page's model, pure (no DOM): an extractor's draft → one row per proposal, a reviewer's
 * edits and decisions → the importReport payload, and importReport's errors back onto the rows.
 *
 * The stored value is what `text` (the figure as the report writes it) parses to, and the importer
 * wants `text` verbatim inside `quote`: so the value is edited as that text, and checked here with
 * the importer's own parser before anything is sent.
 */
import type { Draft, DraftFigure, NotRecorded } from "../../ingest/extract/draft.ts";
import type { ImportDocument, ImportFigure } from "../../ingest/import-format.ts";
import type { ImportError } from "../../ingest/import/summary.ts";
import { FigureParseError, parseFigure, type ParsedFigure } from "../../ingest/parse/vn-number.ts";
import type { Qualifier } from "../format.ts";

export type { Draft, DraftFigure, NotRecorded };

/** The fields a reviewer can change, as the import format names them. */
export const EDITABLE_FIELDS = [
  "text",
  "qualifier",
  "measure",
  "programme",
  "ethnicity",
  "place",
  "period",
  "kind",
  "quote",
] as const;
export type Field = (typeof EDITABLE_FIELDS)[number];
export type Fields = Record<Field, string>;

/** Proposals at or above this confidence start accepted; the others wait for the reviewer. */
export const CONFIDENT = 0.5;

export type Decision = "accepted" | "rejected" | "undecided";

export interface ProposalRow {
  /** 1-based, in the draft's order: the number shown on the page and in the highlights. */
  n: number;
  draft: DraftFigure;
  fields: Fields;
  /** The current place's name (the draft's placeName until a place is chosen). */
  placeName: string | null;
  decision: Decision;
  /** Fields the extractor was unsure of: worth a look before accepting. */
  doubtful: ReadonlySet<Field>;
  /** The words of the report (or the rule) that decided each field. */
  cues: Partial<Record<Field, string[]>>;
  /** The reviewer set the qualifier: a changed text no longer resets it. */
  qualifierChosen: boolean;
}

/** Cue fields of the extractor → the import field they decided. */
const CUE_FIELD: Record<string, Field | undefined> = {
  value: "text",
  qualifier: "qualifier",
  measure: "measure",
  programme: "programme",
  ethnicity: "ethnicity",
  place: "place",
  period: "period",
  kind: "kind",
  estimate: "kind",
};

/** Cue texts that say the field was a fallback, not something the report stated at the figure. */
const WEAK_CUE = /default|publication|newspaper|no date|guess|first names|stated before|figure before/i;
/** Fields a proposal cannot do without: no cue at all for them means a guess. */
const NEEDS_CUE: readonly Field[] = ["measure", "place", "period"];

function fieldsOf(f: DraftFigure): Fields {
  return {
    text: f.text,
    qualifier: f.qualifier ?? "EXACT",
    measure: f.measure,
    programme: f.programme ?? "ALL",
    ethnicity: f.ethnicity ?? "ALL",
    place: f.place,
    period: f.period,
    kind: f.kind ?? "ACTUAL",
    quote: f.quote,
  };
}

export function cuesOf(f: DraftFigure): Partial<Record<Field, string[]>> {
  const out: Partial<Record<Field, string[]>> = {};
  for (const c of f.cues ?? []) {
    const field = CUE_FIELD[c.field];
    if (field) (out[field] ??= []).push(c.text);
  }
  return out;
}

/** Fields to check: every one when the whole proposal is unsure, else those decided by a fallback or by nothing. */
export function doubtfulFields(f: DraftFigure): Set<Field> {
  if (f.confidence < CONFIDENT) return new Set(EDITABLE_FIELDS.filter((x) => x !== "quote"));
  const cues = cuesOf(f);
  const out = new Set<Field>();
  for (const [field, texts] of Object.entries(cues) as [Field, string[]][])
    if (texts.some((t) => WEAK_CUE.test(t))) out.add(field);
  for (const field of NEEDS_CUE) if (!cues[field]?.length) out.add(field);
  return out;
}

export function rowsFromDraft(draft: Draft): ProposalRow[] {
  return draft.figures.map((f, i) => ({
    n: i + 1,
    draft: f,
    fields: fieldsOf(f),
    placeName: f.placeName,
    decision: f.confidence >= CONFIDENT ? "accepted" : "undecided",
    doubtful: doubtfulFields(f),
    cues: cuesOf(f),
    qualifierChosen: false,
  }));
}

/** What a figure's text parses to, or why it does not parse (the importer's own parser). */
export function readText(text: string): { ok: true; parsed: ParsedFigure } | { ok: false; reason: string } {
  try {
    return { ok: true, parsed: parseFigure(text) };
  } catch (e) {
    if (e instanceof FigureParseError) return { ok: false, reason: e.reason };
    throw e;
  }
}

/**
 * A row with some fields changed. A new text brings its own qualifier ("hơn 28.800" → AT_LEAST)
 * unless the reviewer chose one; a new place brings its name.
 */
export function editRow(row: ProposalRow, changes: Partial<Fields>, placeName?: string | null): ProposalRow {
  const fields = { ...row.fields, ...changes };
  const qualifierChosen =
    row.qualifierChosen || (changes.qualifier !== undefined && changes.qualifier !== row.fields.qualifier);
  if (changes.text !== undefined && !qualifierChosen) {
    const read = readText(changes.text);
    if (read.ok) fields.qualifier = read.parsed.qualifier;
  }
  return {
    ...row,
    fields,
    qualifierChosen,
    placeName:
      changes.place !== undefined && changes.place !== row.fields.place ? (placeName ?? changes.place) : row.placeName,
  };
}

export function decide(row: ProposalRow, decision: Decision): ProposalRow {
  return { ...row, decision };
}

/** The fields that differ from the draft. */
export function editedFields(row: ProposalRow): Field[] {
  const original = fieldsOf(row.draft);
  return EDITABLE_FIELDS.filter((f) => row.fields[f] !== original[f]);
}

export interface Problem {
  field: Field;
  reason: "textNotInQuote" | "quoteNotInReport" | "textUnreadable" | "empty";
  detail?: string;
}

/** What the importer would refuse that can be seen here already (the rest the dry run tells). */
export function rowProblems(row: ProposalRow, reportText: string): Problem[] {
  const out: Problem[] = [];
  for (const f of EDITABLE_FIELDS) if (!row.fields[f].trim()) out.push({ field: f, reason: "empty" });
  const { text, quote } = row.fields;
  if (text.trim()) {
    const read = readText(text);
    if (!read.ok) out.push({ field: "text", reason: "textUnreadable", detail: read.reason });
    if (quote.trim() && !quote.includes(text)) out.push({ field: "text", reason: "textNotInQuote" });
  }
  if (quote.trim() && !normalizeSpaces(reportText).includes(normalizeSpaces(quote)))
    out.push({ field: "quote", reason: "quoteNotInReport" });
  return out;
}

function normalizeSpaces(s: string): string {
  return s.replace(/\s+/g, " ");
}

export interface DocumentForm {
  title: string;
  publishedAt: string;
  url: string;
}

export interface ImportPayload {
  document: ImportDocument;
  /** rowOfFigure[i] is the row number (n) of payload figure i; importReport's `row` is i + 1. */
  rowOfFigure: number[];
}

function importFigure(row: ProposalRow): ImportFigure {
  const f = row.fields;
  const out: ImportFigure = {
    key: row.draft.key,
    place: f.place,
    ethnicity: f.ethnicity,
    programme: f.programme,
    measure: f.measure,
    period: f.period,
    kind: f.kind as ImportFigure["kind"],
    text: f.text,
    quote: f.quote,
    qualifier: f.qualifier as Qualifier,
  };
  // What the extractor decided beyond the editable fields travels as it was.
  for (const k of ["valueType", "direction", "base", "fundingSource", "capitalType"] as const)
    if (row.draft[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = row.draft[k];
  return out;
}

/** The accepted rows, in order, as importReport's `document`; the draft's own review fields left out. */
export function importPayload(draft: Draft, rows: readonly ProposalRow[], form: DocumentForm): ImportPayload {
  const accepted = rows.filter((r) => r.decision === "accepted");
  const { note: _note, ...meta } = draft.document;
  return {
    document: {
      document: {
        ...meta,
        title: form.title.trim() || meta.title,
        publishedAt: form.publishedAt.trim() || meta.publishedAt,
        url: form.url.trim() || meta.url,
      },
      figures: accepted.map(importFigure),
      notRecorded: draft.notRecorded.map((x) => ({ text: x.text, quote: x.quote, reason: x.reason })),
    },
    rowOfFigure: accepted.map((r) => r.n),
  };
}

/** One of importReport's errors (src/ingest/import/summary.ts), as GraphQL sends it: a row without a key has null. */
export type ImportRowError = Omit<ImportError, "key"> & { key?: string | null };

/**
 * importReport's errors by row number (n): `row` is the 1-based position in `figures`, 0 the
 * document. A notRecorded entry's errors (field "notRecorded…") are the document's too.
 */
export function errorsByRow(
  errors: readonly ImportRowError[],
  rowOfFigure: readonly number[],
): { document: ImportRowError[]; rows: Map<number, ImportRowError[]> } {
  const document: ImportRowError[] = [];
  const rows = new Map<number, ImportRowError[]>();
  for (const e of errors) {
    const n = e.field.startsWith("notRecorded") ? undefined : rowOfFigure[e.row - 1];
    if (e.row <= 0 || n === undefined) document.push(e);
    else rows.set(n, [...(rows.get(n) ?? []), e]);
  }
  return { document, rows };
}

export interface Counts {
  accepted: number;
  rejected: number;
  undecided: number;
}

export function countDecisions(rows: readonly ProposalRow[]): Counts {
  const c: Counts = { accepted: 0, rejected: 0, undecided: 0 };
  for (const r of rows) c[r.decision]++;
  return c;
}
