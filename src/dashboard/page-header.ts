/**
 * The header every dashboard page has (brand, links between the pages, language switch), written once:
 * vite.config.ts puts it in place of each page's `<header class="top" data-page="…">`, around what that
 * holds (the page's title and subtitle, translated by the page). Its words are i18n.ts's (`data-i18n`),
 * Vietnamese in the HTML; each page's script translates them with the rest.
 */
import { messageIn } from "./i18n.ts";

export const PAGES = [
  { page: "planner", href: "./", words: "navPlanner" },
  { page: "compare", href: "compare.html", words: "navCompare" },
  { page: "review", href: "review.html", words: "reviewLink" },
] as const;
type Page = (typeof PAGES)[number]["page"];

const words = (key: string) => `data-i18n="${key}">${messageIn("vi", key)}`;

/** The header of `page`, with `inner` (the page's title and subtitle) beside the brand mark. */
function pageHeader(page: Page, inner: string): string {
  const links = PAGES.map(
    (p) => `<a href="${p.href}"${p.page === page ? ' aria-current="page"' : ""} ${words(p.words)}</a>`,
  );
  return `<header class="top">
      <div class="brand">
        <span class="brand-mark" aria-hidden="true"></span>
        <div>${inner}</div>
      </div>
      <nav class="pages" aria-labelledby="pages-label">
        <span id="pages-label" class="sr-only" ${words("pages")}</span>
        ${links.join("\n        ")}
      </nav>
      <div class="lang" role="group" aria-labelledby="lang-label">
        <span id="lang-label" class="sr-only" ${words("language")}</span>
        <button type="button" data-lang="vi" aria-pressed="true" lang="vi">Tiếng Việt</button>
        <button type="button" data-lang="en" aria-pressed="false" lang="en">English</button>
      </div>
    </header>`;
}

const PLACEHOLDER = /<header class="top" data-page="(\w+)">([\s\S]*?)<\/header>/;

/** A page's HTML with its header placeholder replaced by the shared header (an error if it has none). */
export function withPageHeader(html: string): string {
  const found = PLACEHOLDER.exec(html);
  const page = PAGES.find((p) => p.page === found?.[1]);
  if (!found || !page)
    throw new Error(`a dashboard page needs <header class="top" data-page="planner|compare|review">`);
  return html.replace(PLACEHOLDER, pageHeader(page.page, found[2].trim()));
}
