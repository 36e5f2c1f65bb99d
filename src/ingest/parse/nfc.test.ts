import { describe, expect, it } from "vitest";
import { nfc } from "./nfc.ts";

describe("nfc", () => {
  it("leaves Latin and precomposed Vietnamese text as it is: every such character and pair is stable", () => {
    const stable: number[] = [];
    for (let c = 0x20; c < 0x300; c++) stable.push(c);
    for (let c = 0x1e00; c < 0x1f00; c++) stable.push(c);
    for (const a of stable) {
      expect(String.fromCharCode(a).normalize("NFC")).toBe(String.fromCharCode(a));
      for (const b of stable) {
        const pair = String.fromCharCode(a, b);
        if (pair.normalize("NFC") !== pair) expect.fail(`U+${a.toString(16)} U+${b.toString(16)} composes`);
      }
    }
    expect(nfc("9.604 hộ nghèo")).toBe("9.604 hộ nghèo");
  });

  it("normalises decomposed text and anything outside those blocks", () => {
    const decomposed = "ho\u0323\u0302 nghe\u0300o"; // "hộ nghèo" written with combining marks
    expect(nfc(decomposed)).toBe("hộ nghèo");
    expect(nfc("\u212b")).toBe("\u00c5"); // the Ångström sign is Å
    expect(nfc("“2.000 hộ” – \u2126")).toBe("“2.000 hộ” – \u03a9");
  });
});
