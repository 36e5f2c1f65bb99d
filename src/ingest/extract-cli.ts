/**
 * `npm run extract -- FILE|FOLDER|- [more…] [--published YYYY-MM-DD] [--title T] [--url U] [--json] [--out DIR]`
 *
 * Reads reports (plain text, HTML, DOCX, PDF with a text layer; `-` is standard input; a folder is
 * every file in it) and proposes their figures as a draft in the import format. No configuration,
 * no server: the reference catalogue ships with the project.
 *   --json     print the draft (one report) or a list of drafts (several) as JSON, for
 *              `npm run import -- draft.json`
 *   --out DIR  write each draft to DIR/<name>.draft.json
 *   (neither)  print a table of the proposals and what was left out, with reasons
 * A text file may start with "URL: …", "TITLE: …", "PUBLISHED: …" lines (the development set's
 * header); the options override them. Exit code 1 when any report could not be read.
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import type { Draft } from "./extract/draft.ts";
import { ExtractError, extractFigures } from "./extract/extract.ts";
import { InputError, MAX_INPUT_BYTES, readInput } from "./extract/read-input.ts";
import { readSavedReport } from "./extract/saved-report.ts";

const USAGE =
  "usage: npm run extract -- <file|folder|-> [more] [--published YYYY-MM-DD] [--title T] [--url U] [--json] [--out DIR]";

interface Options {
  published?: string;
  title?: string;
  url?: string;
}

/** One report's bytes → its draft. */
export async function draftFromBytes(bytes: Uint8Array, fileName: string | null, opts: Options): Promise<Draft> {
  const input = await readInput(bytes, fileName);
  const saved =
    input.format === "text"
      ? readSavedReport(input.text)
      : { body: input.text, url: null, title: null, publishedAt: null };
  return extractFigures({
    text: saved.body,
    publishedAt: opts.published ?? saved.publishedAt,
    title: opts.title ?? saved.title ?? input.title,
    url: opts.url ?? saved.url,
    fileName,
  });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES)
      throw new InputError(
        "TOO_LARGE",
        `standard input is over ${MAX_INPUT_BYTES / 1024 / 1024} MB; a report is at most that`,
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(p);
      continue;
    }
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      for (const f of (await readdir(p)).sort()) {
        const full = join(p, f);
        if (
          (await stat(full)).isFile() &&
          !f.startsWith(".") &&
          !f.endsWith(".draft.json") &&
          !/\.(jsonl?|md)$/i.test(f)
        )
          out.push(full);
      }
    } else out.push(p);
  }
  return out;
}

function table(name: string, d: Draft): string {
  const lines = [
    `${name}: ${d.figures.length} figures proposed, ${d.notRecorded.length} not recorded — "${d.document.title}"`,
  ];
  for (const f of d.figures) {
    lines.push(
      `  ${f.confidence.toFixed(2)}  ${f.text.padEnd(28)} ${f.measure.padEnd(26)} ${(f.programme ?? "ALL").padEnd(18)} ${(f.ethnicity ?? "ALL").padEnd(4)} ${(f.placeName ?? "").padEnd(16)} ${f.period.padEnd(21)} ${f.kind}`,
    );
  }
  for (const n of d.notRecorded) lines.push(`  --    ${n.text.padEnd(28)} not recorded: ${n.reason}`);
  return lines.join("\n");
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        published: { type: "string" },
        title: { type: "string" },
        url: { type: "string" },
        json: { type: "boolean" },
        out: { type: "string" },
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
  if (!args.positionals.length) {
    console.error(USAGE);
    return 1;
  }
  const published = args.values.published;
  if (published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(published)) {
    console.error(`--published "${published}" is not a date (YYYY-MM-DD)`);
    return 1;
  }
  const files = await expand(args.positionals);
  if (!files.length) {
    console.error("no report files found");
    return 1;
  }
  const drafts: Draft[] = [];
  let failed = 0;
  for (const file of files) {
    const name = file === "-" ? "stdin" : basename(file);
    try {
      if (file !== "-") {
        const size = (await stat(file)).size;
        if (size > MAX_INPUT_BYTES)
          throw new InputError(
            "TOO_LARGE",
            `the file is ${(size / 1024 / 1024).toFixed(1)} MB; a report is at most ${MAX_INPUT_BYTES / 1024 / 1024} MB (split it)`,
          );
      }
      const bytes = file === "-" ? await readStdin() : await readFile(file);
      const draft = await draftFromBytes(bytes, file === "-" ? null : name, {
        published,
        title: args.values.title,
        url: args.values.url,
      });
      drafts.push(draft);
      if (args.values.out) {
        await mkdir(args.values.out, { recursive: true });
        const target = join(args.values.out, `${name.replace(/\.[^.]+$/, "")}.draft.json`);
        await writeFile(target, JSON.stringify(draft, null, 2) + "\n");
        console.error(`${name}: ${draft.figures.length} figures, ${draft.notRecorded.length} not recorded → ${target}`);
      } else if (!args.values.json) console.log(table(name, draft));
    } catch (e) {
      if (!(e instanceof InputError || e instanceof ExtractError || (e as NodeJS.ErrnoException).code)) throw e;
      failed++;
      console.error(`${name}: ${(e as Error).message}`);
    }
  }
  if (args.values.json)
    console.log(JSON.stringify(drafts.length === 1 && files.length === 1 ? drafts[0] : drafts, null, 2));
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
