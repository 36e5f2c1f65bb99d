/**
 * The review page in Debian's chromium against the real server on the seed dataset: a bad key is
 * refused in words; a development report pasted gives every proposal highlighted in the text and a
 * row in the table (click one ⇄ the other); one value edited (the page refuses a text not in the
 * quote first), one proposal rejected, an import error shown next to its row, a dry run that stores
 * nothing, then the import: the API holds exactly the accepted figures, the edited one with its new
 * value. No horizontal overflow at 1280 and 390 px. Screenshots in test/dashboard/screenshots/review-*.png.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSavedReport } from "../../src/ingest/extract/saved-report.ts";
import { normaliseBody } from "../../src/ingest/extract/segment.ts";
import type { SeededServer } from "../api/support.ts";
import { HAS_CHROMIUM, SHOTS, openBrowserSession, type BrowserSession } from "./browser-session.ts";

// A development report with its saved header (URL, TITLE, PUBLISHED): the page fills the fields from it.
const REPORT = readFileSync(new URL("../fixtures/reports-dev/008.txt", import.meta.url), "utf8");

interface DraftFigure {
  key: string;
  text: string;
  quote: string;
  value: string;
  measure: string;
}

describe.skipIf(!HAS_CHROMIUM)("the review page in a browser", () => {
  let s: SeededServer;
  let page: Page;
  let base: string;
  let draft: { figures: DraftFigure[]; notRecorded: unknown[] };
  let pageErrors: string[];
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowserSession({ stepTimeoutMs: 15_000 });
    ({ s, base, page, pageErrors } = session);
    // What the API proposes for the same text: the page must show exactly these.
    const saved = readSavedReport(REPORT);
    const r = await s.gql(
      `query($t: String, $p: String, $ti: String) { extractFigures(text: $t, publishedAt: $p, title: $ti) }`,
      { t: normaliseBody(saved.body), p: saved.publishedAt, ti: saved.title },
      { "x-api-key": s.editorKey },
    );
    expect(r.errors).toBeUndefined();
    draft = r.data.extractFigures;
    expect(draft.figures.length).toBeGreaterThanOrEqual(7);
  }, 120_000);

  afterAll(() => session?.close());

  const overflow = () =>
    page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth);
  const docFigures = async (sourceKey: string) => {
    const r = await s.gql(
      `query($k: String) { figures(filter: { document: $k, includeFlagged: true }, first: 500) { edges { node { key value rawText } } } }`,
      { k: sourceKey },
    );
    expect(r.errors).toBeUndefined();
    return r.data.figures.edges.map((e: any) => e.node) as { key: string; value: string; rawText: string }[];
  };

  it("says plainly that a bad key is refused", async () => {
    await page.goto(`${base}review.html`);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.textContent("h1")).toBe("Duyệt và nhập báo cáo");
    await page.fill("#api-key", "vnp_not-a-key");
    await page.fill("#report-text", REPORT);
    await page.click("#extract");
    await page.waitForSelector("#input-alert:not([hidden])");
    expect(await page.textContent("#input-alert")).toContain("Khóa API không hợp lệ hoặc đã bị thu hồi");
    expect(await page.isHidden("#results")).toBe(true);
  });

  it("highlights every proposal in the text, one row each, and links them both ways", async () => {
    await page.fill("#api-key", s.editorKey);
    // the saved header filled the document's fields
    expect(await page.inputValue("#doc-published")).toBe("2023-12-03");
    expect(await page.inputValue("#doc-title")).toBe("Gia Lai: Giảm nhanh tỷ lệ hộ nghèo đồng bào DTTS");
    await page.click("#extract");
    await page.waitForSelector("body[data-review=ready]");
    expect(await page.isHidden("#input-alert")).toBe(true);
    const rows = await page.$$eval("#proposal-table tr.proposal", (trs) =>
      trs.map((tr: any) => [tr.dataset.key, tr.querySelector(".figure-text").textContent]),
    );
    expect(rows).toEqual(draft.figures.map((f) => [f.key, f.text]));
    // each proposal's figure is highlighted in the text, with its number
    const marked = await page.$$eval("#report-view a.fig[data-rows]", (as) =>
      as.map((a: any) => [a.dataset.rows, a.firstChild.textContent]),
    );
    const markedRows = marked.flatMap(([rowsOf]) => rowsOf.split(" ").map(Number));
    expect([...new Set(markedRows)].sort((a, b) => a - b)).toEqual(draft.figures.map((_, i) => i + 1));
    for (const [rowsOf, text] of marked) expect(text).toBe(draft.figures[Number(rowsOf.split(" ")[0]) - 1].text);
    // the key stays for this tab only
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem("review.apiKey"))).toBe(s.editorKey);

    // text → row
    await page.click('#report-view a.fig[data-rows="3"]');
    expect(await page.getAttribute("#row-3", "class")).toContain("is-current");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe("n-3");
    // row → text, by keyboard
    await page.focus("#n-2");
    await page.keyboard.press("Enter");
    expect(await page.getAttribute('#report-view a.fig[data-rows="2"]', "class")).toContain("is-current");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.dataset.rows)).toBe("2");
    await page.screenshot({ path: `${SHOTS}review-proposals-1280.png`, fullPage: true });
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it("edits a value, rejects a figure, shows an import error by its row, dry-runs, then imports exactly the accepted ones", async () => {
    const first = draft.figures[0];
    // the value is edited as the report's words: a number that is not in the quote is refused here
    await page.click("#edit-1");
    await page.waitForSelector("#editor-1");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe("f-1-text");
    await page.fill("#f-1-text", "31.520 hộ nghèo");
    await page.click("#save-1");
    await page.waitForSelector("#problems-1:not([hidden])");
    expect(await page.textContent("#problems-1")).toContain("không nằm nguyên văn trong trích dẫn");
    expect(await page.getAttribute("#f-1-text", "aria-invalid")).toBe("true");
    // a stand-in for a misread figure: another reading verbatim in the same quote
    const edited = first.text.slice(1);
    expect(first.quote).toContain(edited);
    await page.fill("#f-1-text", edited);
    expect(await page.textContent("#value-1")).toContain("1.502");
    await page.screenshot({ path: `${SHOTS}review-editor-1280.png`, fullPage: false });
    await page.keyboard.press("Enter");
    await page.waitForSelector("#editor-1", { state: "detached" });
    expect(await page.textContent("#row-1 .figure-text")).toBe(edited);
    expect(await page.textContent("#row-1")).toContain("đã sửa");
    // the highlight follows the new words
    expect(await page.$eval('#report-view a.fig[data-rows="1"]', (a: any) => a.firstChild.textContent)).toBe(edited);

    // reject the sixth proposal, by keyboard
    await page.focus("#rej-6");
    await page.keyboard.press("Space");
    expect(await page.getAttribute("#rej-6", "aria-pressed")).toBe("true");
    expect(await page.getAttribute("#acc-6", "aria-pressed")).toBe("false");
    const accepted = draft.figures.filter((_, i) => i !== 5);
    expect(await page.textContent("#import")).toContain(`Nhập ${accepted.length} số liệu`);

    // a bad period on the seventh: after the rejected sixth it is the sixth figure sent, and the error
    // comes back on row 7
    await page.click("#edit-7");
    await page.fill("#f-7-period", "2023-13");
    await page.click("#save-7");
    await page.waitForSelector("#editor-7", { state: "detached" });
    await page.click("#dry-run");
    await page.waitForSelector("#summary[data-status=ERROR]");
    expect(await page.textContent("#errors-7")).toMatch(/Số liệu 7: period/);
    expect(await page.getAttribute("#row-7", "aria-invalid")).toBe("true");
    await page.screenshot({ path: `${SHOTS}review-errors-1280.png`, fullPage: true });
    await page.click("#edit-7");
    await page.fill("#f-7-period", "2023");
    await page.click("#save-7");
    await page.waitForSelector("#errors-7", { state: "detached" });

    // dry run: the summary, nothing stored
    await page.click("#dry-run");
    await page.waitForSelector("#summary[data-dry-run=true]:not([data-status=ERROR])");
    const sourceKey = (await page.getAttribute("#summary", "data-source-key"))!;
    expect(sourceKey).toMatch(/^extract\//);
    expect(await page.textContent("#summary")).toContain("Chạy thử");
    expect(await page.textContent("#summary")).toContain(`Thêm mới ${accepted.length}`);
    expect(await docFigures(sourceKey)).toEqual([]);

    // import
    await page.click("#import");
    await page.waitForSelector("#summary[data-dry-run=false]");
    expect(await page.getAttribute("#summary", "data-status")).not.toBe("ERROR");
    expect(await page.textContent("#summary")).toContain("Đã nhập báo cáo");
    const stored = await docFigures(sourceKey);
    expect(stored.map((f) => f.key).sort()).toEqual(accepted.map((f) => f.key).sort());
    const byKey = new Map(stored.map((f) => [f.key, f]));
    expect(byKey.get(first.key)).toMatchObject({ value: "1502", rawText: edited });
    // the others as proposed ("giảm 4,2%" is stored as the change −4.2)
    for (const f of accepted.slice(1)) {
      expect(byKey.get(f.key)!.rawText).toBe(f.text);
      expect(byKey.get(f.key)!.value.replace(/^-/, "")).toBe(f.value);
    }
    await page.screenshot({ path: `${SHOTS}review-imported-1280.png`, fullPage: true });
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it("switches to English and fits a 390 px phone without horizontal scrolling", async () => {
    await page.click('button[data-lang="en"]');
    expect(await page.textContent("h1")).toBe("Review and import a report");
    expect(await page.textContent("#proposal-table thead")).toContain("Decision");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click("#edit-2");
    await page.waitForSelector("#editor-2");
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}review-390.png`, fullPage: true });
    // every control is labelled, every button and link says what it does
    const unlabelled = await page.$$eval("input, select, textarea", (els) =>
      els.filter((el: any) => !el.labels?.length && !el.getAttribute("aria-label")).map((el: any) => el.id),
    );
    expect(unlabelled).toEqual([]);
    const nameless = await page.$$eval("button, a", (els) =>
      els.filter((el: any) => !(el.getAttribute("aria-label") || el.textContent).trim()).map((el: any) => el.outerHTML),
    );
    expect(nameless).toEqual([]);
    await page.locator("#row-2").scrollIntoViewIfNeeded();
    await page.evaluate(() => (globalThis as any).document.getElementById("row-2").scrollIntoView({ block: "start" }));
    await page.screenshot({ path: `${SHOTS}review-390-editor.png` });
    // the place is searched through the API's placeSearch and chosen with the keyboard
    await page.fill("#f-2-place", "Kon Tum");
    await page.waitForSelector("#f-2-place-list li[role=option]");
    expect(await page.getAttribute("#f-2-place", "aria-expanded")).toBe("true");
    const firstOption = await page.getAttribute("#f-2-place-list li[role=option]", "data-key");
    expect(await page.textContent("#f-2-place-list li[role=option]")).toContain("Kon Tum");
    await page.keyboard.press("Enter");
    expect(await page.getAttribute("#f-2-place", "data-key")).toBe(firstOption);
    expect(await page.getAttribute("#f-2-place", "aria-expanded")).toBe("false");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#editor-2", { state: "detached" });
    expect(await page.textContent('#row-2 td[data-field="place"]')).toContain("Kon Tum");
    // Escape closes an editor without keeping its changes
    await page.click("#edit-3");
    await page.fill("#f-3-period", "2020");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#editor-3", { state: "detached" });
    expect(await page.textContent('#row-3 td[data-field="period"]')).not.toContain("2020");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe("edit-3");
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}review-390-top.png` });
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it("is linked from the dashboard's header", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base);
    await page.click('header a[href="review.html"]');
    await page.waitForSelector("body[data-ready=true]");
    expect(new URL(page.url()).pathname).toBe("/review.html");
  });

  it("reads an uploaded file on the server and shows the text the server read, figures highlighted", async () => {
    await page.goto(`${base}review.html`);
    await page.waitForSelector("body[data-ready=true]");
    // the key was kept for the tab
    expect(await page.inputValue("#api-key")).toBe(s.editorKey);
    const html =
      "<html><head><title>Cà Mau giảm nghèo</title></head><body><p>Cuối năm 2023, toàn tỉnh Cà Mau còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%.</p></body></html>";
    await page.setInputFiles("#report-file", { name: "ca-mau.html", mimeType: "text/html", buffer: Buffer.from(html) });
    expect(await page.textContent("#file-note")).toContain("ca-mau.html");
    await page.fill("#doc-published", "2024-04-09");
    await page.click("#extract");
    await page.waitForSelector("body[data-review=ready]");
    // the whole text the server read, not only quotes (the marks' row numbers aside)
    const shownText = await page.$eval("#report-view", (v: any) => {
      const copy = v.cloneNode(true);
      copy.querySelectorAll("sup").forEach((sup: any) => sup.remove());
      return copy.textContent;
    });
    expect(shownText).toBe("Cuối năm 2023, toàn tỉnh Cà Mau còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%.");
    expect(await page.inputValue("#doc-title")).toBe("Cà Mau giảm nghèo");
    expect(
      await page.$$eval("#report-view a.fig[data-rows]", (as) => as.map((a: any) => a.firstChild.textContent)),
    ).toEqual(["9.604 hộ nghèo", "3,14%"]);
    expect(pageErrors).toEqual([]);
  });
});
