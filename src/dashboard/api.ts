/** The dashboard's only way to the data: POST /graphql, the public contract (schema.graphql). */
import type { CompareInput, Comparison, Reference, Row, Source } from "./types.ts";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const ENDPOINT = new URL("graphql", document.baseURI).toString();

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
  /** E.g. an editor's `x-api-key` (the review page). */
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError((e as Error).message, "NETWORK");
  }
  const body = (await res.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  if (body?.errors?.length)
    throw new ApiError(body.errors.map((e) => e.message).join("; "), body.errors[0].extensions?.code);
  if (!res.ok || !body?.data) throw new ApiError(`HTTP ${res.status}`, "HTTP");
  return body.data;
}

const REFERENCE_QUERY = `{
  measures { code name nameEn unit aggregation }
  programmes { code name nameEn parentCode }
  ethnicGroups { code name parentCode }
  places(level: PROVINCE) { key code name nameAscii level validFrom validTo }
}`;

export function loadReference(signal?: AbortSignal): Promise<Reference> {
  return gql<Reference>(REFERENCE_QUERY, {}, signal);
}

// Sources are asked for one row when its number is clicked (rowSources): with them every row of a
// national dataset carries its reports and quotes, ten times the bytes and time of the numbers.
const COMPARISON_FIELDS = `servedFrom computedAt boundaries rows {
  place { key name level validFrom validTo } requested periodStart periodEnd
  value lower upper qualifier ratio numerator denominator derivation
  coverage { covered total dimension } flags
}`;

export interface CompareResult {
  /** Rows for the chosen period (absent when no period is chosen: `series` has them). */
  chosen?: Comparison;
  /** Every period, for the time series. */
  series: Comparison;
}

/** One HTTP request: the chosen period and the full series side by side (aliases). */
export function compareBoth(
  inputs: { chosen?: CompareInput; series: CompareInput },
  signal?: AbortSignal,
): Promise<CompareResult> {
  const query = inputs.chosen
    ? `query Dashboard($chosen: CompareInput!, $series: CompareInput!) { chosen: compare(input: $chosen) { ${COMPARISON_FIELDS} } series: compare(input: $series) { ${COMPARISON_FIELDS} } }`
    : `query Dashboard($series: CompareInput!) { series: compare(input: $series) { ${COMPARISON_FIELDS} } }`;
  return gql<CompareResult>(
    query,
    inputs.chosen ? { chosen: inputs.chosen, series: inputs.series } : { series: inputs.series },
    signal,
  );
}

/**
 * The reports behind one row: the same comparison for its place and exactly its period
 * ("2023-01-01/2024-05-31" asks for the rows inside it; the one with the same ends is the row).
 */
export async function rowSources(input: CompareInput, row: Row, signal?: AbortSignal): Promise<Source[]> {
  if (!row.periodStart || !row.periodEnd) return [];
  const data = await gql<{
    compare: { rows: { place: { key: string }; periodStart: string; periodEnd: string; sources: Source[] }[] };
  }>(
    `query Sources($input: CompareInput!) { compare(input: $input) { rows { place { key } periodStart periodEnd sources { id title publisher author publishedAt url quote figureId } } } }`,
    { input: { ...input, places: [row.place.key], period: `${row.periodStart}/${row.periodEnd}` } },
    signal,
  );
  const same = data.compare.rows.find(
    (r) => r.place.key === row.place.key && r.periodStart === row.periodStart && r.periodEnd === row.periodEnd,
  );
  return same?.sources ?? [];
}

export async function compareCsv(input: CompareInput): Promise<string> {
  const data = await gql<{ compare: { csv: string } }>(
    `query Csv($input: CompareInput!) { compare(input: $input) { csv } }`,
    { input },
  );
  return data.compare.csv;
}
