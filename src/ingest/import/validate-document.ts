/**
 * Checks a whole import document against the reference data and turns it into the records to
 * store. Pure: the reference is passed in. Every error is reported (not only the first), each with
 * its row and field, so that one correction round fixes a file.
 */
import type { Decimal } from "decimal.js";
import { periodProblem, resolvePlaceRef, withPlaces } from "../../reference/place-ref.ts";
import { checkPlaceGroup, groupPlace, sameGroup, type PlaceGroupDef } from "../../reference/place-groups.ts";
import { QUALIFIERS } from "../../rules/qualifier-algebra.ts";
import { CHANGE_MEASURES } from "../../reference/measures.ts";
import { parseReportedPeriod, PeriodParseError, type Period } from "../../rules/period.ts";
import { VALUE_TYPES, valueTypeOf, type Direction, type ValueType } from "../../rules/value-type.ts";
import { FIGURE_KINDS, type FigureKind } from "../../shared/slices.ts";
import { CAPITAL_TYPES, FUNDING_SOURCES, type CapitalType, type FundingSource } from "../import-format.ts";
import { DRAFT_DOCUMENT_FIELDS, DRAFT_FIGURE_FIELDS } from "../extract/draft.ts";
import { POVERTY_STANDARD_CODES, type PovertyStandard } from "../../rules/poverty-standard.ts";
import { readValueForm } from "../parse/value-form.ts";
import { FigureParseError, parseFigure, type ParsedFigure, type Qualifier } from "../parse/vn-number.ts";
import {
  statedValue,
  unitErrors,
  validateDocumentFigures,
  type FigureToValidate,
  type FigureVerdict,
} from "../validate/plausibility.ts";
import type { DocumentRecord } from "../../shared/document.ts";
import type { FigureRecord, NotRecordedRecord } from "./records.ts";
import { checkConsistency, INCONSISTENT, type Finding, type FigureToCheck } from "../../rules/consistency.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import type { ImportReference } from "./reference.ts";
import type { ImportError } from "./summary.ts";
import { addTo } from "../../rules/lists.ts";

export const MAX_FIGURES = 50_000;

/** Longest accepted text per field: beyond these a value is a paste accident, not a report field. */
export const MAX_LENGTH: Record<string, number> = {
  sourceKey: 300,
  title: 1000,
  publisher: 300,
  author: 300,
  publishedAt: 10,
  url: 2000,
  fileName: 300,
  note: 10_000,
  key: 200,
  place: 100,
  ethnicity: 20,
  programme: 50,
  measure: 100,
  period: 60,
  kind: 10,
  text: 300,
  quote: 5000,
  qualifier: 10,
  valueType: 30,
  direction: 10,
  base: 300,
  fundingSource: 20,
  capitalType: 20,
  povertyStandard: 40,
  reason: 1000,
};
const DOCUMENT_KEYS = new Set(["sourceKey", "title", "publisher", "author", "publishedAt", "url", "fileName", "note"]);
const FIGURE_KEYS = new Set([
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
  "valueType",
  "direction",
  "base",
  "fundingSource",
  "capitalType",
  "povertyStandard",
]);
const NOT_RECORDED_KEYS = new Set(["text", "quote", "reason"]);
const PLACE_GROUP_KEYS = new Set([
  "code",
  "name",
  "description",
  "source",
  "validFrom",
  "validTo",
  "members",
  "within",
]);
// An extractor's draft (src/ingest/extract/draft.ts) imports as it is: its review fields are not stored.
const DRAFT_NOT_RECORDED_FIELDS = new Set([...DRAFT_FIGURE_FIELDS, ...FIGURE_KEYS]);
const DIRECTIONS: readonly Direction[] = ["DECREASE", "INCREASE"];
// numeric(38, 6) in the figure table
const MAX_DECIMALS = 6;
const MAX_INTEGER_DIGITS = 32;

export interface ValidateOptions {
  /** The row number of each figure in its source (CSV: file line); default its 1-based index. */
  rowNumbers?: number[];
  /** The row document-level errors are reported on (CSV: the first data line); default 0. */
  documentRow?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Only the verdict is wanted (the extractor checking its draft): the same checks and errors, but
   * no records are built, so an ok result comes back with no figures.
   */
  errorsOnly?: boolean;
}

export type ValidationResult =
  | {
      ok: true;
      document: DocumentRecord;
      figures: FigureRecord[];
      notRecorded: NotRecordedRecord[];
      /** Groups the document declares that do not exist yet: written with it. */
      placeGroups: PlaceGroupDef[];
    }
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
  valueType: ValueType;
  sign: 1 | -1;
  base: string | null;
  estimated: boolean;
  fundingSource: FundingSource | null;
  capitalType: CapitalType | null;
  povertyStandard: PovertyStandard | null;
}

export function validateDocument(input: unknown, ref: ImportReference, opts: ValidateOptions = {}): ValidationResult {
  const errors: ImportError[] = [];
  const docRow = opts.documentRow ?? 0;
  const fail = (extra: ImportError[] = []) => ({
    ok: false as const,
    errors: [...errors, ...extra],
    sourceKey: sourceKeyOf(input),
  });

  if (!isObject(input))
    return fail([
      { row: docRow, field: "document", reason: 'an import is a JSON object with "document" and "figures"' },
    ]);
  for (const k of Object.keys(input)) {
    // A draft (src/ingest/extract/draft.ts) imports as it is: the text it was read from is not stored.
    if (
      k !== "document" &&
      k !== "figures" &&
      k !== "notRecorded" &&
      k !== "placeGroups" &&
      !DRAFT_DOCUMENT_FIELDS.has(k)
    ) {
      errors.push({
        row: docRow,
        field: k,
        reason: `unknown field "${k}" (expected "document", "figures", "notRecorded" and "placeGroups")`,
      });
    }
  }
  const document = validateMeta(input.document, docRow, errors);
  const notRecorded = validateNotRecorded(input.notRecorded, docRow, errors);
  const groups = validatePlaceGroups(input.placeGroups, docRow, ref, errors, document);
  const figureRef = groups.created.length
    ? { ...ref, places: withPlaces(ref.places, groups.created.map(groupPlace)) }
    : ref;

  const figures = input.figures;
  if (!Array.isArray(figures))
    return fail([{ row: docRow, field: "figures", reason: '"figures" must be a list of figures' }]);
  if (figures.length === 0 && notRecorded.length === 0) {
    return fail([
      {
        row: docRow,
        field: "figures",
        reason:
          'the document has no figures (list what it states but cannot be recorded in "notRecorded", with the reason)',
      },
    ]);
  }
  if (figures.length > MAX_FIGURES) {
    return fail([
      {
        row: docRow,
        field: "figures",
        reason: `${figures.length} figures in one document; at most ${MAX_FIGURES} (split the report into several documents)`,
      },
    ]);
  }

  const rowOf = (i: number) => opts.rowNumbers?.[i] ?? i + 1;
  const firstRowOfKey = new Map<string, number>();
  const checked: Checked[] = [];
  const unitChecked: { row: number; key: string; measureCode: string; parsed: ParsedFigure; valueType: ValueType }[] =
    [];
  for (let i = 0; i < figures.length; i++) {
    const row = rowOf(i);
    const before = errors.length;
    const c = validateFigure(figures[i], row, figureRef, errors, firstRowOfKey, document?.publishedAt ?? null);
    if (c.measureCode && c.parsed && c.valueType)
      unitChecked.push({ row, key: c.key ?? "", measureCode: c.measureCode, parsed: c.parsed, valueType: c.valueType });
    if (errors.length === before && c.complete) checked.push(Object.assign(c.complete, { index: i }));
    opts.onProgress?.(i + 1, figures.length);
  }
  for (const u of unitChecked) {
    for (const reason of unitErrors({
      measure: ref.measures.get(u.measureCode)!,
      parsed: u.parsed,
      valueType: u.valueType,
    })) {
      errors.push({ row: u.row, field: "text", reason, key: u.key || undefined });
    }
  }
  if (errors.length || !document) return fail();

  const verdicts = plausibility(
    checked.map((c): FigureToValidate => ({
      key: c.key,
      measure: ref.measures.get(c.measureCode)!,
      programmeCode: c.programmeCode,
      placeKey: c.placeKey,
      ethnicityCode: c.ethnicityCode,
      periodStart: c.period.start,
      periodEnd: c.period.end,
      kind: c.kind,
      parsed: c.parsed,
      valueType: c.valueType,
    })),
  );
  const findings = consistencyFindings(checked, ref);
  const records: FigureRecord[] = [];
  checked.forEach((c, n) => {
    const v = withFindings(verdicts[n], findings.get(c.key) ?? []);
    for (const reason of v.errors) errors.push({ row: rowOf(c.index), field: "text", reason, key: c.key });
    if (opts.errorsOnly) return;
    records.push({
      key: c.key,
      placeKey: c.placeKey,
      ethnicityCode: c.ethnicityCode,
      programmeCode: c.programmeCode,
      measureCode: c.measureCode,
      periodStart: c.period.start,
      periodEnd: c.period.end,
      kind: c.kind,
      value: statedValue(c).times(c.sign).toFixed(),
      qualifier: c.qualifier,
      rawText: c.text,
      quote: c.quote,
      flags: [...v.flags],
      flagReason: v.flagReason,
      suggestedValue: v.suggestedValue?.times(c.sign).toFixed() ?? null,
      valueType: c.valueType,
      valueHigh: c.parsed.valueHigh?.times(c.sign).toFixed() ?? null,
      total: c.valueType === "COUNT_OF_TOTAL" ? c.parsed.outOf!.toFixed() : null,
      base: c.base,
      status: c.estimated ? "E" : "A",
      fundingSource: c.fundingSource,
      capitalType: c.capitalType,
      povertyStandard: c.povertyStandard,
    });
  });
  if (errors.length) return fail();
  return { ok: true, document, figures: records, notRecorded, placeGroups: groups.created };
}

/**
 * The place groups a document declares for its figures ("7 huyện nghèo" of Hà Giang), checked like
 * an editor's group; its figures name one by code or key ("G-<code>"). A group that exists already
 * must be declared as it stands (a re-import repeats it); a new one is written with the document.
 */
function validatePlaceGroups(
  list: unknown,
  row: number,
  ref: ImportReference,
  errors: ImportError[],
  document: DocumentRecord | null,
): { created: PlaceGroupDef[] } {
  if (list === undefined || list === null) return { created: [] };
  if (!Array.isArray(list)) {
    errors.push({
      row,
      field: "placeGroups",
      reason: '"placeGroups" must be a list of { code, name, validFrom, validTo, members, within }',
    });
    return { created: [] };
  }
  const created: PlaceGroupDef[] = [];
  list.forEach((item, i) => {
    const field = `placeGroups[${i}]`;
    if (!isObject(item)) {
      errors.push({
        row,
        field,
        reason: "a place group is an object with code, name, validFrom and members or within",
      });
      return;
    }
    for (const k of Object.keys(item)) {
      if (!PLACE_GROUP_KEYS.has(k))
        errors.push({
          row,
          field: `${field}.${k}`,
          reason: `unknown field "${k}" (expected ${[...PLACE_GROUP_KEYS].join(", ")})`,
        });
    }
    const members = item.members;
    if (
      members !== undefined &&
      members !== null &&
      !(Array.isArray(members) && members.every((m) => typeof m === "string"))
    ) {
      errors.push({ row, field: `${field}.members`, reason: "members must be a list of keys, codes or names" });
      return;
    }
    const source = item.source ?? (document ? `${document.title} (${document.sourceKey})` : "");
    const checked = checkPlaceGroup(ref.places, {
      code: String(item.code ?? ""),
      name: String(item.name ?? ""),
      description: typeof item.description === "string" ? item.description : null,
      source: String(source),
      validFrom: String(item.validFrom ?? ""),
      validTo: typeof item.validTo === "string" ? item.validTo : null,
      members: members as string[] | undefined,
      within: typeof item.within === "string" ? item.within : null,
    });
    if (!checked.ok) {
      for (const p of checked.problems)
        errors.push({ row, field: `${field}.${p.field}`, reason: p.member ? `"${p.member}": ${p.reason}` : p.reason });
      return;
    }
    const group = checked.group;
    const existing = ref.groups.get(group.code);
    if (existing && !sameGroup(existing, group))
      errors.push({
        row,
        field: `${field}.code`,
        reason: `a place group "${group.code}" exists already with another name, validity, scope or members; use another code`,
      });
    else if (created.some((g) => g.code === group.code))
      errors.push({ row, field: `${field}.code`, reason: `group "${group.code}" is declared twice` });
    else if (!existing) created.push(group);
  });
  return { created };
}

function validateNotRecorded(list: unknown, row: number, errors: ImportError[]): NotRecordedRecord[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push({ row, field: "notRecorded", reason: '"notRecorded" must be a list of { text, quote, reason }' });
    return [];
  }
  const out: NotRecordedRecord[] = [];
  list.forEach((item, i) => {
    const field = `notRecorded[${i}]`;
    if (!isObject(item)) {
      errors.push({ row, field, reason: "a figure not recorded is an object with text, quote and reason" });
      return;
    }
    for (const k of Object.keys(item)) {
      if (!NOT_RECORDED_KEYS.has(k) && !DRAFT_NOT_RECORDED_FIELDS.has(k))
        errors.push({ row, field: `${field}.${k}`, reason: `unknown field "${k}" (expected text, quote, reason)` });
    }
    const text = textField(item.text, `${field}.text`, "text", true, row, errors);
    const quote = textField(item.quote, `${field}.quote`, "quote", true, row, errors);
    const reason = textField(item.reason, `${field}.reason`, "reason", true, row, errors);
    if (text !== null && quote !== null && !quote.includes(text)) {
      errors.push({ row, field: `${field}.quote`, reason: `the quote does not contain the text "${text}" verbatim` });
    }
    if (text !== null && quote !== null && reason !== null) out.push({ text, quote, reason });
  });
  return out;
}

/** The consistency findings of the document's figures (src/rules/consistency.ts), by figure key. */
function consistencyFindings(checked: Checked[], ref: ImportReference): Map<string, Finding[]> {
  const findings = checkConsistency(
    checked.map((c): FigureToCheck => ({
      key: c.key,
      measure: ref.measures.get(c.measureCode)!,
      placeKey: c.placeKey,
      ethnicityCode: c.ethnicityCode,
      programmeCode: c.programmeCode,
      periodStart: c.period.start,
      periodEnd: c.period.end,
      kind: c.kind,
      value: statedValue(c),
      exact: c.qualifier === "EXACT",
    })),
    {
      programmeParent: (code) => PROGRAMME_PARENT.get(code),
      placeParent: (key) => ref.places.byKey.get(key)?.parentKey,
    },
  );
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) addTo(byKey, f.key, f);
  return byKey;
}

const PROGRAMME_PARENT = new Map(buildProgrammes().map((p) => [p.code, p.parentCode]));

/** A figure inconsistent with others is stored and counted, flagged INCONSISTENT with "RULE: reason". */
function withFindings(v: FigureVerdict, findings: Finding[]): FigureVerdict {
  if (findings.length === 0) return v;
  const reasons = [...(v.flagReason ? [v.flagReason] : []), ...findings.map((f) => `${f.rule}: ${f.reason}`)];
  return { ...v, flags: [...v.flags, INCONSISTENT], flagReason: reasons.join("; ") };
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
    indexes.forEach((i, n) => {
      out[i] = verdicts[n];
    });
  }
  return out;
}

function validateMeta(meta: unknown, row: number, errors: ImportError[]): DocumentRecord | null {
  if (!isObject(meta)) {
    errors.push({
      row,
      field: "document",
      reason: '"document" must be an object with sourceKey, title, publisher, author, publishedAt, url, fileName',
    });
    return null;
  }
  const before = errors.length;
  for (const k of Object.keys(meta)) {
    if (!DOCUMENT_KEYS.has(k))
      errors.push({
        row,
        field: `document.${k}`,
        reason: `unknown document field "${k}" (expected one of ${[...DOCUMENT_KEYS].join(", ")})`,
      });
  }
  const field = (name: string, required: boolean) =>
    textField(meta[name], `document.${name}`, name, required, row, errors);
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
  valueType?: ValueType;
  complete?: Omit<Checked, "index">;
}

function validateFigure(
  f: unknown,
  row: number,
  ref: ImportReference,
  errors: ImportError[],
  firstRowOfKey: Map<string, number>,
  publishedAt: string | null,
): FigureCheck {
  if (!isObject(f)) {
    errors.push({
      row,
      field: "figure",
      reason: "a figure must be an object with key, place, measure, period, text and quote",
    });
    return {};
  }
  const key = textField(f.key, "key", "key", true, row, errors) ?? undefined;
  const err = errorReporter(errors, row, key);
  for (const k of Object.keys(f)) {
    if (!FIGURE_KEYS.has(k) && !DRAFT_FIGURE_FIELDS.has(k))
      err(k, `unknown figure field "${k}" (expected one of ${[...FIGURE_KEYS].join(", ")})`);
  }
  if (key !== undefined) {
    const first = firstRowOfKey.get(key);
    if (first !== undefined) err("key", `duplicate key "${key}": already used on row ${first}`);
    else firstRowOfKey.set(key, row);
  }
  const field = fieldReader(f, row, errors, key);
  const placeText = field("place", true);
  const ethnicityCode = field("ethnicity", false) ?? "ALL";
  const programmeCode = field("programme", false) ?? "ALL";
  const measureText = field("measure", true);
  const periodText = field("period", true);
  const kindText = field("kind", false) ?? "ACTUAL";
  const text = field("text", true);
  const quote = field("quote", true);
  const qualifierText = field("qualifier", false);
  const valueTypeText = field("valueType", false);
  const directionText = field("direction", false);
  const baseText = field("base", false);
  const fundingText = field("fundingSource", false);
  const capitalText = field("capitalType", false);
  const statedType = oneOf(valueTypeText, VALUE_TYPES, "valueType", err);
  const statedDirection = oneOf(directionText, DIRECTIONS, "direction", err);
  const fundingSource = oneOf(fundingText, FUNDING_SOURCES, "fundingSource", err);
  const capitalType = oneOf(capitalText, CAPITAL_TYPES, "capitalType", err);
  const povertyStandard = oneOf(field("povertyStandard", false), POVERTY_STANDARD_CODES, "povertyStandard", err);

  let period: Period | null = null;
  if (periodText !== null) {
    try {
      period = parseReportedPeriod(periodText, publishedAt);
    } catch (e) {
      if (!(e instanceof PeriodParseError)) throw e;
      err("period", `"${periodText}": ${e.reason}`);
    }
  }
  let placeKey: string | null = null;
  if (placeText !== null) {
    const r = resolvePlaceRef(ref.places, placeText, period);
    if (!r.ok) err("place", r.reason);
    else if (period && periodProblem(ref.places, r.place, period))
      err("place", periodProblem(ref.places, r.place, period)!);
    else placeKey = r.place.key;
  }
  if (!ref.ethnicities.has(ethnicityCode))
    err("ethnicity", `unknown ethnicity "${ethnicityCode}" (GSO code "01".."54", "DTTS" or "ALL")`);
  if (!ref.programmes.has(programmeCode)) err("programme", `unknown programme "${programmeCode}"`);
  const measureCode = measureText !== null && ref.measures.has(measureText) ? measureText : undefined;
  if (measureText !== null && !measureCode) err("measure", `unknown measure "${measureText}"`);
  const kind = FIGURE_KINDS.find((k) => k === kindText);
  if (!kind) err("kind", `unknown kind "${kindText}" (expected ${FIGURE_KINDS.join(", ")})`);
  const qualifierOverride = qualifierText === null ? null : QUALIFIERS.find((q) => q === qualifierText);
  if (qualifierOverride === undefined)
    err("qualifier", `unknown qualifier "${qualifierText}" (expected ${QUALIFIERS.join(", ")})`);

  let parsed: ParsedFigure | undefined;
  if (text !== null) {
    try {
      parsed = parseFigure(text);
    } catch (e) {
      if (!(e instanceof FigureParseError)) throw e;
      err("text", e.reason);
    }
  }
  if (parsed) for (const v of [parsed.value, parsed.outOf]) if (v) storable(v, (reason) => err("text", reason));
  const quoteHolds = text !== null && quote !== null && quote.includes(text);
  if (text !== null && quote !== null && !quoteHolds)
    err("quote", `the quote does not contain the text "${text}" verbatim`);

  let form: { valueType: ValueType; sign: 1 | -1; base: string | null; estimated: boolean } | null = null;
  if (parsed && quoteHolds && measureCode && kind && statedType !== undefined && statedDirection !== undefined) {
    const sentence = readValueForm(text!, quote!);
    // "gần 334 nghìn lượt" + " hộ nghèo …": what the occasions count is in the words after the text.
    if (parsed.unitFamily === "COUNT" && parsed.noun === "lượt" && sentence.nounAfter)
      parsed = { ...parsed, noun: `lượt ${sentence.nounAfter}` };
    const measure = ref.measures.get(measureCode)!;
    const verdict = valueTypeOf({
      measure: { unit: measure.unit, aggregation: measure.aggregation, isChange: CHANGE_MEASURES.has(measureCode) },
      textFamily: parsed.unitFamily,
      ...sentence,
      hasOutOf: parsed.outOf !== null,
      kind,
      stated: {
        valueType: statedType ?? undefined,
        direction: statedDirection ?? undefined,
        base: baseText ?? undefined,
      },
    });
    if (!verdict.ok) err(statedType ? "valueType" : "text", verdict.reason);
    else
      form = {
        valueType: verdict.valueType,
        sign: verdict.sign,
        base: verdict.base,
        estimated: parsed.estimated || sentence.estimated,
      };
  }
  if (form && (fundingSource || capitalType) && ref.measures.get(measureCode!)!.unit !== "VND") {
    err(
      fundingSource ? "fundingSource" : "capitalType",
      "a funding source or capital type is only for money (VND measures)",
    );
  }

  if (
    placeKey === null ||
    !period ||
    !measureCode ||
    !kind ||
    !parsed ||
    !form ||
    text === null ||
    quote === null ||
    key === undefined ||
    qualifierOverride === undefined ||
    fundingSource === undefined ||
    capitalType === undefined ||
    povertyStandard === undefined
  ) {
    return { key, measureCode, parsed, valueType: form?.valueType };
  }
  return {
    key,
    measureCode,
    parsed,
    valueType: form.valueType,
    complete: {
      key,
      period,
      placeKey,
      ethnicityCode,
      programmeCode,
      measureCode,
      kind,
      parsed,
      qualifier: qualifierOverride ?? parsed.qualifier,
      text,
      quote,
      ...form,
      fundingSource,
      capitalType,
      povertyStandard,
    },
  };
}

// Factories rather than named arrows in validateFigure: tsx (esbuild keepNames) renames every named
// closure each time it is created, and the extractor validates every figure it proposes.
function errorReporter(errors: ImportError[], row: number, key: string | undefined) {
  return (field: string, reason: string) => errors.push({ row, field, reason, key });
}

function fieldReader(f: Record<string, unknown>, row: number, errors: ImportError[], key: string | undefined) {
  return (name: string, required: boolean) => textField(f[name], name, name, required, row, errors, key);
}

/** null when absent, undefined (and an error) when not one of `allowed`. */
function oneOf<T extends string>(
  text: string | null,
  allowed: readonly T[],
  field: string,
  err: (field: string, reason: string) => void,
): T | null | undefined {
  if (text === null) return null;
  const hit = allowed.find((a) => a === text);
  if (!hit) err(field, `unknown ${field} "${text}" (expected ${allowed.join(", ")})`);
  return hit;
}

/** A value the figure table keeps exactly: numeric(38, 6). */
function storable(v: Decimal, fail: (reason: string) => void): void {
  if (v.decimalPlaces() > MAX_DECIMALS)
    fail(`${v.toFixed()} has more than ${MAX_DECIMALS} decimals and cannot be stored exactly`);
  else if (v.truncated().toFixed().length > MAX_INTEGER_DIGITS) fail(`${v.toFixed()} is too large to store`);
}

/**
 * A string field: absent, null or blank is null (an error when required); anything but a string,
 * control characters or a text over the field's length limit is an error.
 */
function textField(
  value: unknown,
  field: string,
  limitName: string,
  required: boolean,
  row: number,
  errors: ImportError[],
  key?: string,
): string | null {
  let reason: string;
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    if (!required) return null;
    reason = `${field} is required`;
  } else if (typeof value !== "string")
    reason = `${field} must be a string, not ${Array.isArray(value) ? "a list" : typeof value}`;
  else if (value.length > MAX_LENGTH[limitName])
    reason = `${field} is ${value.length} characters long; at most ${MAX_LENGTH[limitName]}`;
  else if (CONTROL_CHARACTERS.test(value)) reason = `${field} contains control characters`;
  else return limitName === "quote" || limitName === "text" || limitName === "note" ? value : value.trim();
  // One error, no closure: this runs for every field of every figure (and the extractor checks every draft).
  errors.push({ row, field, reason, key });
  return null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

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
