/**
 * API keys: the key itself is shown once at creation; the table keeps only its sha256. A request
 * names its key in `x-api-key` or `Authorization: Bearer <key>`. Mutations need role "editor".
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type pg from "pg";
import type { AuthChecker } from "type-graphql";
import { badUserInput, forbidden, notFound, unauthenticated } from "./errors.ts";

type Db = Pick<pg.Pool, "query">;

export const EDITOR = "editor";
/** "reader" exists for keys that identify a caller without any right to change data. */
export const API_ROLES = [EDITOR, "reader"] as const;
export const BOOTSTRAP_KEY_NAME = "EDITOR_API_KEY";

export interface ApiKeyIdentity {
  name: string;
  role: string;
}

/** What the request presented: no key, a key that matched (and is not revoked), or a rejected one. */
export type Authentication = { state: "anonymous" } | { state: "valid"; key: ApiKeyIdentity } | { state: "rejected" };

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function readApiKey(headers: IncomingHttpHeaders): string | null {
  const direct = headers["x-api-key"];
  const value = Array.isArray(direct) ? direct[0] : direct;
  if (value?.trim()) return value.trim();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  if (bearer) return bearer[1];
  // Basic auth with the key as password, any user name: what a browser can send (Bull Board).
  const basic = /^Basic\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  const password = basic ? Buffer.from(basic[1], "base64").toString("utf8").split(":").slice(1).join(":") : "";
  return password.trim() || null;
}

export async function findApiKey(db: Db, key: string): Promise<ApiKeyIdentity | null> {
  const r = await db.query<ApiKeyIdentity>(
    `SELECT name, role FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  return r.rows[0] ?? null;
}

export async function authenticate(db: Db, headers: IncomingHttpHeaders): Promise<Authentication> {
  const key = readApiKey(headers);
  if (!key) return { state: "anonymous" };
  const found = await findApiKey(db, key);
  return found ? { state: "valid", key: found } : { state: "rejected" };
}

/** Stores a new key and returns it: the only time the plain key exists anywhere. */
export async function createApiKey(db: Db, name: string, role: string): Promise<string> {
  const cleanName = name.trim();
  if (!cleanName || cleanName.length > 200) throw badUserInput("name must be 1 to 200 characters");
  if (!(API_ROLES as readonly string[]).includes(role))
    throw badUserInput(`role must be one of ${API_ROLES.join(", ")} (got "${role}")`);
  const key = `vnp_${randomBytes(32).toString("base64url")}`;
  await db.query(`INSERT INTO api_key (name, key_hash, role) VALUES ($1, $2, $3)`, [cleanName, hashApiKey(key), role]);
  return key;
}

export interface ApiKeyRecord {
  id: number;
  name: string;
  role: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const RECORD = `id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** Every key, newest first, without its secret (only the hash is stored, and it is not shown either). */
export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return (await db.query<ApiKeyRecord>(`SELECT ${RECORD} FROM api_key ORDER BY created_at DESC, id DESC`)).rows;
}

/**
 * Revokes a key: every API process refuses it from its next request on (keys are looked up in the
 * database on every request, never cached). Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(db: Db, id: number): Promise<ApiKeyRecord> {
  const r = await db.query<ApiKeyRecord>(
    `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${RECORD}`,
    [id],
  );
  if (!r.rows[0]) throw notFound(`no API key with id ${id} (see apiKeys)`);
  return r.rows[0];
}

/**
 * Makes sure a configured key (EDITOR_API_KEY) works as an editor key. Idempotent; a key that was
 * revoked stays revoked (configuration must not undo a revocation).
 */
export async function ensureApiKey(
  db: Db,
  key: string,
  name = BOOTSTRAP_KEY_NAME,
  role: string = EDITOR,
): Promise<void> {
  await db.query(`INSERT INTO api_key (name, key_hash, role) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING`, [
    name,
    hashApiKey(key),
    role,
  ]);
}

/** The part of the context the auth checker reads. */
export interface AuthContext {
  auth: Authentication;
}

/**
 * For `@Authorized(...roles)`: no key or an unknown/revoked key → UNAUTHENTICATED; a valid key
 * without one of the roles → FORBIDDEN. Throws rather than returning false, which type-graphql
 * would report as UNAUTHORIZED.
 */
export const authChecker: AuthChecker<AuthContext> = ({ context }, roles) => {
  const auth = context.auth;
  if (auth.state === "anonymous")
    throw unauthenticated("an API key is required: send it in the x-api-key header or as Authorization: Bearer <key>");
  if (auth.state === "rejected") throw unauthenticated("the API key is not recognised or has been revoked");
  if (roles.length && !roles.includes(auth.key.role)) {
    throw forbidden(
      `this needs the role ${roles.join(" or ")}; the key "${auth.key.name}" has the role ${auth.key.role}`,
    );
  }
  return true;
};
