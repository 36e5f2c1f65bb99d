import { fileURLToPath } from "node:url";
import { defineConfig, type HtmlTagDescriptor, type Plugin } from "vite";
import { withPageHeader } from "./page-header.ts";

// `npm run build:dashboard` bundles the pages (ECharts included) into dist/, served at / by the API
// server: nothing is fetched from elsewhere at run time. `npx vite --config src/dashboard/vite.config.ts`
// serves it with live reload, passing /graphql to a server on localhost:4000 (or DASHBOARD_API).
/** The head every page has, added to each page's own (its title and stylesheets): written once, alike on all. */
const SHARED_HEAD: HtmlTagDescriptor[] = [
  { tag: "meta", attrs: { charset: "utf-8" } },
  { tag: "meta", attrs: { name: "viewport", content: "width=device-width, initial-scale=1" } },
  { tag: "meta", attrs: { name: "color-scheme", content: "light" } },
  { tag: "link", attrs: { rel: "icon", href: "data:," } }, // no request for a favicon
].map((t) => ({ ...t, injectTo: "head-prepend" }));

/** Each page's head gets SHARED_HEAD, its header placeholder the shared header (page-header.ts). */
const sharedPage: Plugin = {
  name: "shared-page",
  transformIndexHtml: { order: "pre", handler: (html) => ({ html: withPageHeader(html), tags: SHARED_HEAD }) },
};

export default defineConfig({
  plugins: [sharedPage],
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        // the planners' page is the landing page; the comparison of chosen provinces is compare.html
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        compare: fileURLToPath(new URL("compare.html", import.meta.url)),
        review: fileURLToPath(new URL("review.html", import.meta.url)),
      },
    },
  },
  server: {
    proxy: { "/graphql": process.env.DASHBOARD_API ?? "http://localhost:4000" },
  },
});
