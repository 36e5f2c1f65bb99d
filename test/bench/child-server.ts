/**
 * A server under test in a child process of its own, so that its RSS is its alone and the load
 * generator does not share its event loop. The child prints "listening <url>" when ready; it gets a
 * pipe as stdin and stops when the pipe closes, so it does not outlive the bench even when the bench
 * is killed. stop() sends SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Resident set size of the child in MB (Linux /proc), null once it has exited. */
  rssMb(): number | null;
  stop(): Promise<void>;
}

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for "listening" (schema introspection, migrations…). */
  startTimeoutMs?: number;
}

/** Every child still running, for a last synchronous kill when the bench process exits. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of running) c.kill("SIGKILL");
});

export function rssMbOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function startChildServer(spec: ChildSpec): Promise<ChildServer> {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    const gone = () => {
      running.delete(child);
      resolve();
    };
    child.once("exit", gone);
    child.once("error", () => {
      if (child.pid === undefined) gone();
    }); // never started: no exit event
  });
  let stderrTail = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });
  child.stdin!.on("error", () => {}); // EPIPE when the child has gone

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref()),
      ]);
      if (!killed) child.kill("SIGKILL");
    }
    await exited;
  };

  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const waitMs = spec.startTimeoutMs ?? 120_000;
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\S+)/m.exec(out);
      if (m) done(() => resolve(m[1]));
    };
    const onError = (e: Error) => done(() => void stop().finally(() => reject(withStderr(e))));
    const onExit = (code: number | null, signal: string | null) =>
      onError(new Error(`${spec.name} exited before listening (code ${code}, signal ${signal})`));
    const timer = setTimeout(() => onError(new Error(`${spec.name} did not start within ${waitMs / 1000} s`)), waitMs);
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("error", onError);
      child.off("exit", onExit);
      then();
    };
    const withStderr = (e: Error) =>
      new Error(`${e.message}${stderrTail ? `\n--- ${spec.name} stderr (tail) ---\n${stderrTail}` : ""}`);
    child.stdout!.on("data", onData);
    child.once("error", onError);
    child.once("exit", onExit);
  });
  child.stdout!.resume(); // keep draining: a full pipe would block the child

  return { name: spec.name, url, pid: child.pid!, rssMb: () => rssMbOf(child.pid!), stop };
}
