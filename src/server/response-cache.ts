import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { operationKind, type OperationKind } from "../graphql/cacheable-operation.ts";

export interface ResponseCacheStats { enabled: boolean; entries: number; bytes: number; maxBytes: number; hits: number; misses: number }

interface Entry { version: number; body: string; contentType: string; bytes: number }

/** Parsed-query verdicts kept at most (a dashboard sends a few dozen distinct queries). */
const MAX_VERDICTS = 5_000;

/**
 * Whole GraphQL responses, kept in memory and keyed by the request (query, operation, variables or
 * persisted-query hash) and the data version: an answer is served again only while the data it was
 * computed from is unchanged. Only anonymous POSTs of queries that read data alone are cached, and
 * only their complete 200 answers without errors. Least recently used entries go first past maxBytes.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly verdicts = new Map<string, OperationKind>();
  private bytes = 0;
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
  ) {}

  stats(): ResponseCacheStats {
    return { enabled: this.maxBytes > 0 && this.version() !== null, entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses };
  }

  middleware(): RequestHandler {
    return async (req, res, next) => {
      if (this.maxBytes <= 0) return next();
      await this.learnPersistedQuery(req);
      const version = this.version();
      const { key, kind } = this.keyOf(req);
      if (kind === "WRITE") this.invalidateBeforeAnswer(res);
      if (version === null || key === undefined) return next();
      if (version !== this.seenVersion) this.clear(version);
      const hit = this.entries.get(key);
      if (hit && hit.version === version) {
        this.hits++;
        this.entries.delete(key); // re-inserted last: the Map's order is the recency order
        this.entries.set(key, hit);
        res.status(200).set("content-type", hit.contentType).set("x-cache", "HIT").send(hit.body);
        return;
      }
      this.misses++;
      res.set("x-cache", "MISS");
      this.captureAnswer(res, key, version, this.epoch);
      next();
    };
  }

  /** A persisted query sent by hash alone, never seen here: its text from the shared store. */
  private async learnPersistedQuery(req: Request): Promise<void> {
    if (!this.lookupQuery || req.method !== "POST") return;
    const body = req.body as { query?: unknown; operationName?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (!body || typeof hash !== "string" || typeof body.query === "string") return;
    const operationName = typeof body.operationName === "string" ? body.operationName : null;
    const verdictKey = `${hash}\n${operationName ?? ""}`;
    if (this.verdicts.has(verdictKey)) return;
    const text = await this.lookupQuery(hash);
    if (text !== undefined && sha256(text) === hash) this.judge(verdictKey, text, operationName);
  }

  private judge(verdictKey: string, query: string, operationName: string | null): void {
    if (this.verdicts.has(verdictKey)) return;
    if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.clear();
    this.verdicts.set(verdictKey, operationKind(query, operationName));
  }

  /** A write's own caller must read it next: everything goes before its answer leaves. */
  private invalidateBeforeAnswer(res: Response): void {
    const send = res.send.bind(res);
    res.send = (payload: unknown) => {
      this.invalidate();
      return send(payload);
    };
  }

  private captureAnswer(res: Response, key: string, version: number, epoch: number): void {
    const send = res.send.bind(res);
    res.send = (payload: unknown) => {
      if (res.statusCode === 200 && typeof payload === "string" && this.version() === version && this.epoch === epoch && !hasErrors(payload)) {
        this.store(key, { version, body: payload, contentType: String(res.get("content-type") ?? "application/json; charset=utf-8"), bytes: key.length + payload.length });
      }
      return send(payload);
    };
  }

  /** The request's operation kind, and its cache key when it may be cached. */
  private keyOf(req: Request): { key?: string; kind: OperationKind } {
    if (req.method !== "POST") return { kind: "OTHER" };
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
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
    return { kind, key: `${verdictKey}\n${JSON.stringify(body.variables ?? null)}` };
  }

  private store(key: string, entry: Entry): void {
    if (entry.bytes > this.maxBytes / 4) return; // one huge answer must not flush everything else
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  private invalidate(): void {
    this.epoch++;
    this.empty();
  }

  private clear(version: number): void {
    this.seenVersion = version;
    this.empty();
  }

  private empty(): void {
    this.entries.clear();
    this.bytes = 0;
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
