/**
 * The PostGraphile peer (test/bench/peer/, a package of its own so that it is no dependency of the
 * product): installed from its lock file on first use, then run as a child process on 127.0.0.1
 * with the Node.js 22 its package brings (PostGraphile 5 requires Node >= 22).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startChildServer, type ChildServer } from "./child-server.ts";

export const PEER_DIR = fileURLToPath(new URL("./peer/", import.meta.url));
const PEER_NODE = `${PEER_DIR}node_modules/.bin/node`;

/** `npm ci` in test/bench/peer when its node_modules is missing; returns what it did. */
export function ensurePeerInstalled(log: (msg: string) => void): string {
  if (existsSync(`${PEER_DIR}node_modules`) && existsSync(PEER_NODE)) return "already installed";
  log("installing the PostGraphile peer (npm ci in test/bench/peer, once)");
  const r = spawnSync("npm", ["ci", "--prefix", PEER_DIR, "--no-audit", "--no-fund", "--loglevel=error"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  if (r.status !== 0)
    throw new Error(
      `npm ci in ${PEER_DIR} failed (exit ${r.status ?? r.signal}): the PostGraphile peer cannot run; use --peer none to skip it`,
    );
  if (!existsSync(PEER_NODE))
    throw new Error(`${PEER_NODE} is missing after npm ci (the peer brings its own Node.js 22 for linux-x64)`);
  return "installed by npm ci";
}

export async function startPeerServer(databaseUrl: string): Promise<ChildServer> {
  return startChildServer({
    name: "postgraphile",
    command: PEER_NODE,
    args: ["server.mjs", "--stdin-lifeline"],
    cwd: PEER_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, GRAPHILE_ENV: "production", PORT: "0" },
  });
}

/** What the peer runs on, as installed: the packages that make it and its Node.js. */
export function peerVersions(): Record<string, string> {
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(`${PEER_DIR}node_modules/${pkg}/package.json`, "utf8")) as { version: string })
        .version;
    } catch {
      return "missing";
    }
  };
  const out: Record<string, string> = {};
  for (const pkg of [
    "postgraphile",
    "@graphile/pg-aggregates",
    "postgraphile-plugin-connection-filter",
    "grafast",
    "@dataplan/pg",
    "pg",
  ])
    out[pkg] = version(pkg);
  try {
    out.node = execFileSync(PEER_NODE, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    out.node = "missing";
  }
  return out;
}
