import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractFigures } from "../../ingest/extract/extract.ts";
import { readSavedReport } from "../../ingest/extract/saved-report.ts";
import { normaliseBody } from "../../ingest/extract/segment.ts";
import {
  countDecisions,
  decide,
  doubtfulFields,
  editedFields,
  editRow,
  errorsByRow,
  importPayload,
  rowProblems,
  rowsFromDraft,
  type Draft,
  type DraftFigure,
} from "./rows.ts";

// A real draft: the extractor on a seed report (Long An, 16 figures and 2 left out).
const saved = readSavedReport(
  readFileSync(new URL("../../ingest/seed/reports/001_2ddaf8eb7a8f073c.txt", import.meta.url), "utf8"),
);
const body = normaliseBody(saved.body);
const draft: Draft = extractFigures({ text: body, publishedAt: "2024-06-10", title: "Long An" });

function figure(over: Partial<DraftFigure>): DraftFigure {
  return {
    ...draft.figures[0],
    ...over,
  };
}

describe("draft → rows", () => {
  it("numbers the proposals in the draft's order with their import fields, confident ones accepted", () => {
    const rows = rowsFromDraft(draft);
    expect(rows.length).toBe(draft.figures.length);
    expect(rows.length).toBeGreaterThan(10);
    rows.forEach((r, i) => {
      const f = draft.figures[i];
      expect(r.n).toBe(i + 1);
      expect(r.fields).toEqual({
        text: f.text,
        qualifier: f.qualifier,
        measure: f.measure,
        programme: f.programme,
        ethnicity: f.ethnicity,
        place: f.place,
        period: f.period,
        kind: f.kind,
        quote: f.quote,
      });
      expect(r.placeName).toBe(f.placeName);
      expect(r.decision).toBe(f.confidence >= 0.5 ? "accepted" : "undecided");
    });
    const unsure = rowsFromDraft({ ...draft, figures: [figure({ confidence: 0.45 })] })[0];
    expect(unsure.decision).toBe("undecided");
  });

  it("marks every field of an unsure proposal, and a field decided by a fallback or by nothing", () => {
    expect([...doubtfulFields(figure({ confidence: 0.3 }))].sort()).toEqual(
      ["ethnicity", "kind", "measure", "period", "place", "programme", "qualifier", "text"].sort(),
    );
    const sure = figure({
      confidence: 0.9,
      cues: [
        { field: "value", text: "gần 3,2 tỷ đồng" },
        { field: "measure", text: "kinh phí" },
        { field: "period", text: "năm 2023" },
        { field: "place", text: "Long An" },
      ],
    });
    expect([...doubtfulFields(sure)]).toEqual([]);
    const fromLead = figure({
      confidence: 0.85,
      cues: [
        { field: "measure", text: "xây dựng" },
        { field: "period", text: "năm 2023 (stated before)" },
        { field: "place", text: 'the report first names "tỉnh Long An"' },
      ],
    });
    expect([...doubtfulFields(fromLead)].sort()).toEqual(["period", "place"]);
    const noMeasureCue = figure({ confidence: 0.7, cues: [{ field: "period", text: "năm 2023" }] });
    expect([...doubtfulFields(noMeasureCue)].sort()).toEqual(["measure", "place"]);
    // the cues are kept by the field they decided, the value's under "text"
    const row = rowsFromDraft({ ...draft, figures: [sure] })[0];
    expect(row.cues).toEqual({
      text: ["gần 3,2 tỷ đồng"],
      measure: ["kinh phí"],
      period: ["năm 2023"],
      place: ["Long An"],
    });
  });
});

describe("edits → rows", () => {
  const rows = rowsFromDraft(draft);
  const over = rows.find((r) => r.fields.text.startsWith("hơn 28.800"))!;

  it("a new text brings its qualifier unless the reviewer chose one; a new place its name", () => {
    expect(over.fields.qualifier).toBe("AT_LEAST");
    const exact = editRow(over, { text: "28.800 lượt thẻ bảo hiểm" });
    expect(exact.fields.qualifier).toBe("EXACT");
    expect(editedFields(exact)).toEqual(["text", "qualifier"]);
    const chosen = editRow(editRow(over, { qualifier: "ABOUT" }), { text: "28.800 lượt thẻ bảo hiểm" });
    expect(chosen.fields.qualifier).toBe("ABOUT");
    const moved = editRow(over, { place: "D-80-BEN-LUC" }, "Bến Lức");
    expect(moved.placeName).toBe("Bến Lức");
    expect(editRow(over, { period: "2023" }).placeName).toBe(over.placeName);
    expect(editedFields(editRow(over, { period: over.fields.period }))).toEqual([]);
  });

  it("finds what the importer would refuse before sending", () => {
    expect(rowProblems(over, body)).toEqual([]);
    expect(rowProblems(editRow(over, { text: "hơn 28.900 lượt thẻ bảo hiểm" }), body)).toEqual([
      { field: "text", reason: "textNotInQuote" },
    ]);
    expect(rowProblems(editRow(over, { text: "5.200 lượt với kinh phí gần 3,2 tỷ" }), body)[0]).toMatchObject({
      field: "text",
      reason: "textUnreadable",
    });
    expect(rowProblems(editRow(over, { quote: `${over.fields.quote} (sửa)` }), body)).toEqual([
      { field: "quote", reason: "quoteNotInReport" },
    ]);
    // a file's text is not on the page: the quote cannot be checked here
    expect(rowProblems(editRow(over, { period: " " }), body)).toEqual([{ field: "period", reason: "empty" }]);
  });
});

describe("rows → importReport payload, and its errors back to rows", () => {
  const rows = rowsFromDraft(draft);
  rows[1] = decide(rows[1], "rejected");
  rows[3] = decide(rows[3], "undecided");
  const third = rows[2];
  rows[2] = editRow(third, { text: third.fields.text.replace(/^hơn /, ""), kind: "PLAN" });
  const payload = importPayload(draft, rows, { title: " Tiêu đề sửa ", publishedAt: "", url: "https://example.vn/a" });

  it("sends the accepted rows only, in order, with their edits and the import fields alone", () => {
    const accepted = rows.filter((r) => r.decision === "accepted");
    expect(payload.rowOfFigure).toEqual(accepted.map((r) => r.n));
    expect(payload.rowOfFigure).not.toContain(2);
    expect(payload.rowOfFigure).not.toContain(4);
    expect(payload.document.figures.length).toBe(rows.length - 2);
    expect(payload.document.figures[1]).toEqual({
      key: third.draft.key,
      place: third.fields.place,
      ethnicity: third.fields.ethnicity,
      programme: third.fields.programme,
      measure: third.fields.measure,
      period: third.fields.period,
      kind: "PLAN",
      text: "28.800 lượt thẻ bảo hiểm",
      quote: third.fields.quote,
      qualifier: "EXACT",
    });
    for (const f of payload.document.figures)
      for (const k of ["value", "cues", "spans", "confidence", "placeName", "periodStart"])
        expect(Object.keys(f)).not.toContain(k);
    expect(payload.document.document).toEqual({
      ...draft.document,
      note: undefined,
      title: "Tiêu đề sửa",
      url: "https://example.vn/a",
    });
    expect(Object.keys(payload.document.document)).not.toContain("note");
    expect(payload.document.notRecorded).toEqual(
      draft.notRecorded.map((x) => ({ text: x.text, quote: x.quote, reason: x.reason })),
    );
  });

  it("puts each error on the row it is about: the position sent is not the row number", () => {
    const { document, rows: byRow } = errorsByRow(
      [
        { row: 0, field: "document.title", reason: "too long" },
        { row: 2, field: "period", reason: "bad period" },
        { row: 3, field: "place", reason: "unknown" },
        { row: 1, field: "notRecorded[1].quote", reason: "not verbatim" },
      ],
      payload.rowOfFigure,
    );
    expect(document.map((e) => e.field)).toEqual(["document.title", "notRecorded[1].quote"]);
    // sent second and third: rows 3 and 5 (row 2 rejected, row 4 undecided)
    expect([...byRow.keys()]).toEqual([3, 5]);
    expect(byRow.get(3)![0].reason).toBe("bad period");
  });

  it("counts the decisions", () => {
    expect(countDecisions(rows)).toEqual({ accepted: rows.length - 2, rejected: 1, undecided: 1 });
  });
});
