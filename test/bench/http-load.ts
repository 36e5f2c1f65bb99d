/**
 * Closed-loop HTTP load with autocannon (programmatic API): `concurrency` connections, each sending
 * the next request of the set (round-robin) as soon as its previous answer has arrived, for a fixed
 * time. Latencies are taken from autocannon's per-response event in fractions of a millisecond (its
 * own histogram counts whole milliseconds). Every body is checked: HTTP 200 and no GraphQL `errors`
 * (a body that fails is a mismatch, counted as an error), plus an optional note (e.g. not ROLLUP).
 */
import autocannon from "autocannon";
import { percentile, round } from "./stats.ts";

export interface LoadRequest {
  name: string;
  body: string;
}

export interface LoadResult {
  concurrency: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts, non-2xx answers and answers with GraphQL errors. */
  errors: number;
  /** Answers the `note` check flagged (ours: not served from ROLLUP). */
  noted: number;
  firstError: string | null;
}

export interface GraphqlAnswer<T = unknown> {
  ok: boolean;
  status: number;
  data: T | null;
  error: string | null;
}

/** One request, outside the load (checks, answers to compare). */
export async function post<T = unknown>(url: string, body: string): Promise<GraphqlAnswer<T>> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await res.text();
    let json: { data?: T; errors?: { message: string }[] };
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, status: res.status, data: null, error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
    }
    if (res.status !== 200 || json.errors?.length || !json.data) {
      return {
        ok: false,
        status: res.status,
        data: json.data ?? null,
        error: `HTTP ${res.status}: ${json.errors?.[0]?.message ?? "no data"}`,
      };
    }
    return { ok: true, status: res.status, data: json.data, error: null };
  } catch (e) {
    return { ok: false, status: 0, data: null, error: (e as Error).message };
  }
}

export async function runLoad(
  url: string,
  requests: LoadRequest[],
  concurrency: number,
  seconds: number,
  note?: (body: string) => boolean,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let noted = 0;
  let badBodies = 0;
  let firstError: string | null = null;
  const verifyBody = (raw: string | Buffer | undefined) => {
    const body = raw === undefined ? "" : String(raw);
    if (body.includes('"errors"')) {
      let message = body.slice(0, 200);
      try {
        const json = JSON.parse(body) as { errors?: { message: string }[] };
        if (!json.errors?.length) return true; // a value that merely contains the word
        message = json.errors[0].message;
      } catch {
        /* keep the raw text */
      }
      badBodies++;
      firstError ??= message;
      return false;
    }
    if (note?.(body)) noted++;
    return true;
  };
  const u = new URL(url);
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: u.origin,
        connections: concurrency,
        duration: seconds,
        requests: requests.map((q) => ({
          method: "POST",
          path: u.pathname,
          headers: { "content-type": "application/json" },
          body: q.body,
        })),
        verifyBody,
        timeout: 30,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status !== 200) firstError ??= `HTTP ${status}`;
    });
    instance.on("reqError", (e: Error) => {
      firstError ??= e.message;
    });
  });
  const errors = r.errors + r.non2xx + badBodies; // timeouts are counted in errors
  return {
    concurrency,
    seconds: round(r.duration, 2),
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / r.duration, 1),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(latencies.length ? latencies.reduce((a, b) => Math.max(a, b), 0) : Number.NaN, 1),
    errors,
    noted,
    firstError,
  };
}
