import { describe, expect, it } from "vitest";
import { InputError, MAX_INPUT_BYTES, readInput } from "../../src/ingest/extract/read-input.ts";
import { docx, pdf } from "../support/report-files.ts";

describe("reading reports as they arrive", () => {
  it("reads an article page saved from a browser, without its menus and scripts", async () => {
    const html = `<!doctype html><html><head><title>Kon Tum giảm nghèo</title><script>var x = 123456;</script></head>
      <body><nav>Trang chủ | Tin 24/7</nav><article><h1>Kon Tum giảm nghèo</h1><p>Năm 2019, tỉnh còn&nbsp;gần 18.870 hộ nghèo.</p></article>
      <footer>Điện thoại 0260.3862.xxx</footer></body></html>`;
    const r = await readInput(Buffer.from(html), "page.html");
    expect(r.format).toBe("html");
    expect(r.title).toBe("Kon Tum giảm nghèo");
    expect(r.text).toContain("Năm 2019, tỉnh còn gần 18.870 hộ nghèo.");
    expect(r.text).not.toMatch(/123456|Trang chủ|0260/);
  });

  it("reads a Word document", async () => {
    const r = await readInput(
      await docx(["Báo cáo kết quả giảm nghèo", "Năm 2023, toàn tỉnh còn 9.604 hộ nghèo."]),
      "bao-cao.docx",
    );
    expect(r.format).toBe("docx");
    expect(r.text).toContain("Năm 2023, toàn tỉnh còn 9.604 hộ nghèo.");
  });

  it("reads a PDF's text layer", async () => {
    const r = await readInput(pdf("Nam 2023 con 9.604 ho ngheo"), "report.pdf");
    expect(r.format).toBe("pdf");
    expect(r.text).toContain("Nam 2023 con 9.604 ho ngheo");
  });

  it("says why it cannot read a scanned PDF, a broken file, a binary file, an empty or oversized one", async () => {
    await expect(readInput(pdf(null), "scan.pdf")).rejects.toMatchObject({ code: "NO_TEXT_LAYER" });
    await expect(readInput(Buffer.from("%PDF-1.7\n%garbage"), "broken.pdf")).rejects.toMatchObject({ code: "BROKEN" });
    await expect(readInput(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "broken.docx")).rejects.toMatchObject({
      code: "BROKEN",
    });
    await expect(
      readInput(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]), "a.out"),
    ).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(readInput(Buffer.alloc(0))).rejects.toBeInstanceOf(InputError);
    // Refused by its size before anything reads it (a hang would hit the test's timeout; no wall-clock
    // bound: it failed at 3 s on the loaded shared machine).
    await expect(readInput(Buffer.alloc(50 * 1024 * 1024, 0x41))).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(MAX_INPUT_BYTES).toBeLessThan(50 * 1024 * 1024);
  });
});
