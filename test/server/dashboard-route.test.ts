import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardRouter } from "../../src/server/dashboard.ts";

// The static mount of the dashboard, on a dist of our own and on a missing one.
async function serve(dist: string): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(dashboardRouter(dist));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the dashboard route", () => {
  const dist = mkdtempSync(join(tmpdir(), "dash-dist-"));
  let built: { url: string; server: Server };
  let missing: { url: string; server: Server };

  beforeAll(async () => {
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>dashboard</title>");
    writeFileSync(join(dist, "assets", "main-abc123.js"), "console.log(1)");
    built = await serve(dist);
    missing = await serve(join(dist, "not-built"));
  });
  afterAll(async () => {
    await Promise.all([built, missing].map((s) => new Promise((r) => s?.server.close(r))));
    rmSync(dist, { recursive: true, force: true });
  });

  it("serves the page at / (revalidated) and the hashed assets cached for good", async () => {
    const page = await fetch(`${built.url}/?p=P-20-2008`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("cache-control")).toMatch(/max-age=0/);
    expect(await page.text()).toContain("<title>dashboard</title>");
    const asset = await fetch(`${built.url}/assets/main-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    expect((await fetch(`${built.url}/assets/nothing.js`)).status).toBe(404);
  });

  it("sends the planners' page's old address to / with its view", async () => {
    const res = await fetch(`${built.url}/planner.html?m=poor_households&y=2024`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get("location")!, `${built.url}/planner.html`).toString()).toBe(
      `${built.url}/?m=poor_households&y=2024`,
    );
    const bare = await fetch(`${built.url}/planner.html`, { redirect: "manual" });
    expect(new URL(bare.headers.get("location")!, `${built.url}/planner.html`).toString()).toBe(`${built.url}/`);
  });

  it("says how to build it when it is not built", async () => {
    const res = await fetch(`${missing.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:dashboard");
  });
});
