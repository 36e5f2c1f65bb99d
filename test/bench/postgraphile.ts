/**
 * The PostGraphile peer against ours, same database, same questions, same load: answers compared
 * question by question (postgraphile-questions.ts), the peer's dashboard round-robin, and each
 * question alone at each concurrency on both servers (ours/peer ratios). Without a peer, the
 * per-question load runs on ours only.
 */
import type { Decimal } from "decimal.js";
import type { ChildServer } from "./child-server.ts";
import { compareBody, loadLevels, notFromRollup, type LevelResult } from "./dashboard.ts";
import { post, runLoad, type LoadRequest, type LoadResult } from "./http-load.ts";
import {
  agreement,
  PEER_QUESTIONS,
  peerRequest,
  peerSums,
  type Agreement,
  type Expressible,
  type OurRow,
} from "./postgraphile-questions.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";
import { round } from "./stats.ts";

export interface PeerAnswerCheck {
  question: string;
  expressible: Expressible;
  why: string;
  agreement: Agreement | null;
  error: string | null;
}

export interface QuestionLevel {
  question: string;
  concurrency: number;
  ours: LoadResult;
  peer: LoadResult | null;
  /** ours req/s ÷ peer req/s (above 1: ours serves more). */
  throughputRatio: number | null;
  /** ours p50 ÷ peer p50 (below 1: ours answers faster). */
  p50Ratio: number | null;
}

const peerBody = (i: number) => JSON.stringify(peerRequest(PEER_QUESTIONS[i]));

/** Each question asked once of both servers; the values compared where the peer has an answer. */
export async function checkPeerAnswers(ours: ChildServer, peer: ChildServer): Promise<PeerAnswerCheck[]> {
  const out: PeerAnswerCheck[] = [];
  for (const [i, q] of PEER_QUESTIONS.entries()) {
    const base = { question: q.question, expressible: q.expressible, why: q.why };
    const dq = DASHBOARD_QUERIES[i];
    if (dq.name !== q.question)
      throw new Error(`peer question ${i} is "${q.question}", the dashboard's is "${dq.name}"`);
    const o = await post<{ compare: { rows: OurRow[] } }>(ours.url, compareBody(dq.input));
    const p = await post<Record<string, never>>(peer.url, peerBody(i));
    if (!o.ok || !p.ok) {
      out.push({ ...base, agreement: null, error: !o.ok ? `ours: ${o.error}` : `peer: ${p.error}` });
      continue;
    }
    const oursValues = new Map<string, Decimal | null>(o.data!.compare.rows.map((r) => q.ours(r)));
    out.push({ ...base, agreement: agreement(oursValues, q.peer(peerSums(q, p.data!))), error: null });
  }
  return out;
}

/** The peer's dashboard: its closest query for every question, round-robin, as ours is loaded. */
export function benchPeerDashboard(
  peer: ChildServer,
  concurrencies: number[],
  seconds: number,
): Promise<LevelResult[]> {
  const requests: LoadRequest[] = PEER_QUESTIONS.map((q, i) => ({ name: q.question, body: peerBody(i) }));
  return loadLevels(peer, requests, concurrencies, seconds);
}

export async function benchPerQuestion(
  ours: ChildServer,
  peer: ChildServer | null,
  concurrencies: number[],
  seconds: number,
): Promise<QuestionLevel[]> {
  const out: QuestionLevel[] = [];
  for (const [i, q] of DASHBOARD_QUERIES.entries()) {
    for (const c of concurrencies) {
      const o = await runLoad(ours.url, [{ name: q.name, body: compareBody(q.input) }], c, seconds, notFromRollup);
      const p = peer ? await runLoad(peer.url, [{ name: q.name, body: peerBody(i) }], c, seconds) : null;
      const ratio = (a: number, b: number | undefined) =>
        b && Number.isFinite(a) && Number.isFinite(b) ? round(a / b, 2) : null;
      out.push({
        question: q.name,
        concurrency: c,
        ours: o,
        peer: p,
        throughputRatio: ratio(o.requestsPerSecond, p?.requestsPerSecond),
        p50Ratio: ratio(o.p50Ms, p?.p50Ms),
      });
    }
  }
  return out;
}
