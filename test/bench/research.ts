/**
 * Researchers' questions (`analytics`) over HTTP on our server with its response cache off, so that
 * every request is computed from the rollups: each question checked once, then alone under load.
 */
import { loadLevels, notFromRollup, startBenchServer, type LevelResult } from "./dashboard.ts";
import { post } from "./http-load.ts";
import { ANALYTICS_QUERY, RESEARCH_QUERIES } from "./queries.ts";

export interface ResearchResult {
  question: string;
  total: number | null;
  servedFrom: string | null;
  error: string | null;
  levels: LevelResult[];
}

export async function benchResearch(
  databaseUrl: string,
  concurrencies: number[],
  seconds: number,
): Promise<ResearchResult[]> {
  const server = await startBenchServer(databaseUrl, "api-nocache", { RESPONSE_CACHE_MB: "0" });
  try {
    const out: ResearchResult[] = [];
    for (const q of RESEARCH_QUERIES) {
      const body = JSON.stringify({ query: ANALYTICS_QUERY, variables: { query: q.query } });
      const first = await post<{ analytics: { total: number; servedFrom: string } }>(server.url, body);
      const levels = await loadLevels(server, [{ name: q.name, body }], concurrencies, seconds, notFromRollup);
      out.push({
        question: q.name,
        total: first.data?.analytics.total ?? null,
        servedFrom: first.data?.analytics.servedFrom ?? null,
        error: first.error,
        levels,
      });
    }
    return out;
  } finally {
    await server.stop();
  }
}
