import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

const dataDir = new URL("./data/", import.meta.url);

/** Reads one of the reference CSVs shipped in src/reference/data as records keyed by header. */
export function readReferenceCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(new URL(name, dataDir), "utf8"), { columns: true, skip_empty_lines: true, trim: true });
}
