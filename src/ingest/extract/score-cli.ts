/**
 * `npm run extract:score [-- --verbose]`: recall, precision, fields right and speed of the
 * extractor on the development set (test/fixtures/reports-dev) and the five seed reports, per
 * report and in total.
 */
import { fileURLToPath } from "node:url";
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import type { ImportDocument } from "../import-format.ts";
import {
  loadDevelopmentDocuments,
  loadDevelopmentSet,
  loadSeedSet,
  measureAgreement,
  measureSpeed,
  scoreAll,
  type Totals,
} from "./score.ts";

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

export function loadScoringSets() {
  return {
    dev: loadDevelopmentSet(root("test/fixtures/reports-dev")),
    seeds: loadSeedSet(root("src/ingest/seed/documents"), root("src/ingest/seed/reports")),
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function print(title: string, t: Totals, verbose: boolean): void {
  console.log(`\n${title}`);
  console.log("report     labels found recall  proposals precision  fields-right");
  for (const r of t.reports) {
    console.log(
      `${r.name.padEnd(10)} ${String(r.labels).padStart(6)} ${String(r.found).padStart(5)} ${pct(r.labels ? r.found / r.labels : 1).padStart(7)}` +
        ` ${String(r.proposals).padStart(9)} ${pct(r.proposals ? r.correctProposals / r.proposals : 1).padStart(9)}  ${pct(r.found ? r.fieldsRight / r.found : 1).padStart(11)}`,
    );
    if (verbose) {
      for (const m of r.missed) console.log(`   MISSED ${m.value} in "${m.quote.slice(0, 100)}"`);
      for (const s of r.spurious)
        console.log(`   SPURIOUS "${s.text}" in "${s.quote.slice(0, 100)}"${s.reason ? ` [${s.reason}]` : ""}`);
      for (const w of r.wrongFields)
        console.log(
          `   WRONG ${w.label.value} want ${w.label.place} ${w.label.period?.start}..${w.label.period?.end} ${w.label.kind} ${w.label.qualifier} got ${JSON.stringify(w.got)}`,
        );
    }
  }
  console.log(
    `${"total".padEnd(10)} ${String(t.labels).padStart(6)} ${String(t.found).padStart(5)} ${pct(t.recall).padStart(7)} ${String(t.proposals).padStart(9)} ${pct(t.precision).padStart(9)}  ${pct(t.fieldsRightShare).padStart(11)}`,
  );
}

function main(): void {
  const verbose = process.argv.includes("--verbose");
  const { dev, seeds } = loadScoringSets();
  const devScore = scoreAll(dev);
  const seedScore = scoreAll(seeds);
  print("Development set (test/fixtures/reports-dev, hand labels)", devScore, verbose);
  print("Seed reports (the curated seed dataset as labels)", seedScore, verbose);
  const all = [...devScore.reports, ...seedScore.reports];
  const sum = (k: "labels" | "found" | "proposals" | "correctProposals" | "fieldsRight") =>
    all.reduce((a, r) => a + r[k], 0);
  console.log(
    `\nAll: recall ${pct(sum("found") / sum("labels"))}, precision ${pct(sum("correctProposals") / sum("proposals"))}, ` +
      `fields right ${pct(sum("fieldsRight") / sum("found"))} (${sum("labels")} labels, ${sum("proposals")} proposals)`,
  );
  const documents = loadDevelopmentDocuments(root("test/fixtures/reports-dev/documents"));
  const seedDir = root("src/ingest/seed/documents");
  for (const f of readdirSync(seedDir).filter((x) => x.endsWith(".json"))) {
    documents.set(`seed/${f.slice(0, 3)}`, JSON.parse(readFileSync(join(seedDir, f), "utf8")) as ImportDocument);
  }
  const agreement = measureAgreement([...dev, ...seeds], documents);
  console.log(
    `Measure: ${pct(agreement.same / Math.max(1, agreement.compared))} of ${agreement.compared} hand-recorded figures get the same measure`,
  );
  if (verbose) for (const m of agreement.misses) console.log(`   MEASURE ${m}`);
  const reports = [...dev, ...seeds];
  const speed = measureSpeed(reports);
  console.log(
    `Speed: ${speed.mbPerSecond.toFixed(2)} MB/s of CPU time on one core (the median of ${speed.passes} passes over the ` +
      `${reports.length} reports, ${(speed.bytes / speed.passes / 1e3).toFixed(0)} KB a pass; fastest pass ${speed.bestMbPerSecond.toFixed(2)} MB/s; ` +
      `${(speed.bytes / 1e6).toFixed(1)} MB in ${speed.seconds.toFixed(2)} s CPU, ${speed.wallMbPerSecond.toFixed(2)} MB/s by the wall clock; ` +
      `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
