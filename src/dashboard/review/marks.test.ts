import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractFigures } from "../../ingest/extract/extract.ts";
import { readSavedReport } from "../../ingest/extract/saved-report.ts";
import { normaliseBody } from "../../ingest/extract/segment.ts";
import { marksFor, segments, wholeText, type Located } from "./marks.ts";

const saved = readSavedReport(
  readFileSync(new URL("../../ingest/seed/reports/001_2ddaf8eb7a8f073c.txt", import.meta.url), "utf8"),
);
const body = normaliseBody(saved.body);
const draft = extractFigures({ text: body, publishedAt: "2024-06-10" });
const numbered = draft.figures.map((f, i) => ({ ...f, n: i + 1 }));

describe("highlights", () => {
  it("marks each proposal's own words inside its quote, in the pasted text", () => {
    const shown = wholeText(body);
    const marks = marksFor(shown, numbered, draft.notRecorded);
    const rowsMarked = marks.flatMap((m) => m.rows).sort((a, b) => a - b);
    expect(rowsMarked).toEqual(numbered.map((f) => f.n));
    for (const m of marks) {
      const text = body.slice(m.start, m.end);
      for (const n of m.rows) expect(text).toBe(draft.figures[n - 1].text);
      for (const i of m.notRecorded) expect(text).toBe(draft.notRecorded[i].text);
    }
    expect(marks.some((m) => m.notRecorded.length)).toBe(true);
    // in text order, never overlapping
    for (let i = 1; i < marks.length; i++) expect(marks[i].start).toBeGreaterThanOrEqual(marks[i - 1].end);
    // several figures with the same words share their mark ("hơn 28.800 lượt thẻ bảo hiểm" is not "216.200 …")
    const same: Located & { n: number } = { ...numbered[0], n: 99 };
    const shared = marksFor(shown, [numbered[0], same], []);
    expect(shared).toEqual([{ start: shared[0].start, end: shared[0].end, rows: [1, 99], notRecorded: [] }]);
  });

  it("for a file read on the server, marks the text the draft brings the same way", () => {
    // A saved report's body is what a file reader gives: the draft's text is that body up to the byline.
    const fromFile = extractFigures({ text: saved.body, publishedAt: "2024-06-10" });
    expect(fromFile.text).toBe(body.slice(0, fromFile.text.length));
    expect(fromFile.text).toContain("Long An chung tay vì người nghèo");
    expect(fromFile.text).not.toContain("Click để đánh giá bài viết");
    const marks = marksFor(wholeText(fromFile.text), numbered, fromFile.notRecorded);
    expect(marks).toEqual(marksFor(wholeText(body), numbered, draft.notRecorded));
    for (const f of fromFile.figures)
      f.spans.forEach((span, i) =>
        expect(fromFile.text.slice(span.start, span.end)).toBe([f.quote, ...(f.quotes ?? [])][i]),
      );
  });

  it("cuts the text into plain runs and marks that give the text back", () => {
    const shown = wholeText(body);
    const marks = marksFor(shown, numbered, draft.notRecorded);
    const segs = segments(body, marks);
    expect(segs.map((s) => s.text).join("")).toBe(body);
    expect(segs.filter((s) => s.mark).length).toBe(marks.length);
  });
});
