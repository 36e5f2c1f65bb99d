import { describe, expect, it } from "vitest";
import { isIsoDate } from "./date.ts";

/** The definition it replaces: what JavaScript's Date reads back as the same day. */
const byDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};

describe("isIsoDate", () => {
  it("takes real days and refuses the rest, as Date does, over every day of leap and common years", () => {
    const texts: string[] = [];
    for (const year of ["0000", "1900", "2000", "2023", "2024", "2100", "9999"])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++)
          texts.push(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
    texts.push("2024-2-01", "2024-02-1", "20240201", "2024-02-01T00:00", " 2024-02-01", "", "2024-02-29\n");
    for (const t of texts) expect(isIsoDate(t), t).toBe(byDate(t));
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("1900-02-29")).toBe(false);
  });
});
