/** The review page's calls to the GraphQL API, with the editor's key (extractFigures and importReport need it). */
import { gql } from "../api.ts";
import type { PlaceLevel } from "../types.ts";
import type { Draft, ImportRowError } from "./rows.ts";
import type { ImportDocument } from "../../ingest/import-format.ts";
import type { FlaggedFigure, ImportSummary as StoredSummary } from "../../ingest/import/summary.ts";

const KEY_STORE = "review.apiKey";

/** The key lives in this tab's sessionStorage only: closing the tab forgets it. */
export function storedKey(): string {
  return sessionStorage.getItem(KEY_STORE) ?? "";
}

export function storeKey(key: string): void {
  if (key.trim()) sessionStorage.setItem(KEY_STORE, key.trim());
  else sessionStorage.removeItem(KEY_STORE);
}

function auth(key: string): Record<string, string> {
  return key.trim() ? { "x-api-key": key.trim() } : {};
}

export interface ExtractRequest {
  text?: string;
  fileBase64?: string;
  fileName?: string;
  publishedAt?: string;
  title?: string;
  url?: string;
}

export async function extract(key: string, req: ExtractRequest, signal?: AbortSignal): Promise<Draft> {
  const data = await gql<{ extractFigures: Draft }>(
    `query Extract($text: String, $fileBase64: String, $fileName: String, $publishedAt: String, $title: String, $url: String) {
      extractFigures(text: $text, fileBase64: $fileBase64, fileName: $fileName, publishedAt: $publishedAt, title: $title, url: $url)
    }`,
    { ...req },
    signal,
    auth(key),
  );
  return data.extractFigures;
}

/**
 * importReport's answer, as much of it as the page asks for: the import's own summary
 * (src/ingest/import/summary.ts) without the slices it touched, its flagged figures' keys and reasons.
 */
export type ImportSummary = Omit<StoredSummary, "errors" | "flaggedFigures" | "touched"> & {
  errors: ImportRowError[];
  flaggedFigures: Pick<FlaggedFigure, "key" | "reason">[];
};

export async function importDocument(key: string, document: ImportDocument, dryRun: boolean): Promise<ImportSummary> {
  const data = await gql<{ importReport: ImportSummary }>(
    `mutation Import($document: JSON!, $dryRun: Boolean) {
      importReport(document: $document, dryRun: $dryRun) {
        status dryRun documentId sourceKey version imported updated deleted ignored flagged notRecorded
        errors { row field reason key }
        flaggedFigures { key reason }
      }
    }`,
    { document, dryRun },
    undefined,
    auth(key),
  );
  return data.importReport;
}

export interface PlaceHit {
  key: string;
  name: string;
  level: PlaceLevel | "GROUP";
  parentName: string | null;
  validFrom: string;
  validTo: string | null;
}

/** Places by name as reports write them, valid on `asOf` when given. */
export async function searchPlaces(name: string, asOf: string | null, signal?: AbortSignal): Promise<PlaceHit[]> {
  const data = await gql<{
    placeSearch: {
      place: {
        key: string;
        name: string;
        level: PlaceHit["level"];
        validFrom: string;
        validTo: string | null;
        parent: { name: string } | null;
      };
    }[];
  }>(
    `query PlaceSearch($name: String!, $asOf: Date) {
      placeSearch(name: $name, asOf: $asOf, first: 8) { place { key name level validFrom validTo parent { name } } }
    }`,
    { name, asOf },
    signal,
  );
  return data.placeSearch.map(({ place }) => ({
    key: place.key,
    name: place.name,
    level: place.level,
    parentName: place.parent?.name ?? null,
    validFrom: place.validFrom,
    validTo: place.validTo,
  }));
}
