import { createHash } from "node:crypto";
import type { Request } from "express";
import { LRUCache } from "lru-cache";
import { operationKind, type OperationKind } from "../graphql/cacheable-operation.ts";

export interface ResponseCacheStats {
  enabled: boolean;
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}

/** A complete GraphQL HTTP answer (a streamed one is passed through and never cached). */
export interface GraphQLAnswer {
  status: number;
  headers: [string, string][];
  body: string | AsyncIterable<string>;
  cache?: "HIT" | "MISS";
}

interface Entry {
  version: number;
  body: string;
  headers: [string, string][];
}

/** Parsed-query verdicts kept at most (a dashboard sends a few dozen distinct queries). */
const MAX_VERDICTS = 5_000;

/**
 * Whole GraphQL responses, kept in memory and keyed by everything that shapes the answer: the
 * request (query, operation, variables or persisted-query hash), the Accept header (it picks the
 * response's content type) and the data version. An answer is served again only while the data
 * it was computed from is unchanged. Only anonymous POSTs of queries that read data alone are
 * cached, and only their complete 200 answers without errors; least recently used go first.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry> | null;
  private readonly verdicts = new LRUCache<string, OperationKind>({ max: MAX_VERDICTS });
  private seenVersion: number | null = null;
  /** Bumped when a request that may write (a mutation) is answered here: read-your-writes without waiting for NOTIFY. */
  private epoch = 0;
  hits = 0;
  misses = 0;

  /**
   * `lookupQuery` finds a persisted query's text by its hash in a store shared between processes, so
   * that a query registered on another process is judged (cacheable, or a write) here too.
   */
  constructor(
    private readonly maxBytes: number,
    private readonly version: () => number | null,
    private readonly lookupQuery?: (sha256Hash: string) => Promise<string | undefined>,
  ) {
    this.entries =
      maxBytes > 0
        ? new LRUCache<string, Entry>({
            maxSize: maxBytes,
            sizeCalculation: (e, key) => key.length + e.body.length,
            maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)), // one huge answer must not flush everything else
          })
        : null;
  }

  stats(): ResponseCacheStats {
    return {
      enabled: this.entries !== null && this.version() !== null,
      entries: this.entries?.size ?? 0,
      bytes: this.entries?.calculatedSize ?? 0,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
    };
  }

  /** Answers `req` from memory, else through `answer`, keeping that answer when it may be served again. */
  async serve(req: Request, answer: () => Promise<GraphQLAnswer>): Promise<GraphQLAnswer> {
    if (!this.entries) return answer();
    await this.learnPersistedQuery(req);
    const { key, kind } = this.keyOf(req);
    if (kind === "WRITE") {
      const written = await answer();
      this.invalidate(); // a write's own caller must read it next: everything goes before its answer leaves
      return written;
    }
    const version = this.version();
    if (version === null || key === undefined) return answer();
    if (version !== this.seenVersion) this.clear(version);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.hits++;
      return { status: 200, headers: hit.headers, body: hit.body, cache: "HIT" };
    }
    this.misses++;
    const epoch = this.epoch;
    const fresh = await answer();
    if (
      fresh.status === 200 &&
      typeof fresh.body === "string" &&
      this.version() === version &&
      this.epoch === epoch &&
      !hasErrors(fresh.body)
    ) {
      this.entries.set(key, { version, body: fresh.body, headers: fresh.headers });
    }
    return { ...fresh, cache: "MISS" };
  }

  /** A persisted query sent by hash alone, never seen here: its text from the shared store. */
  private async learnPersistedQuery(req: Request): Promise<void> {
    if (!this.lookupQuery || req.method !== "POST") return;
    const body = req.body as
      | { query?: unknown; operationName?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } }
      | undefined;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (!body || typeof hash !== "string" || typeof body.query === "string") return;
    const operationName = typeof body.operationName === "string" ? body.operationName : null;
    const verdictKey = `${hash}\n${operationName ?? ""}`;
    if (this.verdicts.has(verdictKey)) return;
    const text = await this.lookupQuery(hash);
    if (text !== undefined && sha256(text) === hash) this.judge(verdictKey, text, operationName);
  }

  private judge(verdictKey: string, query: string, operationName: string | null): void {
    if (!this.verdicts.has(verdictKey)) this.verdicts.set(verdictKey, operationKind(query, operationName));
  }

  /** The request's operation kind, and its cache key when it may be cached. */
  private keyOf(req: Request): { key?: string; kind: OperationKind } {
    if (req.method !== "POST") return { kind: "OTHER" };
    const body = req.body as
      | {
          query?: unknown;
          operationName?: unknown;
          variables?: unknown;
          extensions?: { persistedQuery?: { sha256Hash?: unknown } };
        }
      | undefined;
    if (!body || typeof body !== "object" || Array.isArray(body)) return { kind: "OTHER" };
    const hash = body.extensions?.persistedQuery?.sha256Hash;
    const operationName = typeof body.operationName === "string" ? body.operationName : null;
    let verdictKey: string;
    if (typeof body.query === "string") {
      verdictKey = `${typeof hash === "string" ? hash : sha256(body.query)}\n${operationName ?? ""}`;
      this.judge(verdictKey, body.query, operationName);
    } else if (typeof hash === "string") {
      verdictKey = `${hash}\n${operationName ?? ""}`; // a persisted query: judged when its text was last sent
    } else {
      return { kind: "OTHER" };
    }
    const kind = this.verdicts.get(verdictKey) ?? "OTHER";
    // A caller with a key may see more (or be refused): its answers are its own.
    if (kind !== "CACHEABLE" || req.headers.authorization || req.headers["x-api-key"]) return { kind };
    return { kind, key: `${verdictKey}\n${req.headers.accept ?? ""}\n${JSON.stringify(body.variables ?? null)}` };
  }

  private invalidate(): void {
    this.epoch++;
    this.entries?.clear();
  }

  private clear(version: number): void {
    this.seenVersion = version;
    this.entries?.clear();
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A GraphQL answer with a top-level "errors" member (cheap check before parsing). */
function hasErrors(payload: string): boolean {
  if (!payload.includes('"errors"')) return false;
  try {
    return "errors" in (JSON.parse(payload) as object);
  } catch {
    return true;
  }
}
