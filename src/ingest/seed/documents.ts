import { readdirSync, readFileSync } from "node:fs";
import type { ImportDocument } from "../import-format.ts";

const documentsDir = new URL("./documents/", import.meta.url);
const reportsDir = new URL("./reports/", import.meta.url);

/** The curated seed documents (src/ingest/seed/documents/*.json), in file-name order. */
export function listSeedDocuments(): ImportDocument[] {
  return readdirSync(documentsDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, documentsDir), "utf8")) as ImportDocument);
}

/** The text of a seed report (src/ingest/seed/reports/<fileName>), as published. */
export function readSeedReport(fileName: string): string {
  return readFileSync(new URL(fileName, reportsDir), "utf8");
}
