import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type Router } from "express";

export const DASHBOARD_DIST = fileURLToPath(new URL("../dashboard/dist", import.meta.url));

/**
 * The dashboard: the files Vite built into src/dashboard/dist (hashed assets cached for a year, the
 * pages themselves revalidated): the planners' page at /, the comparison at /compare.html. Not built:
 * / says how to build it.
 */
export function dashboardRouter(dist = DASHBOARD_DIST): Router {
  const router = express.Router();
  router.use("/assets", express.static(`${dist}/assets`, { immutable: true, maxAge: "365d", fallthrough: false }));
  router.get("/", (_req, res, next) => {
    if (existsSync(`${dist}/index.html`)) return next();
    res
      .status(503)
      .type("text/plain; charset=utf-8")
      .send(
        "The dashboard is not built: run `npm run build:dashboard` (npm start does it when dist/ is missing).\nThe GraphQL API is at /graphql.\n",
      );
  });
  // the planners' page was /planner.html before it became the landing page: old links keep their view
  router.get("/planner.html", (req, res) => {
    const query = req.originalUrl.indexOf("?");
    res.redirect(301, `./${query < 0 ? "" : req.originalUrl.slice(query)}`);
  });
  router.use(express.static(dist, { index: "index.html", cacheControl: true, maxAge: 0 }));
  return router;
}
