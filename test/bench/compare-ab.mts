/**
 * `DATABASE_URL=… npx tsx test/bench/compare-ab.mts --root OTHER_CHECKOUT [--seconds 20] [--only 3,4]`: the
 * dashboard's questions (test/bench/queries.ts) through two checkouts' compare() in one process, call by
 * call in turn (the order swapped every round), and the CPU each call took: on a shared machine the
 * load moves by more than a change gains between two runs of compare-loop.mts, while two engines in
 * one process, taking turns, share it. Prints each question's mean and median CPU per call and the ratio
 * this checkout / the other. Reads only.
 */
import { fileURLToPath } from "node:url";
import { benchFlags } from "./cli.ts";
import { engineDatabase } from "./engine-database.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";
import type { compare as Compare } from "../../src/query/compare/compare.ts";

const flags = benchFlags(
  "DATABASE_URL=… npx tsx test/bench/compare-ab.mts --root OTHER_CHECKOUT [--seconds 20] [--only 3,4]",
  {
    root: { type: "string" },
    seconds: { type: "string", default: "20" },
    only: { type: "string" },
  },
);
const seconds = flags.positive("seconds");
const questions = flags.wholeNumbers("only", 0) ?? DASHBOARD_QUERIES.map((_, i) => i);
const roots = {
  other: flags.values.root ?? flags.fail("--root OTHER_CHECKOUT is required"),
  this: fileURLToPath(new URL("../../", import.meta.url)),
};
const { db, pool } = engineDatabase(false);

async function engineOf(root: string) {
  const { compare } = (await import(`${root}/src/query/compare/compare.ts`)) as { compare: typeof Compare };
  const { ReferenceCache } = await import(`${root}/src/query/reference-cache.ts`);
  const { VersionedMemo } = await import(`${root}/src/query/versioned-memo.ts`);
  const deps = { pool, ref: await ReferenceCache.load(db), memo: new VersionedMemo(() => 1) };
  return (i: number) => compare(deps, DASHBOARD_QUERIES[i].input);
}
const engines = { other: await engineOf(roots.other), this: await engineOf(roots.this) };
const names = ["other", "this"] as const;
const cpuMs = { other: questions.map((): number[] => []), this: questions.map((): number[] => []) };
try {
  for (const name of names) for (const i of questions) for (let k = 0; k < 20; k++) await engines[name](i); // warm
  const start = performance.now();
  for (let round = 0; performance.now() - start < seconds * 1000; round++)
    for (const [j, i] of questions.entries())
      for (const name of round % 2 ? names : [...names].reverse()) {
        const before = process.cpuUsage();
        await engines[name](i);
        const used = process.cpuUsage(before);
        cpuMs[name][j].push((used.user + used.system) / 1000);
      }
} finally {
  await db.end();
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round2 = (x: number) => Math.round(x * 100) / 100;
const perQuestion = questions.map((i, j) => {
  const [other, mine] = [cpuMs.other[j], cpuMs.this[j]];
  return {
    question: DASHBOARD_QUERIES[i].name,
    calls: mine.length,
    otherMs: { mean: round2(mean(other)), median: round2(median(other)) },
    thisMs: { mean: round2(mean(mine)), median: round2(median(mine)) },
    ratio: { mean: round2(mean(mine) / mean(other)), median: round2(median(mine) / median(other)) },
  };
});
const sum = (name: "other" | "this") => cpuMs[name].reduce((s, xs) => s + mean(xs), 0);
console.log(
  JSON.stringify(
    { roots, perQuestion, sumOfMeans: { other: round2(sum("other")), this: round2(sum("this")) } },
    null,
    1,
  ),
);
