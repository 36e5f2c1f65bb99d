import { describe, expect, it } from "vitest";
import { cursorCodec } from "./cursor.ts";

const figures = cursorCodec("figure:", /^-?\d{1,19}$/);
const documents = cursorCodec("document:", /^\d{1,9}$/);

describe("cursorCodec", () => {
  it("gives back the id a cursor was made of", () => {
    expect(figures.decode(figures.encode("-9223372036854775808"))).toBe("-9223372036854775808");
    expect(documents.decode(documents.encode(42))).toBe("42");
  });

  it("refuses another list's cursor, an id of the wrong form and a string that is no cursor", () => {
    expect(() => documents.decode(figures.encode("42"))).toThrow(/is not a cursor of this list/);
    expect(() => documents.decode(documents.encode("-1"))).toThrow(/is not a cursor of this list/);
    expect(() => figures.decode(figures.encode("1 OR 1=1"))).toThrow(/is not a cursor of this list/);
    expect(() => figures.decode("bm90IGEgY3Vyc29y")).toThrow(/is not a cursor of this list/);
  });
});
