/**
 * The review page (review.html): an editor pastes or uploads a report, the API proposes its figures
 * (extractFigures), the editor accepts, edits or rejects each one, then imports the accepted ones
 * (importReport, optionally a dry run first). Everything goes through the public GraphQL API.
 */
import "../styles.css";
import "./review.css";
import { ApiError, loadReference } from "../api.ts";
import { append, byId, h } from "../dom.ts";
import { formatNumber, formatPeriod, withQualifier, type Lang, type Qualifier } from "../format.ts";
import { hasMessage, lang, localName, setLang, t } from "../i18n.ts";
import { KINDS, type Kind, type Reference } from "../types.ts";
import { normaliseBody } from "../../ingest/extract/segment.ts";
import { readSavedReport } from "../../ingest/extract/saved-report.ts";
import { marksFor, segments, wholeText, type Mark, type Shown } from "./marks.ts";
import { hasReviewMessage, rt, type ReviewKey } from "./messages.ts";
import { PlaceCombobox } from "./place-combobox.ts";
import { fileToBase64, MAX_FILE_BYTES, sizeText } from "./read-file.ts";
import { extract, importDocument, storedKey, storeKey, type ImportSummary } from "./review-api.ts";
import {
  countDecisions,
  decide,
  editedFields,
  editRow,
  errorsByRow,
  importPayload,
  readText,
  rowProblems,
  rowsFromDraft,
  type Draft,
  type Field,
  type Fields,
  type ImportRowError,
  type Problem,
  type ProposalRow,
} from "./rows.ts";

const QUALIFIERS: Qualifier[] = ["EXACT", "AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"];

interface Review {
  draft: Draft;
  rows: ProposalRow[];
  /** The text the offsets refer to: the pasted text, or the text the server read from the file. */
  reportText: string;
  /** The text the highlights are placed in. */
  shown: Shown;
  marks: Mark[];
  errors: Map<number, ImportRowError[]>;
  openEditor: number | null;
}

let ref: Reference | null = null;
let review: Review | null = null;
let chosenFile: File | null = null;
let busy = false;

// ---------- language and static texts ----------

function applyTexts(): void {
  document.documentElement.lang = lang();
  document.title = rt("title");
  for (const el of document.querySelectorAll<HTMLElement>("[data-rt]")) {
    const key = el.dataset.rt!;
    if (hasReviewMessage(key)) el.textContent = rt(key);
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = el.dataset.i18n!;
    if (hasMessage(key)) el.textContent = t(key);
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang()));
  showFileNote();
  if (review) renderReview();
}

function switchLang(next: Lang): void {
  setLang(next);
  const url = new URL(location.href);
  if (next === "en") url.searchParams.set("lang", "en");
  else url.searchParams.delete("lang");
  history.replaceState(null, "", url);
  applyTexts();
}

// ---------- messages ----------

function alertIn(id: string, text: string | null): void {
  const el = byId(id);
  el.hidden = text === null;
  el.textContent = text ?? "";
}

/** An API failure in the editor's words: a bad key is said plainly. */
function apiMessage(e: unknown, onInput: ReviewKey = "failed"): string {
  if (e instanceof ApiError) {
    if (e.code === "UNAUTHENTICATED") return rt("badKey", { msg: e.message });
    if (e.code === "FORBIDDEN") return rt("notEditor", { msg: e.message });
    if (e.code === "BAD_USER_INPUT") return rt(onInput, { msg: e.message });
    return rt("failed", { msg: e.message });
  }
  return rt("failed", { msg: (e as Error).message });
}

// ---------- input ----------

function showFileNote(): void {
  const note = byId("file-note");
  note.textContent = chosenFile ? rt("fileChosen", { name: chosenFile.name, size: sizeText(chosenFile.size) }) : "";
  byId("clear-file").hidden = !chosenFile;
}

function onPaste(): void {
  const area = byId<HTMLTextAreaElement>("report-text");
  const saved = readSavedReport(area.value);
  if (saved.title === null && saved.url === null && saved.publishedAt === null) return;
  const fill = (id: string, value: string | null) => {
    const input = byId<HTMLInputElement>(id);
    if (value && !input.value) input.value = value;
  };
  fill("doc-title", saved.title);
  fill("doc-url", saved.url);
  fill("doc-published", saved.publishedAt);
}

async function onExtract(ev: Event): Promise<void> {
  ev.preventDefault();
  if (busy) return;
  alertIn("input-alert", null);
  const key = byId<HTMLInputElement>("api-key").value.trim();
  storeKey(key);
  if (!key) {
    alertIn("input-alert", rt("needKey"));
    byId("api-key").focus();
    return;
  }
  const pasted = byId<HTMLTextAreaElement>("report-text").value;
  if (!chosenFile && !pasted.trim()) {
    alertIn("input-alert", rt("needInput"));
    byId("report-text").focus();
    return;
  }
  if (chosenFile && chosenFile.size > MAX_FILE_BYTES) {
    alertIn(
      "input-alert",
      rt("fileTooLarge", { name: chosenFile.name, size: sizeText(chosenFile.size), max: sizeText(MAX_FILE_BYTES) }),
    );
    return;
  }
  const meta = {
    title: byId<HTMLInputElement>("doc-title").value.trim() || undefined,
    publishedAt: byId<HTMLInputElement>("doc-published").value || undefined,
    url: byId<HTMLInputElement>("doc-url").value.trim() || undefined,
  };
  busy = true;
  byId("extract").setAttribute("aria-disabled", "true");
  byId("input-status").textContent = rt("extracting");
  try {
    let reportText: string;
    let draft: Draft;
    if (chosenFile) {
      draft = await extract(key, { ...meta, fileBase64: await fileToBase64(chosenFile), fileName: chosenFile.name });
      // Only the server read the file: the draft brings the text its offsets refer to.
      reportText = draft.text;
    } else {
      // The offsets of the draft refer to the text as the extractor normalises it: send it so.
      reportText = normaliseBody(readSavedReport(pasted).body);
      draft = await extract(key, { ...meta, text: reportText });
    }
    if (!ref) ref = await loadReference();
    startReview(draft, reportText);
    byId("input-status").textContent = rt("extracted", { n: draft.figures.length, left: draft.notRecorded.length });
  } catch (e) {
    byId("input-status").textContent = "";
    alertIn("input-alert", apiMessage(e, "badInput"));
  } finally {
    busy = false;
    byId("extract").removeAttribute("aria-disabled");
  }
}

function startReview(draft: Draft, reportText: string): void {
  const rows = rowsFromDraft(draft);
  const shown = wholeText(reportText);
  review = { draft, rows, reportText, shown, marks: [], errors: new Map(), openEditor: null };
  placeMarks();
  // Fill the document's fields from the draft where the editor left them empty.
  const title = byId<HTMLInputElement>("doc-title");
  if (!title.value && draft.document.title) title.value = draft.document.title;
  const published = byId<HTMLInputElement>("doc-published");
  if (!published.value && draft.document.publishedAt) published.value = draft.document.publishedAt;
  byId("results").hidden = false;
  byId("summary").replaceChildren();
  alertIn("import-alert", null);
  renderReview();
  document.body.dataset.review = "ready";
}

// ---------- the text with its highlights ----------

/** Marks for the rows as they are now: an edited figure is highlighted by its new words. */
function placeMarks(): void {
  const r = review!;
  r.marks = marksFor(
    r.shown,
    r.rows.map((row) => ({ ...row.draft, text: row.fields.text, n: row.n })),
    r.draft.notRecorded,
  );
}

function renderText(): void {
  if (!review) return;
  const view = byId("report-view");
  view.replaceChildren(
    ...segments(review.shown.text, review.marks).map((seg) => {
      if (!seg.mark) return document.createTextNode(seg.text);
      const m = seg.mark;
      if (m.rows.length) {
        const state = m.rows.map((n) => review!.rows[n - 1].decision);
        return h(
          "a",
          {
            class: `fig ${state.every((s) => s === "rejected") ? "is-rejected" : ""}`,
            href: `#row-${m.rows[0]}`,
            "data-rows": m.rows.join(" "),
            id: `mark-${m.rows[0]}`,
            "aria-label": `${seg.text} (${rt("col.n")} ${m.rows.join(", ")})`,
            onclick: (e: Event) => {
              e.preventDefault();
              goToRow(m.rows[0]);
            },
          },
          seg.text,
          h("sup", { "aria-hidden": "true" }, m.rows.join(",")),
        );
      }
      return h(
        "a",
        {
          class: "fig left",
          href: `#left-${m.notRecorded[0]}`,
          id: `left-mark-${m.notRecorded[0]}`,
          onclick: (e: Event) => {
            e.preventDefault();
            const item = document.getElementById(`left-${m.notRecorded[0]}`);
            item?.scrollIntoView({ block: "center" });
            item?.focus();
          },
        },
        seg.text,
      );
    }),
  );
}

function markOf(n: number): HTMLElement | null {
  return (
    [...document.querySelectorAll<HTMLElement>("#report-view a.fig[data-rows]")].find((a) =>
      a.dataset.rows!.split(" ").includes(String(n)),
    ) ?? null
  );
}

function setCurrent(n: number): void {
  for (const el of document.querySelectorAll(".is-current")) el.classList.remove("is-current");
  document.getElementById(`row-${n}`)?.classList.add("is-current");
  markOf(n)?.classList.add("is-current");
}

function goToRow(n: number): void {
  setCurrent(n);
  const row = document.getElementById(`row-${n}`);
  row?.scrollIntoView({ block: "center" });
  document.getElementById(`n-${n}`)?.focus();
}

function goToMark(n: number): void {
  setCurrent(n);
  const mark = markOf(n);
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.focus();
}

// ---------- the table ----------

function measureName(code: string): string {
  const m = ref?.measures.find((x) => x.code === code);
  return m ? localName(m) : code;
}

function programmeName(code: string): string {
  const p = ref?.programmes.find((x) => x.code === code);
  return p ? localName(p) : code;
}

function ethnicityName(code: string): string {
  if (code === "ALL" || code === "DTTS") return t(`eth.${code}`);
  return ref?.ethnicGroups.find((g) => g.code === code)?.name ?? code;
}

function unitWord(unit: string): string {
  const key = `unit.${unit}`;
  return hasReviewMessage(key) ? rt(key) : unit;
}

/** "≈ 3.200.000.000 đồng" for the row's current text, or null when it does not parse. */
function valueOf(row: ProposalRow): string | null {
  const read = readText(row.fields.text);
  if (!read.ok) return null;
  const p = read.parsed;
  const unit = p.unitFamily === "VND" ? unitWord("VND") : p.unitFamily === "PERCENT" ? "%" : unitWord(row.draft.unit);
  const n = (d: { toFixed(): string }) => formatNumber(d.toFixed(), lang(), { maxFraction: 6 });
  const value = p.valueHigh ? `${n(p.value)}–${n(p.valueHigh)}` : n(p.value);
  return withQualifier(unit === "%" ? `${value}%` : `${value} ${unit}`.trim(), row.fields.qualifier as Qualifier);
}

function doubtMark(row: ProposalRow, field: Field): (Node | string)[] {
  if (!row.doubtful.has(field)) return [];
  const cues = row.cues[field]?.join("; ");
  return [
    " ",
    h(
      "span",
      { class: "doubt", title: cues ? rt("cue", { text: cues }) : rt("doubt") },
      h("span", { "aria-hidden": "true" }, "⚠"),
      h("span", { class: "sr-only" }, rt("doubt")),
    ),
  ];
}

function cell(row: ProposalRow, field: Field, label: ReviewKey, ...content: (Node | string | null)[]): HTMLElement {
  const edited = editedFields(row).includes(field);
  return h(
    "td",
    {
      "data-label": rt(label),
      class: [row.doubtful.has(field) ? "is-doubtful" : "", edited ? "is-edited" : ""].join(" ").trim() || null,
      "data-field": field,
    },
    h("div", { class: "cell" }, ...content, ...doubtMark(row, field)),
  );
}

function summaryRow(row: ProposalRow): HTMLTableRowElement {
  const n = row.n;
  const value = valueOf(row);
  const edited = editedFields(row);
  const errors = review!.errors.get(n) ?? [];
  const programme = programmeName(row.fields.programme);
  const ethnicity = row.fields.ethnicity === "ALL" ? null : ethnicityName(row.fields.ethnicity);
  const periodText =
    row.fields.period === row.draft.period && row.draft.periodStart
      ? formatPeriod(row.draft.periodStart, row.draft.periodEnd, lang())
      : row.fields.period;
  const decisionButton = (decision: "accepted" | "rejected", label: ReviewKey, aria: ReviewKey) =>
    h(
      "button",
      {
        type: "button",
        id: `${decision === "accepted" ? "acc" : "rej"}-${n}`,
        class: `toggle ${decision}`,
        "aria-pressed": String(row.decision === decision),
        "aria-label": rt(aria, { n }),
        onclick: () => setDecision(n, row.decision === decision ? "undecided" : decision),
      },
      rt(label),
    );
  return h(
    "tr",
    {
      id: `row-${n}`,
      class: `proposal decision-${row.decision} ${errors.length ? "has-errors" : ""}`,
      "data-key": row.draft.key,
      "aria-invalid": errors.length ? "true" : null,
    },
    h(
      "th",
      { scope: "row", "data-label": rt("col.n") },
      h(
        "button",
        {
          type: "button",
          class: "link-button n-button",
          id: `n-${n}`,
          "aria-label": `${rt("col.n")} ${n}: ${row.fields.text}`,
          onclick: () => goToMark(n),
        },
        String(n),
      ),
    ),
    cell(
      row,
      "text",
      "col.figure",
      h("span", { class: "figure-text" }, row.fields.text),
      value ? h("span", { class: "value" }, value) : null,
      row.draft.estimate ? h("span", { class: "tag" }, rt("estimate")) : null,
      edited.length ? h("span", { class: "tag edited" }, rt("edited")) : null,
    ),
    cell(row, "measure", "col.measure", measureName(row.fields.measure)),
    cell(row, "place", "col.place", row.placeName ?? row.fields.place),
    cell(row, "period", "col.period", periodText),
    cell(row, "kind", "col.kind", t(`kind.${row.fields.kind as Kind}`)),
    cell(row, "programme", "col.programme", ethnicity ? `${programme} · ${ethnicity}` : programme),
    h(
      "td",
      { "data-label": rt("col.confidence"), class: `numeric ${row.draft.confidence < 0.5 ? "low" : ""}` },
      `${Math.round(row.draft.confidence * 100)}%`,
    ),
    h(
      "td",
      { "data-label": rt("col.decision"), class: "decision" },
      h(
        "div",
        { class: "decision-buttons", role: "group", "aria-label": rt("col.decision") },
        decisionButton("accepted", "accept", "acceptN"),
        decisionButton("rejected", "reject", "rejectN"),
        h(
          "button",
          {
            type: "button",
            id: `edit-${n}`,
            class: "secondary",
            "aria-expanded": String(review!.openEditor === n),
            "aria-controls": `editor-${n}`,
            "aria-label": rt("editN", { n }),
            onclick: () => toggleEditor(n),
          },
          rt("edit"),
        ),
      ),
      h("span", { class: "sr-only decision-state" }, rt(`decision.${row.decision}`)),
    ),
  );
}

function errorRow(row: ProposalRow): HTMLTableRowElement | null {
  const errors = review!.errors.get(row.n);
  if (!errors?.length) return null;
  return h(
    "tr",
    { class: "row-errors", id: `errors-${row.n}` },
    h(
      "td",
      { colspan: 9 },
      h(
        "ul",
        {},
        errors.map((e) => h("li", {}, rt("rowError", { n: row.n, field: e.field, reason: e.reason }))),
      ),
    ),
  );
}

const COLUMNS: ReviewKey[] = [
  "col.n",
  "col.figure",
  "col.measure",
  "col.place",
  "col.period",
  "col.kind",
  "col.programme",
  "col.confidence",
  "col.decision",
];

function renderTable(): void {
  const r = review!;
  const table = byId<HTMLTableElement>("proposal-table");
  const body = h("tbody", {});
  for (const row of r.rows) {
    body.append(summaryRow(row));
    const errors = errorRow(row);
    if (errors) body.append(errors);
    if (r.openEditor === row.n) body.append(editorRow(row));
  }
  table.replaceChildren(
    h("caption", { class: "sr-only" }, rt("proposalsTitle")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        COLUMNS.map((c) => h("th", { scope: "col" }, rt(c))),
      ),
    ),
    body,
  );
}

/** Redraws one row (and its error line) in place, leaving an open editor elsewhere alone. */
function refreshRow(n: number): void {
  const row = review!.rows[n - 1];
  document.getElementById(`row-${n}`)?.replaceWith(summaryRow(row));
  const oldErrors = document.getElementById(`errors-${n}`);
  const newErrors = errorRow(row);
  if (oldErrors && newErrors) oldErrors.replaceWith(newErrors);
  else if (oldErrors) oldErrors.remove();
  else if (newErrors) document.getElementById(`row-${n}`)!.after(newErrors);
}

function renderCounts(): void {
  const c = countDecisions(review!.rows);
  byId("counts").textContent = rt("counts", { ...c });
  const importButton = byId("import");
  importButton.textContent = rt("importNow", { n: c.accepted });
  byId("import-note").textContent = c.undecided ? rt("undecidedLeftOut", { n: c.undecided }) : "";
  byId("import-note").hidden = !c.undecided;
}

function renderNotRecorded(): void {
  const left = review!.draft.notRecorded;
  byId("left-title").textContent = rt("notRecordedTitle", { n: left.length });
  byId("not-recorded").replaceChildren(
    ...(left.length
      ? left.map((x, i) =>
          h(
            "li",
            { id: `left-${i}`, tabindex: "-1" },
            h("strong", {}, x.text),
            " — ",
            x.reason,
            h("blockquote", {}, x.quote),
          ),
        )
      : [h("li", {}, rt("noneNotRecorded"))]),
  );
}

function renderReview(): void {
  if (!review) return;
  renderText();
  renderTable();
  renderCounts();
  renderNotRecorded();
}

function setDecision(n: number, decision: ProposalRow["decision"]): void {
  const r = review!;
  r.rows[n - 1] = decide(r.rows[n - 1], decision);
  refreshRow(n);
  renderCounts();
  renderText();
  document.getElementById(`${decision === "rejected" ? "rej" : "acc"}-${n}`)?.focus();
}

// ---------- the editor ----------

function toggleEditor(n: number): void {
  const r = review!;
  const previous = r.openEditor;
  r.openEditor = previous === n ? null : n;
  if (previous !== null) {
    document.getElementById(`editor-${previous}`)?.remove();
    refreshRow(previous);
  }
  if (r.openEditor !== null) {
    refreshRow(n);
    const anchor = document.getElementById(`errors-${n}`) ?? document.getElementById(`row-${n}`)!;
    anchor.after(editorRow(r.rows[n - 1]));
    document.getElementById(`f-${n}-text`)?.focus();
  } else document.getElementById(`edit-${n}`)?.focus();
}

function fieldLabel(row: ProposalRow, field: Field, id: string): HTMLLabelElement {
  return h("label", { for: id }, rt(`field.${field}` as ReviewKey), ...doubtMark(row, field));
}

function cueLine(row: ProposalRow, field: Field): HTMLElement | null {
  const cues = row.cues[field];
  return cues?.length ? h("p", { class: "hint cue" }, rt("cue", { text: cues.join("; ") })) : null;
}

function select(id: string, value: string, options: [string, string][]): HTMLSelectElement {
  const el = h(
    "select",
    { id },
    options.map(([v, label]) => h("option", { value: v }, label)),
  );
  if (!options.some(([v]) => v === value)) el.prepend(h("option", { value }, value));
  el.value = value;
  return el;
}

function programmeOptions(): [string, string][] {
  const all = ref?.programmes ?? [];
  const depth = (code: string): number => {
    let d = 0;
    for (let p = all.find((x) => x.code === code); p?.parentCode; p = all.find((x) => x.code === p!.parentCode)) d++;
    return d;
  };
  return all.map((p) => [p.code, `${"\u00a0\u00a0".repeat(Math.max(0, depth(p.code) - 1))}${localName(p)}`]);
}

function editorRow(row: ProposalRow): HTMLTableRowElement {
  const n = row.n;
  const id = (f: Field) => `f-${n}-${f}`;
  const problemsBox = h("div", { class: "alert", role: "alert", id: `problems-${n}`, hidden: true });
  const valuePreview = h("p", { class: "hint value-preview", "aria-live": "polite", id: `value-${n}` });
  const textInput = h("input", {
    id: id("text"),
    type: "text",
    value: row.fields.text,
    "aria-describedby": `${id("text")}-hint value-${n}`,
    spellcheck: "false",
  });
  const qualifier = select(
    id("qualifier"),
    row.fields.qualifier,
    QUALIFIERS.map((q) => [q, t(`qualifier.${q}`)]),
  );
  const showValue = () => {
    const read = readText(textInput.value);
    valuePreview.textContent = read.ok
      ? rt("valueIs", {
          v: valueOf({ ...row, fields: { ...row.fields, text: textInput.value, qualifier: qualifier.value } }) ?? "",
        })
      : rt("problem.textUnreadable", { detail: read.reason });
  };
  textInput.addEventListener("input", () => {
    const read = readText(textInput.value);
    if (read.ok && !row.qualifierChosen && qualifier.dataset.touched !== "true")
      qualifier.value = read.parsed.qualifier;
    showValue();
  });
  qualifier.addEventListener("change", () => {
    qualifier.dataset.touched = "true";
    showValue();
  });
  showValue();
  const measure = select(
    id("measure"),
    row.fields.measure,
    (ref?.measures ?? []).map((m) => [m.code, `${localName(m)} (${m.code})`]),
  );
  const programme = select(id("programme"), row.fields.programme, programmeOptions());
  const ethnicity = select(id("ethnicity"), row.fields.ethnicity, [
    ["ALL", t("eth.ALL")],
    ["DTTS", t("eth.DTTS")],
    ...(ref?.ethnicGroups ?? [])
      .filter((g) => g.code !== "ALL" && g.code !== "DTTS")
      .map((g) => [g.code, g.name] as [string, string]),
  ]);
  const period = h("input", {
    id: id("period"),
    type: "text",
    value: row.fields.period,
    "aria-describedby": `${id("period")}-hint`,
  });
  const kind = select(
    id("kind"),
    row.fields.kind,
    KINDS.map((k) => [k, t(`kind.${k}`)]),
  );
  const quote = h("textarea", { id: id("quote"), rows: 3 });
  quote.value = row.fields.quote;
  const asOf = () =>
    period.value === row.draft.period
      ? row.draft.periodStart
      : /^\d{4}/.test(period.value)
        ? `${period.value.slice(0, 4)}-01-01`
        : null;
  const place = new PlaceCombobox({
    id: id("place"),
    value: { key: row.fields.place, name: row.placeName ?? row.fields.place },
    asOf,
    describedBy: `${id("place")}-hint`,
    texts: { none: () => rt("noPlaceFound"), searching: () => rt("searching"), lang },
  });

  const field = (f: Field, control: HTMLElement, hint?: ReviewKey, extra?: HTMLElement | null, wide = false) =>
    h(
      "div",
      { class: `field ${wide ? "wide" : ""} ${row.doubtful.has(f) ? "is-doubtful" : ""}` },
      fieldLabel(row, f, id(f)),
      control,
      hint ? h("p", { class: "hint", id: `${id(f)}-hint` }, rt(hint)) : null,
      extra ?? null,
      cueLine(row, f),
    );

  const cancel = () => toggleEditor(n);
  const save = (ev: Event) => {
    ev.preventDefault();
    const changes: Partial<Fields> = {
      text: textInput.value,
      qualifier: qualifier.value,
      measure: measure.value,
      programme: programme.value,
      ethnicity: ethnicity.value,
      place: place.value.key,
      period: period.value.trim(),
      kind: kind.value,
      quote: quote.value,
    };
    let next = editRow(row, changes, place.value.name);
    if (qualifier.dataset.touched === "true")
      next = { ...next, qualifierChosen: true, fields: { ...next.fields, qualifier: qualifier.value } };
    const problems = rowProblems(next, review!.reportText);
    showProblems(n, problems);
    if (problems.length) {
      document.getElementById(id(problems[0].field))?.focus();
      return;
    }
    review!.rows[n - 1] = next;
    review!.errors.delete(n);
    placeMarks();
    renderText();
    review!.openEditor = null;
    document.getElementById(`editor-${n}`)?.remove();
    refreshRow(n);
    renderCounts();
    document.getElementById(`edit-${n}`)?.focus();
  };

  const form = h(
    "form",
    { class: "editor", novalidate: true, onsubmit: save },
    h(
      "fieldset",
      {},
      h("legend", {}, rt("editorTitle", { n })),
      h(
        "div",
        { class: "editor-grid" },
        field("text", textInput, "field.textHint", valuePreview),
        field("qualifier", qualifier),
        field("measure", measure),
        field("programme", programme),
        field("ethnicity", ethnicity),
        field("place", place.element, "field.placeHint"),
        field("period", period, "field.periodHint"),
        field("kind", kind),
        field("quote", quote, undefined, null, true),
      ),
      problemsBox,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: `save-${n}` }, rt("save")),
        h("button", { type: "button", class: "secondary", onclick: cancel }, rt("cancel")),
      ),
    ),
  );
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !(e.target as HTMLElement).closest("[aria-expanded=true][role=combobox]")) {
      e.preventDefault();
      cancel();
    }
  });
  return h("tr", { class: "editor-row", id: `editor-${n}` }, h("td", { colspan: 9 }, form));
}

function showProblems(n: number, problems: Problem[]): void {
  const box = document.getElementById(`problems-${n}`);
  for (const el of document.querySelectorAll(`#editor-${n} [aria-invalid]`)) el.removeAttribute("aria-invalid");
  if (!box) return;
  box.hidden = !problems.length;
  box.replaceChildren(
    h(
      "ul",
      {},
      problems.map((p) => {
        document.getElementById(`f-${n}-${p.field}`)?.setAttribute("aria-invalid", "true");
        return h(
          "li",
          {},
          `${rt(`field.${p.field}` as ReviewKey)}: ${rt(`problem.${p.reason}`, { detail: p.detail ?? "" })}`,
        );
      }),
    ),
  );
}

// ---------- import ----------

async function onImport(dryRun: boolean): Promise<void> {
  const r = review;
  if (!r || busy) return;
  alertIn("import-alert", null);
  const key = byId<HTMLInputElement>("api-key").value.trim();
  storeKey(key);
  if (!key) {
    alertIn("import-alert", rt("needKey"));
    return;
  }
  const accepted = r.rows.filter((x) => x.decision === "accepted");
  if (!accepted.length) {
    alertIn("import-alert", rt("nothingAccepted"));
    return;
  }
  const broken = accepted.filter((x) => rowProblems(x, r.reportText).length).map((x) => x.n);
  if (broken.length) {
    alertIn("import-alert", rt("fixFirst", { rows: broken.join(", ") }));
    return;
  }
  const payload = importPayload(r.draft, r.rows, {
    title: byId<HTMLInputElement>("doc-title").value,
    publishedAt: byId<HTMLInputElement>("doc-published").value,
    url: byId<HTMLInputElement>("doc-url").value,
  });
  busy = true;
  byId("summary").textContent = rt("importing");
  try {
    const summary = await importDocument(key, payload.document, dryRun);
    const { document: docErrors, rows } = errorsByRow(summary.errors, payload.rowOfFigure);
    r.errors = rows;
    renderTable();
    renderSummary(summary, docErrors, rows);
  } catch (e) {
    byId("summary").textContent = "";
    alertIn("import-alert", apiMessage(e, "failed"));
  } finally {
    busy = false;
  }
}

function renderSummary(s: ImportSummary, docErrors: ImportRowError[], rows: Map<number, ImportRowError[]>): void {
  const box = byId("summary");
  const head =
    s.status === "ERROR"
      ? rt("summary.error", { n: s.errors.length })
      : s.dryRun
        ? rt("summary.dry")
        : rt("summary.done", { key: s.sourceKey ?? "", version: s.version ?? "" });
  box.dataset.status = s.status;
  box.dataset.dryRun = String(s.dryRun);
  box.dataset.sourceKey = s.sourceKey ?? "";
  box.replaceChildren();
  append(box, [
    h("p", { class: `summary-head ${s.status === "ERROR" ? "bad" : "good"}` }, head),
    s.status === "ERROR"
      ? null
      : h(
          "p",
          { class: "summary-counts" },
          rt("summary.counts", {
            imported: s.imported,
            updated: s.updated,
            deleted: s.deleted,
            ignored: s.ignored,
            flagged: s.flagged,
            notRecorded: s.notRecorded,
          }),
        ),
    s.flaggedFigures.length
      ? h(
          "ul",
          {},
          s.flaggedFigures.map((f) => h("li", {}, rt("flaggedFigure", { key: f.key, reason: f.reason }))),
        )
      : null,
    docErrors.length
      ? h(
          "div",
          {},
          h("h3", {}, rt("documentErrors")),
          h(
            "ul",
            {},
            docErrors.map((e) => h("li", {}, `${e.field}: ${e.reason}`)),
          ),
        )
      : null,
    rows.size
      ? h(
          "ul",
          { class: "row-error-links" },
          [...rows].flatMap(([n, errors]) =>
            errors.map((e) =>
              h(
                "li",
                {},
                h(
                  "a",
                  {
                    href: `#row-${n}`,
                    onclick: (ev: Event) => {
                      ev.preventDefault();
                      goToRow(n);
                    },
                  },
                  rt("rowError", { n, field: e.field, reason: e.reason }),
                ),
              ),
            ),
          ),
        )
      : null,
  ]);
}

// ---------- start ----------

function acceptAll(): void {
  const r = review;
  if (!r) return;
  r.rows = r.rows.map((row) => (row.decision === "undecided" ? decide(row, "accepted") : row));
  renderReview();
}

function init(): void {
  setLang(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi");
  const keyInput = byId<HTMLInputElement>("api-key");
  keyInput.value = storedKey();
  keyInput.addEventListener("change", () => storeKey(keyInput.value));
  byId("forget-key").addEventListener("click", () => {
    keyInput.value = "";
    storeKey("");
    keyInput.focus();
  });
  byId("report-text").addEventListener("input", onPaste);
  const file = byId<HTMLInputElement>("report-file");
  file.addEventListener("change", () => {
    chosenFile = file.files?.[0] ?? null;
    showFileNote();
  });
  byId("clear-file").addEventListener("click", () => {
    file.value = "";
    chosenFile = null;
    showFileNote();
    file.focus();
  });
  byId("input-form").addEventListener("submit", (e) => void onExtract(e));
  byId("dry-run").addEventListener("click", () => void onImport(true));
  byId("import").addEventListener("click", () => void onImport(false));
  byId("accept-all").addEventListener("click", acceptAll);
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]"))
    b.addEventListener("click", () => switchLang(b.dataset.lang as Lang));
  applyTexts();
  document.body.dataset.ready = "true";
}

init();
