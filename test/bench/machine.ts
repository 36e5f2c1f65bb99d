/** What the figures were measured on: they mean little without it. */
import { execFileSync } from "node:child_process";
import os from "node:os";

export interface MachineInfo {
  date: string;
  nproc: string;
  cpuModel: string;
  totalMemMb: number;
  node: string;
  postgres: string | null;
  loadAvgAtStart: number[];
  caveat: string;
}

function nproc(): string {
  try {
    return execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    return String(os.availableParallelism());
  }
}

export function machineInfo(): MachineInfo {
  return {
    date: new Date().toISOString(),
    nproc: nproc(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    totalMemMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    postgres: null,
    loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    caveat:
      "shared 2-core machine: PostgreSQL, Redis, the API server and the load generator all run on it, so figures are indicative, not capacity numbers",
  };
}
