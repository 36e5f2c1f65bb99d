import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PAGES, withPageHeader } from "./page-header.ts";

const page = (name: string) => readFileSync(new URL(`./${name}.html`, import.meta.url), "utf8");

describe("the shared page header", () => {
  it.each([
    ["index", "./"],
    ["compare", "compare.html"],
    ["review", "review.html"],
  ])("%s.html: every page's link, itself the current one, its own title kept", (name, own) => {
    const source = page(name);
    const html = withPageHeader(source);
    const nav = html.match(/<nav class="pages"[\s\S]*?<\/nav>/)![0];
    const links = [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")? data-i18n="(\w+)">/g)];
    expect(links.map((l) => [l[1], !!l[2]])).toEqual(PAGES.map((p) => [p.href, p.href === own]));
    expect(html).toContain('class="brand-mark"');
    expect(html.match(/<h1[^>]*>[^<]+<\/h1>/)?.[0]).toBe(source.match(/<h1[^>]*>[^<]+<\/h1>/)?.[0]);
    expect(html).not.toContain("data-page=");
  });

  it("refuses a page without the header placeholder, or naming no page", () => {
    expect(() => withPageHeader("<body><header class='top'></header></body>")).toThrow(/data-page/);
    expect(() => withPageHeader('<header class="top" data-page="map"></header>')).toThrow(/data-page/);
  });
});
