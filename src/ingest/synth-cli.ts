/**
 * `npm run synth -- --facts N [--seed S] [--source-key PREFIX] [--no-progress]`: loads the synthetic
 * national dataset (src/ingest/synth) into DATABASE_URL, with a progress bar on a terminal. Same
 * seed and N, same figures; a second run with the same prefix replaces the first. Exit 2 on bad
 * arguments, 1 when the load fails (nothing is left half-loaded: it is one transaction).
 */
import cliProgress from "cli-progress";
import { readConfig } from "../shared/config.ts";
import { createClient } from "../db/pool.ts";
import { parseSynthArgs, SYNTH_USAGE } from "./synth/cli-args.ts";
import { synthesize } from "./synth/synthesize.ts";

const args = parseSynthArgs(process.argv.slice(2), readConfig().databaseUrl);
if (!args.ok) {
  console.error(`${args.error}\n${SYNTH_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(SYNTH_USAGE);
  process.exit(0);
}

const showBar = args.progress && process.stderr.isTTY;
const bar = new cliProgress.SingleBar(
  {
    format: "figures |{bar}| {percentage}% {value}/{total} {rate} figures/s, ETA {eta_formatted}",
    etaBuffer: 50,
    fps: 5,
    stream: process.stderr,
    formatValue: (v, _o, type) => (type === "value" || type === "total" ? v.toLocaleString("en") : String(v)),
  },
  cliProgress.Presets.shades_classic,
);
const client = createClient({ name: "synth", connectionString: args.databaseUrl });
const started = Date.now();
const fmt = (n: number) => n.toLocaleString("en");
let code = 0;
try {
  await client.connect();
  if (showBar) bar.start(args.options.facts, 0, { rate: "0" });
  const r = await synthesize(client, {
    ...args.options,
    onProgress: (done) => {
      if (showBar) bar.update(done, { rate: fmt(Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))) });
    },
  });
  if (showBar) bar.stop();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    [
      `figures:            ${fmt(r.inserted)} (${fmt(r.flagged)} flagged IMPLAUSIBLE)`,
      `documents:          ${fmt(r.documents)} under ${r.sourcePrefix}/${r.replacedDocuments ? ` (replaced ${fmt(r.replacedDocuments)} of an earlier run)` : ""}`,
      `places:             ${fmt(r.places.provinces)} provinces, ${fmt(r.places.districts)} districts, ${fmt(r.places.communes)} communes (real units, each within its validity)`,
      `time:               ${seconds.toFixed(1)} s (${fmt(Math.round(r.inserted / seconds))} figures/s; foreign keys checked ${r.foreignKeys === "bulk" ? "in bulk after COPY" : "per row"})`,
      `The rollups do not include these figures yet (their slices are marked dirty): npm run rollup -- --full --now`,
    ].join("\n"),
  );
} catch (e) {
  if (showBar) bar.stop();
  console.error(`synth failed: ${(e as Error).message}`);
  code = 1;
} finally {
  await client.end().catch(() => {});
}
process.exit(code);
