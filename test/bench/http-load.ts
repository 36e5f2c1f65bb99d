/**
 * A closed-loop HTTP load generator on fetch: `concurrency` workers, each sending the next query of
 * the set as soon as its previous answer has arrived, for a fixed time. Every answer is checked:
 * HTTP 200, no GraphQL `errors`, servedFrom ROLLUP (anything else is counted, not failed).
 */
import { performance } from "node:perf_hooks";
import { percentile, round } from "./stats.ts";

export interface LoadRequest { name: string; body: string }

export interface LoadResult {
  concurrency: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  notRollup: number;
  firstError: string | null;
}

export interface Answer { ok: boolean; servedFrom: string | null; error: string | null }

export async function post(url: string, body: string): Promise<Answer> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const json = (await res.json()) as { data?: { compare?: { servedFrom?: string } }; errors?: { message: string }[] };
    if (res.status !== 200 || json.errors?.length) {
      return { ok: false, servedFrom: null, error: `HTTP ${res.status}: ${json.errors?.[0]?.message ?? "no data"}` };
    }
    return { ok: true, servedFrom: json.data?.compare?.servedFrom ?? null, error: null };
  } catch (e) {
    return { ok: false, servedFrom: null, error: (e as Error).message };
  }
}

export async function runLoad(url: string, requests: LoadRequest[], concurrency: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let notRollup = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const r = requests[next++ % requests.length];
      const t0 = performance.now();
      const a = await post(url, r.body);
      latencies.push(performance.now() - t0);
      if (!a.ok) {
        errors++;
        firstError ??= `${r.name}: ${a.error}`;
      } else if (a.servedFrom !== "ROLLUP") notRollup++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    concurrency,
    seconds: round(elapsed, 2),
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / elapsed, 1),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
    errors,
    notRollup,
    firstError,
  };
}
