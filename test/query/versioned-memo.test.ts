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

describe("VersionedMemo behind a hot standby", () => {
  it("serves what was read from one database only to readers of that database", async () => {
    const memo = new VersionedMemo(() => 1);
    // The primary is ahead: a slice its refresh made fresh is still stale on the standby, whose
    // readers would pair "fresh" with the slice's old rollup.
    expect(
      await memo
        .forRequest()
        .reading("primary", 1)
        .get("dirty", async () => "as on the primary"),
    ).toBe("as on the primary");
    expect(
      await memo
        .forRequest()
        .reading("replica", 1)
        .get("dirty", async () => "as on the standby"),
    ).toBe("as on the standby");
    expect(
      await memo
        .forRequest()
        .reading("replica", 1)
        .get("dirty", async () => "read again"),
    ).toBe("as on the standby");
    expect(
      await memo
        .forRequest()
        .reading("primary", 1)
        .get("dirty", async () => "read again"),
    ).toBe("as on the primary");
  });

  it("keeps nothing a request reads once the version has moved past the one its database was chosen under", async () => {
    let version = 1;
    const memo = new VersionedMemo(() => version);
    // Chosen under version 1: the standby had replayed what version 1 stands for, not what came next.
    const early = memo.forRequest().reading("replica", 1);
    version = 2; // a change is heard of while the request is under way
    expect(early.keeps).toBe(false);
    expect(await early.get("dirty", async () => "without the change")).toBe("without the change");
    const later = memo.forRequest().reading("replica", 2);
    expect(later.keeps).toBe(true);
    expect(await later.get("dirty", async () => "with the change")).toBe("with the change");
  });

  it("keeps what a request reads while the version stays the one its database was chosen under", async () => {
    const memo = new VersionedMemo(() => 3);
    const view = memo.forRequest().reading("replica", 3);
    expect(await view.get("k", async () => "first")).toBe("first");
    expect(
      await memo
        .forRequest()
        .reading("replica", 3)
        .get("k", async () => "second"),
    ).toBe("first");
  });
});
