import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractFigures } from "../../ingest/extract/extract.ts";
import { readSavedReport } from "../../ingest/extract/saved-report.ts";
import { normaliseBody } from "../../ingest/extract/segment.ts";
import { marksFor, quotesOnly, segments, wholeText, type Located } from "./marks.ts";

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

  it("for a file read on the server, shows the quotes alone with the same marks", () => {
    const shown = quotesOnly([...draft.figures, ...draft.notRecorded]);
    for (const f of draft.figures) expect(shown.text).toContain(f.quote);
    expect(shown.text.startsWith("…\n")).toBe(true);
    expect(shown.text.length).toBeLessThan(body.length);
    const marks = marksFor(shown, numbered, draft.notRecorded);
    expect(marks.flatMap((m) => m.rows).sort((a, b) => a - b)).toEqual(numbered.map((f) => f.n));
    for (const m of marks)
      for (const n of m.rows) expect(shown.text.slice(m.start, m.end)).toBe(draft.figures[n - 1].text);
    expect(shown.at(-1)).toBeNull();
  });

  it("cuts the text into plain runs and marks that give the text back", () => {
    const shown = wholeText(body);
    const marks = marksFor(shown, numbered, draft.notRecorded);
    const segs = segments(body, marks);
    expect(segs.map((s) => s.text).join("")).toBe(body);
    expect(segs.filter((s) => s.mark).length).toBe(marks.length);
  });
});
