/** The arguments of `npm run synth`, checked: a clear message for anything wrong. Pure. */
import { parseArgs } from "node:util";
import { checkOptions, MAX_FACTS, SynthOptionsError, type SynthOptions } from "./synthesize.ts";

export const SYNTH_USAGE = `usage: npm run synth -- --facts N [--seed S] [--source-key PREFIX] [--no-progress]
  --facts N            figures to generate (1 to ${MAX_FACTS.toLocaleString("en")}; "100k", "1m" accepted)
  --seed S             same seed and N, same figures (default 42)
  --source-key PREFIX  source-key prefix of the synthetic reports (default synthetic/seed-S-nN); a run replaces the reports under it
  --no-progress        no progress bar`;

export type SynthArgs =
  | { ok: true; help: boolean; options: SynthOptions; databaseUrl: string; progress: boolean }
  | { ok: false; error: string };

export function parseSynthArgs(argv: string[], databaseUrl: string | undefined): SynthArgs {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        facts: { type: "string" },
        seed: { type: "string" },
        "source-key": { type: "string" },
        "no-progress": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (values.help)
    return { ok: true, help: true, options: { facts: 0 }, databaseUrl: databaseUrl ?? "", progress: false };
  if (values.facts === undefined) return { ok: false, error: "--facts is required" };
  const facts = count(values.facts);
  if (facts === null) return { ok: false, error: `--facts must be a whole number, not "${values.facts}"` };
  const seed = values.seed === undefined ? undefined : count(values.seed);
  if (seed === null) return { ok: false, error: `--seed must be a whole number, not "${values.seed}"` };
  const options: SynthOptions = { facts, seed, sourceKey: values["source-key"] };
  try {
    checkOptions(options);
  } catch (e) {
    if (e instanceof SynthOptionsError) return { ok: false, error: e.message };
    throw e;
  }
  if (!databaseUrl) {
    return {
      ok: false,
      error:
        "DATABASE_URL is not set: the PostgreSQL database to load into (e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/poverty)",
    };
  }
  return { ok: true, help: false, options, databaseUrl, progress: !values["no-progress"] };
}

/** "100000", "100_000", "100k", "1m" → the number; null for anything else. */
function count(text: string): number | null {
  const m = /^(\d[\d_]*)([km]?)$/i.exec(text.trim());
  if (!m) return null;
  return Number(m[1].replace(/_/g, "")) * ({ "": 1, k: 1e3, m: 1e6 } as Record<string, number>)[m[2].toLowerCase()];
}
