/**
 * A valid import document of n figures for 2024, in the import JSON format: leaf places (districts,
 * provinces without districts), count measures whose text carries the matching noun ("1.234 hộ"),
 * ethnicity ALL or DTTS, programme ALL, one figure per cell so nothing is summed within the document.
 */
import type { ImportDocument, ImportFigure } from "../../src/ingest/import-format.ts";

const MEASURE_NOUNS: [measure: string, noun: string, verb: string][] = [
  ["poor_households", "hộ", "còn"],
  ["near_poor_households", "hộ", "còn"],
  ["households_supported", "hộ", "đã hỗ trợ"],
  ["persons_supported", "người", "đã hỗ trợ"],
  ["workers_employed", "lao động", "đã giải quyết việc làm cho"],
  ["health_insurance_cards", "thẻ", "đã cấp"],
  ["houses_built", "nhà", "đã xây mới"],
  ["occasions_households", "lượt hộ", "đã hỗ trợ"],
];
const ETHNICITIES = ["ALL", "DTTS"];

export interface Place {
  key: string;
  name: string;
}

/** "1234567" → "1.234.567" (Vietnamese thousands separator). */
export function vnThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** The value of figure i; `salt` makes another report's values differ from this one's. */
export function valueOf(i: number, salt = 0): number {
  return 100 + ((i * 7919 + salt) % 90_000);
}

export function buildImportDocument(places: Place[], n: number, sourceKey: string, salt = 0): ImportDocument {
  const cells = places.length * MEASURE_NOUNS.length * ETHNICITIES.length;
  if (n > cells) throw new Error(`${n} figures need ${n} distinct cells; only ${cells} with ${places.length} places`);
  const figures: ImportFigure[] = [];
  for (let i = 0; i < n; i++) {
    const place = places[i % places.length];
    const [measure, noun, verb] = MEASURE_NOUNS[Math.floor(i / places.length) % MEASURE_NOUNS.length];
    const ethnicity = ETHNICITIES[Math.floor(i / (places.length * MEASURE_NOUNS.length))];
    const text = `${vnThousands(valueOf(i, salt))} ${noun}`;
    const who = ethnicity === "DTTS" ? " đồng bào dân tộc thiểu số" : "";
    figures.push({
      key: `bench-${i}`,
      place: place.key,
      ethnicity,
      programme: "ALL",
      measure,
      period: "2024",
      kind: "ACTUAL",
      text,
      quote: `Năm 2024, ${place.name}${who} ${verb} ${text}.`,
    });
  }
  return {
    document: {
      sourceKey,
      title: "Báo cáo tổng hợp giảm nghèo năm 2024 (benchmark)",
      publisher: "bench",
      author: null,
      publishedAt: "2025-03-01",
      url: null,
      fileName: null,
    },
    figures,
  };
}
