import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

/** A stand-in for the database's thread: it reports a start at once, and ends when told to stop. */
class FakeThread extends EventEmitter {
  static last: FakeThread;
  constructor() {
    super();
    FakeThread.last = this;
    setImmediate(() => this.emit("message", { type: "started", url: "postgres://127.0.0.1:1/x", source: "kept" }));
  }
  postMessage() {
    setImmediate(() => {
      this.emit("message", { type: "stopped" });
      this.emit("exit", 0);
    });
  }
  async terminate() {
    return 0;
  }
  /** What a crash of PGlite's WebAssembly looks like from the server's side. */
  crash(message: string) {
    this.emit("error", new Error(message));
    this.emit("exit", 1);
  }
}
vi.mock("node:worker_threads", () => ({ Worker: FakeThread }));
const { startEmbeddedPostgres } = await import("../../src/server/embedded.ts");

const dataDir = mkdtempSync(path.join(tmpdir(), "embedded-lost-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded database's thread", () => {
  it("ending after its start is reported with its error, so the server does not go on without a database", async () => {
    const lost: Error[] = [];
    const db = await startEmbeddedPostgres({ dataDir, onLost: (e) => lost.push(e) });
    FakeThread.last.crash("RuntimeError: unreachable");
    await vi.waitFor(() => expect(lost).toHaveLength(1));
    expect(lost[0].message).toMatch(/thread ended \(exit code 1\): RuntimeError: unreachable/);
    await db.stop();
  });

  it("ending on stop() is no loss", async () => {
    const lost: Error[] = [];
    const db = await startEmbeddedPostgres({ dataDir, onLost: (e) => lost.push(e) });
    await db.stop();
    await new Promise((r) => setImmediate(r));
    expect(lost).toEqual([]);
  });
});
