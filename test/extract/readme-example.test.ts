import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

describe("README: reading a report", () => {
  it("prints the table the README shows for test/fixtures/reports-dev/001.txt", async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        "npx",
        ["tsx", "src/ingest/extract-cli.ts", "test/fixtures/reports-dev/001.txt"],
        { cwd: root, timeout: 110_000 },
        (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(stdout)),
      );
    });
    const readme = readFileSync(new URL("README.md", `file://${root}`), "utf8");
    const shown = /```sh\nnpm run extract -- test\/fixtures\/reports-dev\/001\.txt\n```\n\n```\n([\s\S]*?)```/.exec(
      readme,
    )![1];
    expect(out).toBe(shown);
    expect(out).toMatch(/9\.604 hộ nghèo\s+poor_households .* Cà Mau\s+2023-12-31\s+ACTUAL/);
    expect(out).toMatch(/3,14%\s+poverty_rate/);
  }, 120_000);
});
