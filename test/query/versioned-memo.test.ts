import { describe, expect, it } from "vitest";
import { VersionedMemo } from "../../src/query/versioned-memo.ts";

/** A memo over a version the test sets, and a loader that counts its calls. */
function setup() {
  let version: number | null = 1;
  let loads = 0;
  const memo = new VersionedMemo(() => version);
  const load = () => memo.get("k", async () => ++loads);
  return { memo, load, setVersion: (v: number | null) => (version = v), loads: () => loads };
}

describe("VersionedMemo", () => {
  it("keeps an answer while the version is the same, and reads again when it changes", async () => {
    const s = setup();
    expect(await s.load()).toBe(1);
    expect(await s.load()).toBe(1);
    s.setVersion(2);
    expect(await s.load()).toBe(2);
    expect(await s.load()).toBe(2);
  });

  it("keeps nothing while the version is unknown", async () => {
    const s = setup();
    s.setVersion(null);
    expect(s.memo.keeps).toBe(false);
    await s.load();
    await s.load();
    expect(s.loads()).toBe(2);
  });

  it("forgets everything on invalidate (this process wrote)", async () => {
    const s = setup();
    await s.load();
    s.memo.invalidate();
    expect(await s.load()).toBe(2);
  });

  it("a request that began before this process wrote keeps nothing it reads (it may read a lagging standby)", async () => {
    const memo = new VersionedMemo(() => 1);
    const before = memo.forRequest();
    memo.invalidate(); // the write's answer is sent: every later request must see it
    expect(await before.get("dirty", async () => "as the standby had it before the write")).toBe(
      "as the standby had it before the write",
    );
    expect(before.keeps).toBe(false);
    const after = memo.forRequest();
    expect(after.keeps).toBe(true);
    expect(await after.get("dirty", async () => "with the write")).toBe("with the write");
    expect(await memo.forRequest().get("dirty", async () => "read again")).toBe("with the write");
    // the earlier request still reads through, and its reads still are not kept
    expect(await before.get("other", async () => "stale")).toBe("stale");
    expect(await after.get("other", async () => "fresh")).toBe("fresh");
  });

  it("never keeps a failure", async () => {
    const memo = new VersionedMemo(() => 1);
    let calls = 0;
    const load = () =>
      memo.get("k", async () => {
        calls++;
        if (calls === 1) throw new Error("database away");
        return "ok";
      });
    await expect(load()).rejects.toThrow("database away");
    expect(await load()).toBe("ok");
  });
});
