import { buildPlaceReference } from "../../src/reference/places.ts";
import { buildPlaceIndex, resolvePlaceRef, periodProblem } from "../../src/reference/place-ref.ts";
import { parsePeriod } from "../../src/rules/period.ts";
import { readdirSync, readFileSync } from "node:fs";
const r = buildPlaceReference();
const idx = buildPlaceIndex(r.places, r.successions);
const dir = "src/ingest/seed/documents/";
for (const f of readdirSync(dir)) {
  const doc = JSON.parse(readFileSync(dir + f, "utf8"));
  for (const fig of doc.figures) {
    let period; try { period = parsePeriod(fig.period); } catch { continue; }
    const x = resolvePlaceRef(idx, fig.place, period);
    if (!x.ok) { console.log(f, fig.key, fig.place, fig.period, x.reason.slice(0, 200)); continue; }
    const p = periodProblem(idx, x.place, period);
    if (p) console.log(f, fig.key, fig.place, fig.period, p);
  }
}
