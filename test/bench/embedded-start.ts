/**
 * `npm run bench:start`: how long `npm start` takes (no DATABASE_URL: the embedded PGlite) from the
 * command (its prestart if any, then the server) to the first answered dashboard question, on an empty DATA_DIR (cold: from the shipped
 * snapshot when it is current, and without it, as a first start did before) and on the DATA_DIR
 * the cold start left behind (warm). Each start is a new server process, stopped (cleanly) after.
 * Then, on that DATA_DIR, the longest a question waited while a full rebuild of the seed's rollup ran.
 */
import "reflect-metadata";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { startServer } from "../../src/server/app.ts";
import { readSnapshot } from "../../src/server/embedded-snapshot.ts";
import { embeddedConfig, readWaitsDuringRebuild } from "../support/rebuild-read-waits.ts";
import { freePort } from "../support/standby.ts";
import { benchFlags } from "./cli.ts";

const flags = benchFlags("npm run bench:start [-- --no-bare]", { "no-bare": { type: "boolean", default: false } });

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The README's first question: answered from the seed data. */
const QUESTION = `{ compare(input: { measure: "health_insurance_cards", places: ["P-20-2008", "P-80-2008"], programme: "HEALTH-INSURANCE" }) { rows { value } } }`;
const GIVE_UP_MS = 300_000;

/** package.json's `prestart` (if any) and `start` scripts as node argument lists: every command there is `node …`. */
const START = (() => {
  const scripts = (
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  const nodeArgs = (command: string) => {
    const [program, ...args] = command.trim().split(/\s+/);
    if (program !== "node") throw new Error(`npm start runs "${command}": the bench only knows node commands`);
    return args;
  };
  return { prestart: scripts.prestart?.split("&&").map(nodeArgs) ?? [], start: nodeArgs(scripts.start) };
})();

async function answered(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUESTION }),
    });
    const body = (await r.json()) as { data?: { compare?: { rows: unknown[] } } };
    return (body.data?.compare?.rows.length ?? 0) > 0;
  } catch {
    return false; // not listening yet
  }
}

/** Milliseconds from spawning `npm start` to the first answer with data; the process is stopped after. */
async function timeStart(dataDir: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.DATABASE_READ_URL;
  const started = performance.now();
  // What `npm start` runs: its prestart if any, then the server (spawned directly: one SIGTERM, a clean stop).
  for (const step of START.prestart) execFileSync(process.execPath, step, { cwd: root, stdio: "ignore" });
  const child = spawn(process.execPath, START.start, {
    cwd: root,
    env: { ...env, LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    while (!(await answered(url))) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error("no answer in 5 minutes");
      await new Promise((r) => setTimeout(r, 25));
    }
    return performance.now() - started;
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

/** A server in this process on the warm DATA_DIR: questions asked one after the other during a full rebuild. */
async function rebuildReadWaits(dataDir: string) {
  const config = embeddedConfig(dataDir);
  // the worker logs each statement of a stepwise rebuild at debug: the slowest are what a read waits for
  const statements: { ms: number; sql: string }[] = [];
  const collect = {
    write(line: string) {
      const record = JSON.parse(line) as { msg: string; ms: number; sql: string; level: number };
      if (record.msg === "rollup statement") statements.push({ ms: record.ms, sql: record.sql });
      else if (record.level >= 40) process.stderr.write(line);
    },
  };
  const server = await startServer({ config, port: 0, logger: pino({ level: "debug" }, collect) });
  try {
    statements.length = 0; // the first build's, if any
    const waits = await readWaitsDuringRebuild(server);
    return { ...waits, slowest: statements.sort((a, b) => b.ms - a.ms).slice(0, 3) };
  } finally {
    await server.stop();
  }
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
const bare = mkdtempSync(path.join(os.tmpdir(), "bench-start-bare-"));
try {
  console.log(`embedded start to the first answer (load ${load()}, ${os.availableParallelism()} cores)`);
  const snapshot = readSnapshot();
  const cold = await timeStart(dataDir);
  const from = "tar" in snapshot ? "from the snapshot" : snapshot.unusable;
  console.log(`  cold (empty DATA_DIR, ${from})  ${seconds(cold)}`);
  const warm = await timeStart(dataDir);
  console.log(`  warm (DATA_DIR kept)  ${seconds(warm)}`);
  const waits = await rebuildReadWaits(dataDir);
  console.log(
    `  longest read during a full rebuild of the seed's rollup  ${waits.longestMs.toFixed(0)} ms (${waits.waits.length} reads, rebuild ${seconds(waits.rebuildMs)}); its slowest statements:`,
  );
  for (const { ms, sql } of waits.slowest) console.log(`    ${ms} ms  ${sql.slice(0, 100)}`);
  if (!flags.values["no-bare"]) {
    const coldBare = await timeStart(bare, { EMBEDDED_SNAPSHOT: "0" });
    console.log(`  cold without the snapshot (initdb, migrations, reference, seed)  ${seconds(coldBare)}`);
  }
  console.log(`  load at the end ${load()}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(bare, { recursive: true, force: true });
}
