/**
 * What every dashboard browser test starts with: the dashboard built when missing or older than its
 * sources, the seeded server, Debian's Chromium and a page that may ask only our own server.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startSeededServer, type SeededServer } from "../api/support.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Without the background-networking flags Chromium keeps asking this machine's closed network. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export interface BrowserSession {
  s: SeededServer;
  /** The dashboard's address on 127.0.0.1, ending in "/". */
  base: string;
  browser: Browser;
  page: Page;
  /** Errors thrown in `page`, in order. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** `stepTimeoutMs`: a step that hangs fails with its own message, before the test's timeout. */
export async function openBrowserSession(opts: { stepTimeoutMs: number }): Promise<BrowserSession> {
  execFileSync(process.execPath, ["src/dashboard/build-if-missing.mjs"], { cwd: ROOT, stdio: "inherit" });
  const s = await startSeededServer();
  const base = s.server.url.replace("localhost", "127.0.0.1").replace(/graphql$/, "");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).catch(async (e) => {
    await s.stop();
    throw e;
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  page.setDefaultTimeout(opts.stepTimeoutMs);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // offline at run time: only our own server is ever asked
  await page.route("**/*", (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  mkdirSync(SHOTS, { recursive: true });
  return {
    s,
    base,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await s.stop();
    },
  };
}
