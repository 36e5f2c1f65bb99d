/**
 * `npm run import -- report.csv [more.csv|.json …] [--dry-run] [--actor NAME] [--no-rollup]`
 *
 * Imports each document (all or nothing per document), prints a summary table and every error
 * with its line, enqueues the rollup refresh of what changed after each commit. Exit code 1 when
 * any file or document had an error.
 */
import cliProgress from "cli-progress";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { readConfig } from "../shared/config.ts";
import { closePool, createPool } from "../db/pool.ts";
import { readImportFile } from "./csv/read-import-file.ts";
import { importDocument, type ImportProgress } from "./import/import-document.ts";
import { loadImportReference } from "./import/reference.ts";
import { openRollupEnqueuer, type RollupEnqueuer } from "../queue/rollup-enqueue.ts";
import { formatSummaries, type Outcome } from "./import/format-summary.ts";
import { errorSummary } from "./import/summary.ts";

const USAGE = "usage: npm run import -- <file.csv|file.json> [more files] [--dry-run] [--actor NAME] [--no-rollup]";
// Below this a progress bar is noise.
const BAR_THRESHOLD = 1000;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        "dry-run": { type: "boolean" },
        actor: { type: "string" },
        "no-rollup": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const files = args.positionals;
  if (!files.length) {
    console.error(USAGE);
    return 1;
  }
  const config = readConfig();
  if (!config.databaseUrl) {
    console.error(
      "Imports need DATABASE_URL: the PostgreSQL database to import into (e.g. DATABASE_URL=postgresql://user@host:5432/db npm run import -- file.csv).\n" +
        "A server running in embedded mode (no DATABASE_URL) keeps its database to itself: import through its GraphQL mutation instead.",
    );
    return 1;
  }
  const dryRun = args.values["dry-run"] ?? false;
  const actor = args.values.actor?.trim() || `cli:${safeUser()}`;

  const pool = createPool({ name: "import", connectionString: config.databaseUrl, max: 2 });
  let enqueuer: RollupEnqueuer | null = null;
  let enqueueFailed = false;
  const outcomes: Outcome[] = [];
  try {
    const reference = await loadImportReference(pool);
    const onCommitted = async (touched: Parameters<RollupEnqueuer["enqueue"]>[0]) => {
      if (args.values["no-rollup"]) return;
      try {
        enqueuer ??= await openRollupEnqueuer(config, config.databaseUrl!);
        await enqueuer.enqueue(touched);
      } catch (e) {
        enqueueFailed = true;
        console.error(
          `Imported, but the rollup refresh of ${touched.length} slice(s) could not be enqueued: ${(e as Error).message}\n` +
            "The slices stay marked dirty (queries answer them from the figures); run `npm run rollup` to rebuild.",
        );
      }
    };
    for (const file of files) {
      const read = await readImportFile(file);
      if (!read.ok) {
        outcomes.push({ file, summary: errorSummary(read.errors, null, dryRun), lineNumbers: true });
        continue;
      }
      for (const d of read.documents) {
        const count = Array.isArray(d.doc?.figures) ? d.doc.figures.length : 0;
        const bar = count >= BAR_THRESHOLD ? progressBar(file) : null;
        try {
          const summary = await importDocument(pool, d.doc, {
            actor,
            dryRun,
            reference,
            onCommitted,
            rowNumbers: d.rowNumbers,
            documentRow: d.documentRow,
            onProgress: bar?.update,
          });
          outcomes.push({ file, summary, lineNumbers: d.rowNumbers !== undefined });
        } finally {
          bar?.stop();
        }
      }
    }
  } finally {
    await (enqueuer as RollupEnqueuer | null)?.close().catch(() => {});
    await closePool(pool);
  }
  console.log(formatSummaries(outcomes, dryRun));
  if (!dryRun && !args.values["no-rollup"] && enqueuer)
    console.log(`Rollup refresh enqueued via ${(enqueuer as RollupEnqueuer).via}.`);
  return outcomes.some((o) => o.summary.status === "ERROR") || enqueueFailed ? 1 : 0;
}

function progressBar(file: string): { update: (p: ImportProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: `${file} {phase} [{bar}] {value}/{total} figures`,
      clearOnComplete: true,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: ImportProgress["phase"] | null = null;
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: p.phase === "validate" ? "validating" : "writing   " });
      }
      // Validation reports every row; redrawing every 1000 keeps a 50,000-row file fast.
      if (p.phase === "write" || p.done === p.total || p.done % 1000 === 0) bar.update(p.done);
    },
    stop: () => {
      if (phase) bar.stop();
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

try {
  process.exit(await main());
} catch (e) {
  console.error(`Import failed: ${(e as Error).message}`);
  process.exit(1);
}
