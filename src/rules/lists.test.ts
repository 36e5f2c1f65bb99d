import { describe, expect, it } from "vitest";
import { addTo } from "./lists.ts";

describe("addTo", () => {
  it("makes a key's list on its first item and keeps the items in the order added", () => {
    const lists = new Map<string, number[]>();
    addTo(lists, "a", 1);
    addTo(lists, "b", 2);
    addTo(lists, "a", 3);
    expect([...lists]).toEqual([
      ["a", [1, 3]],
      ["b", [2]],
    ]);
  });

  it("appends to the list already held, not a copy", () => {
    const held = [0];
    const lists = new Map([["a", held]]);
    addTo(lists, "a", 1);
    expect(lists.get("a")).toBe(held);
    expect(held).toEqual([0, 1]);
  });
});
