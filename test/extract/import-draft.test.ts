import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractFigures } from "../../src/ingest/extract/extract.ts";
import { loadScoringSets } from "../../src/ingest/extract/score-cli.ts";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { loadImportReference } from "../../src/ingest/import/reference.ts";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.drop();
});

const root = new URL("../..", import.meta.url).pathname;

function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { cwd: root, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 20e6 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

describe("a draft imports as it is", () => {
  it("every draft of the labelled reports passes the importer's checks against the database's reference data", async () => {
    const { dev, seeds } = loadScoringSets();
    const reference = await loadImportReference(db.pool);
    for (const r of [...dev, ...seeds]) {
      const draft = extractFigures(r.input, reference);
      const summary = await importDocument(db.pool, draft as unknown as ImportDocument, {
        dryRun: true,
        actor: "test",
      });
      expect(summary.errors, `${r.name}: ${JSON.stringify(summary.errors.slice(0, 3))}`).toEqual([]);
      expect(summary.status).not.toBe("ERROR");
    }
  }, 240_000);

  it("npm run extract -- FILE --json prints a draft that npm run import -- draft.json --dry-run accepts", async () => {
    const out = await run("npx", ["tsx", "src/ingest/extract-cli.ts", "test/fixtures/reports-dev/006.txt", "--json"]);
    expect(out.code, out.stderr).toBe(0);
    const draft = JSON.parse(out.stdout);
    expect(draft.figures.length).toBeGreaterThanOrEqual(10);
    expect(draft.figures[0]).toEqual(
      expect.objectContaining({ value: expect.any(String), placeName: "Kon Tum", confidence: expect.any(Number) }),
    );
    const file = join(mkdtempSync(join(tmpdir(), "extract-")), "draft.json");
    writeFileSync(file, out.stdout);
    const imported = await run("npx", ["tsx", "src/ingest/import-cli.ts", file, "--dry-run", "--no-rollup"], {
      DATABASE_URL: db.url,
    });
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/errors/);
  }, 240_000);

  it("reads standard input and refuses a bad file with a reason and exit code 1", async () => {
    const stdin = await run(
      "npx",
      ["tsx", "src/ingest/extract-cli.ts", "-", "--published", "2024-01-10"],
      {},
      "Năm 2023, tỉnh Cà Mau còn 9.604 hộ nghèo.",
    );
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stdout).toMatch(/9\.604 hộ nghèo\s+poor_households/);
    const dir = mkdtempSync(join(tmpdir(), "extract-bad-"));
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "scan.pdf"), "%PDF-1.4\nnot really a pdf");
    const bad = await run("npx", ["tsx", "src/ingest/extract-cli.ts", dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/empty\.txt: the file is empty/);
    expect(bad.stderr).toMatch(/scan\.pdf: the PDF cannot be read/);
  }, 240_000);
});
