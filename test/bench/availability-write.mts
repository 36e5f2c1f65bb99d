/**
 * `DATABASE_URL=... npx tsx test/bench/availability-write.mts [--runs 5] [--figures 1000]`: what
 * keeping the availability tables (figure's statement triggers, migration
 * 20261202020000_availability_cells) costs a write. On a COPY of a loaded database (it alters the
 * figure table's triggers): each run imports a national report of N figures, imports it again with
 * every value corrected, and removes it, once with the availability triggers and once without them,
 * in alternating order. Prints JSON: the median and fastest time of each step, both ways, their
 * ratio, and the load average before and after.
 */
import { loadavg } from "node:os";
import pg from "pg";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { benchFlags } from "./cli.ts";
import { buildImportDocument } from "./import-doc.ts";
import { reportPlaces } from "./incremental.ts";

const flags = benchFlags("DATABASE_URL=... npx tsx test/bench/availability-write.mts [--runs 5] [--figures 1000]", {
  runs: { type: "string", default: "5" },
  figures: { type: "string", default: "1000" },
});
const runs = flags.count("runs");
const n = flags.count("figures");
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: a copy of a loaded database (this benchmark alters figure's triggers)");
  process.exit(2);
}

const TRIGGERS = ["figure_availability_insert", "figure_availability_update", "figure_availability_delete"];
const STEPS = ["import", "correct", "remove"] as const;
type Mode = "with" | "without";

const pool = new pg.Pool({ connectionString: url, max: 2 });
const setTriggers = (on: boolean) =>
  pool.query(TRIGGERS.map((t) => `ALTER TABLE figure ${on ? "ENABLE" : "DISABLE"} TRIGGER ${t}`).join("; "));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function writeOnce(mode: Mode, run: number, places: Awaited<ReturnType<typeof reportPlaces>>["places"]) {
  const sourceKey = `bench/availability-write-${process.pid}-${run}-${mode}`;
  const imported = async (salt: number) => {
    const s = await importDocument(pool, buildImportDocument(places, n, sourceKey, salt), { actor: "bench" });
    if (s.errors.length) throw new Error(`benchmark import refused: ${JSON.stringify(s.errors.slice(0, 3))}`);
  };
  await setTriggers(mode === "with");
  try {
    return {
      import: await timed(() => imported(0)),
      correct: await timed(() => imported(1)),
      remove: await timed(() => pool.query(`DELETE FROM document WHERE source_key = $1`, [sourceKey])),
    };
  } finally {
    await setTriggers(true);
  }
}

try {
  const { places } = await reportPlaces(pool, "nation");
  const loadBefore = load();
  const times: Record<Mode, Record<(typeof STEPS)[number], number[]>> = {
    with: { import: [], correct: [], remove: [] },
    without: { import: [], correct: [], remove: [] },
  };
  for (let run = 0; run < runs; run++) {
    const order: Mode[] = run % 2 ? ["with", "without"] : ["without", "with"];
    for (const mode of order) {
      const t = await writeOnce(mode, run, places);
      for (const step of STEPS) times[mode][step].push(t[step]);
      console.error(
        `run ${run} ${mode}: ${JSON.stringify(Object.fromEntries(STEPS.map((s) => [s, Math.round(t[s])])))}`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const results = Object.fromEntries(
    STEPS.map((step) => {
      const [w, wo] = [median(times.with[step]), median(times.without[step])];
      return [
        step,
        {
          withMs: Math.round(w),
          withoutMs: Math.round(wo),
          minWithMs: Math.round(Math.min(...times.with[step])),
          minWithoutMs: Math.round(Math.min(...times.without[step])),
          ratio: Math.round((w / wo) * 100) / 100,
        },
      ];
    }),
  );
  console.log(JSON.stringify({ figures: n, runs, loadBefore, loadAfter: load(), results }, null, 2));
} finally {
  await pool.end();
}
