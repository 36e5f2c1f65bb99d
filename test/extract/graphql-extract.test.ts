import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { docx } from "../support/report-files.ts";

// extractFigures over HTTP: a pasted report and an uploaded file give a draft that importReport takes as it is.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

interface Located {
  quote: string;
  quotes?: string[];
  spans: { start: number; end: number }[];
}

/** Every quote of the draft is where its span says in the draft's text. */
function expectQuotesInText(draft: { text: string; figures: Located[]; notRecorded: Located[] }): void {
  const items = [...draft.figures, ...draft.notRecorded];
  expect(items.length).toBeGreaterThan(0);
  for (const item of items)
    item.spans.forEach((span, i) =>
      expect(draft.text.slice(span.start, span.end)).toBe([item.quote, ...(item.quotes ?? [])][i]),
    );
}

const QUERY = `query($text: String, $file: String, $name: String, $published: String, $title: String) {
  extractFigures(text: $text, fileBase64: $file, fileName: $name, publishedAt: $published, title: $title)
}`;

describe("extractFigures", () => {
  it("proposes the figures of a pasted report, and importReport accepts the draft as it is", async () => {
    const text = readFileSync(new URL("../fixtures/reports-dev/008.txt", import.meta.url), "utf8")
      .split("\n")
      .slice(4)
      .join("\n");
    const r = await s.gql(
      QUERY,
      { text, published: "2023-12-03", title: "Gia Lai: Giảm nhanh tỷ lệ hộ nghèo đồng bào DTTS" },
      { "x-api-key": s.editorKey },
    );
    expect(r.errors).toBeUndefined();
    const draft = r.data.extractFigures;
    expect(draft.figures.find((f: { text: string }) => f.text === "31.502 hộ nghèo")).toMatchObject({
      value: "31502",
      placeName: "Gia Lai",
      measure: "poor_households",
      periodStart: "2023-12-31",
      kind: "ACTUAL",
      qualifier: "EXACT",
    });
    const imported = await s.gql(
      `mutation($d: JSON!) { importReport(document: $d, dryRun: true) { status imported errors { row field reason } } }`,
      { d: draft },
      { "x-api-key": s.editorKey },
    );
    expect(imported.data.importReport.errors).toEqual([]);
    expect(imported.data.importReport.imported).toBe(draft.figures.length);
  });

  it("reads an uploaded file and returns the text it read, which the quotes' spans index", async () => {
    const html = `<html><head><title>Cà Mau giảm nghèo</title></head><body><p>Cuối năm 2023, toàn tỉnh Cà Mau còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%.</p></body></html>`;
    const r = await s.gql(
      QUERY,
      { file: Buffer.from(html).toString("base64"), name: "ca-mau.html", published: "2024-04-09" },
      { "x-api-key": s.editorKey },
    );
    expect(r.errors).toBeUndefined();
    const draft = r.data.extractFigures;
    expect(draft.document.title).toBe("Cà Mau giảm nghèo");
    expect(draft.figures.map((f: { text: string; measure: string }) => [f.text, f.measure])).toEqual([
      ["9.604 hộ nghèo", "poor_households"],
      ["3,14%", "poverty_rate"],
    ]);
    expect(draft.text).toContain("Cuối năm 2023, toàn tỉnh Cà Mau còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%.");
    expect(draft.text).not.toContain("<p>");
    expectQuotesInText(draft);

    const word = await docx([
      "Báo cáo kết quả giảm nghèo tỉnh Hà Giang",
      "Cuối năm 2023, toàn tỉnh còn 9.604 hộ nghèo.",
      "Năm 2023, 1.200 hộ thoát nghèo.",
    ]);
    const fromDocx = await s.gql(
      QUERY,
      { file: word.toString("base64"), name: "bao-cao.docx", published: "2024-04-09" },
      { "x-api-key": s.editorKey },
    );
    expect(fromDocx.errors).toBeUndefined();
    const docxDraft = fromDocx.data.extractFigures;
    expect(docxDraft.text).toMatch(
      /^Báo cáo kết quả giảm nghèo tỉnh Hà Giang\n+Cuối năm 2023, toàn tỉnh còn 9\.604 hộ nghèo\./,
    );
    expect(docxDraft.figures.map((f: { text: string }) => f.text)).toEqual(["9.604 hộ nghèo", "1.200 hộ thoát nghèo"]);
    expectQuotesInText(docxDraft);
  });

  it("refuses bad input with BAD_USER_INPUT and a reason, and callers without an editor key", async () => {
    const empty = await s.gql(QUERY, { text: "  " }, { "x-api-key": s.editorKey });
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", reason: "EMPTY" } });
    const scan = await s.gql(
      QUERY,
      { file: Buffer.from("%PDF-1.4 broken").toString("base64"), name: "scan.pdf" },
      { "x-api-key": s.editorKey },
    );
    expect(scan.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", reason: "BROKEN" } });
    const both = await s.gql(QUERY, { text: "x", file: "eA==" }, { "x-api-key": s.editorKey });
    expect(both.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    const anonymous = await s.gql(QUERY, { text: "Năm 2023 còn 5 hộ nghèo." });
    expect(anonymous.errors?.[0].extensions.code).toMatch(/UNAUTHENTICATED|FORBIDDEN|UNAUTHORIZED/);
  });
});
