import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { migrate } from "../../src/db/migrate.ts";
import { loadReference } from "../../src/reference/load.ts";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface PrimaryAndStandby {
  primaryUrl: string;
  standbyUrl: string;
  /** Runs SQL on the standby as the superuser (pause or resume its replay). */
  onStandby(sql: string): Promise<unknown[]>;
  stop(): Promise<void>;
}

/** Pairs whose start began: stopPairs() ends them even when the start did not finish (a hook timed out). */
const started = new Set<() => Promise<void>>();

export async function stopPairs(): Promise<void> {
  for (const stop of [...started]) await stop();
}

/** Why the pair cannot be made here (no server binaries, not root), or null. */
export function standbyUnavailable(): string | null {
  if (!existsSync(`${BIN}/pg_basebackup`)) return `no PostgreSQL server binaries in ${BIN}`;
  if (process.getuid?.() !== 0)
    return "making a private PostgreSQL pair needs root (the servers run as the postgres user)";
  return null;
}

/**
 * A PostgreSQL primary of our own with a streaming hot standby made by pg_basebackup (the shared
 * server on 5432 allows no replication), on free ports and temp data dirs; the schema is migrated and
 * the reference data loaded on the primary first, so the standby starts with them. stop() ends both.
 */
export async function startPrimaryAndStandby(): Promise<PrimaryAndStandby> {
  const dir = mkdtempSync(join(tmpdir(), "pg-pair-"));
  chownSync(dir, uidOf("postgres"), gidOf("postgres"));
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const asPostgres = (cmd: string, args: string[]) =>
    run("runuser", ["-u", "postgres", "--", `${BIN}/${cmd}`, ...args], { cwd: dir });
  const server = (data: string, port: number) => [
    "-D",
    join(dir, data),
    "-l",
    join(dir, `${data}.log`),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB`,
  ];
  const running: string[] = [];
  const stop = async () => {
    started.delete(stop);
    for (const data of running.reverse())
      await asPostgres("pg_ctl", ["-D", join(dir, data), "-m", "immediate", "stop"]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  started.add(stop);
  try {
    await asPostgres("initdb", ["-D", join(dir, "p"), "-A", "trust", "-U", "postgres", "--no-sync"]);
    await appendFile(join(dir, "p", "pg_hba.conf"), "\nhost replication all 127.0.0.1/32 trust\n");
    await asPostgres("pg_ctl", ["start", ...server("p", primaryPort)]);
    running.push("p");
    const primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`;
    const c = new pg.Client({ connectionString: primaryUrl });
    await c.connect();
    try {
      await migrate(c);
      await loadReference(c);
    } finally {
      await c.end();
    }
    await asPostgres("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "postgres",
      "-D",
      join(dir, "s"),
      "-R",
      "--no-sync",
      "-X",
      "stream",
      "--checkpoint=fast",
    ]);
    await asPostgres("pg_ctl", ["start", ...server("s", standbyPort)]);
    running.push("s");
    const standbyUrl = `postgresql://postgres@127.0.0.1:${standbyPort}/postgres`;
    return {
      primaryUrl,
      standbyUrl,
      stop,
      async onStandby(sql) {
        const s = new pg.Client({ connectionString: standbyUrl });
        await s.connect();
        try {
          return (await s.query(sql)).rows;
        } finally {
          await s.end();
        }
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
}
