import { truncateSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { importFile } from "../../src/ingest/import/import-file.ts";
import type { ImportSummary } from "../../src/ingest/import/summary.ts";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { renamed, seedDocument, snapshot, tempFile, toCsv } from "./helpers.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await loadSeed(db.pool); // a database with data in it, so that "nothing written" means something
});
afterAll(async () => {
  await db.drop();
});

/**
 * A small valid document of three figures (Long An 2023: credit households' occasions, electricity
 * spending, near-poor health-insurance cards). Cases break row 2 unless they say otherwise.
 */
function base(): ImportDocument {
  const doc = renamed(seedDocument("001"), "test/bad-inputs");
  const keys = [
    "credit-household-occasions-2023-01-2024-05",
    "electricity-spending-2023",
    "health-insurance-cards-near-poor-2023",
  ];
  doc.figures = keys.map((key) => doc.figures.find((f) => f.key === key)!);
  return doc;
}

/** Row 2 of the base document, with a new text stated in its quote. */
function withText(doc: ImportDocument, measure: string, text: string, row = 2): void {
  const f = doc.figures[row - 1];
  f.measure = measure;
  f.text = text;
  f.quote = `Báo cáo ghi nhận ${text} trong năm`;
}

/** The base document as CSV lines (line 1 the header, line n+1 figure n). */
const csvLines = () => toCsv(base()).trimEnd().split("\n");
const csvFile = (edit: (lines: string[]) => string[]) => tempFile(edit(csvLines()).join("\n") + "\n");

interface Case {
  name: string;
  /** Changes the base document (or returns a replacement input); imported with importDocument. */
  doc?: (d: ImportDocument) => unknown;
  /** A file to import with importFile. */
  file?: () => string;
  row: number;
  field: string;
  reason: RegExp;
}

const cases: Case[] = [
  // references
  {
    name: "unknown place key",
    doc: (d) => {
      d.figures[1].place = "P-99-2008";
    },
    row: 2,
    field: "place",
    reason: /no place with key, code or name "P-99-2008"/,
  },
  {
    name: "unknown place name",
    doc: (d) => {
      d.figures[1].place = "Atlantis";
    },
    row: 2,
    field: "place",
    reason: /Atlantis/,
  },
  {
    name: "code 80 for a period straddling the 2025 merger",
    doc: (d) => {
      d.figures[1].place = "80";
      d.figures[1].period = "2021-2025";
    },
    row: 2,
    field: "place",
    reason: /P-80-2008.*P-80-2025/,
  },
  {
    name: "a 2025 unit for 2023",
    doc: (d) => {
      d.figures[1].place = "P-80-2025";
    },
    row: 2,
    field: "place",
    reason: /did not exist during 2023-01-01..2023-12-31/,
  },
  {
    name: "code@date naming no unit",
    doc: (d) => {
      d.figures[1].place = "80@1990-01-01";
    },
    row: 2,
    field: "place",
    reason: /no unit valid on 1990-01-01/,
  },
  {
    name: "ambiguous place name",
    doc: (d) => {
      d.figures[1].place = "Châu Thành";
    },
    row: 2,
    field: "place",
    reason: /D-80-CHAU-THANH.*D-91-CHAU-THANH/,
  },
  {
    name: "unknown measure",
    doc: (d) => {
      d.figures[1].measure = "poverty_ratio";
    },
    row: 2,
    field: "measure",
    reason: /unknown measure "poverty_ratio"/,
  },
  {
    name: "unknown ethnicity",
    doc: (d) => {
      d.figures[1].ethnicity = "99";
    },
    row: 2,
    field: "ethnicity",
    reason: /unknown ethnicity "99"/,
  },
  {
    name: "unknown programme",
    doc: (d) => {
      d.figures[1].programme = "CREDIT-XYZ";
    },
    row: 2,
    field: "programme",
    reason: /unknown programme "CREDIT-XYZ"/,
  },
  // units
  {
    name: "money for a count measure",
    doc: (d) => withText(d, "households_supported", "3,2 tỷ đồng"),
    row: 2,
    field: "text",
    reason: /money amount.*households_supported/,
  },
  {
    name: "lượt for a persons measure",
    doc: (d) => withText(d, "persons_supported", "hơn 5.200 lượt"),
    row: 2,
    field: "text",
    reason: /lượt.*occasion/,
  },
  {
    name: "lượt that does not say what it counts",
    doc: (d) => withText(d, "occasions_households", "hơn 5.200 lượt"),
    row: 2,
    field: "text",
    reason: /does not say what its occasions count/,
  },
  {
    name: "pupils' lượt for a households' lượt measure",
    doc: (d) => withText(d, "occasions_households", "78.394 lượt học sinh"),
    row: 2,
    field: "text",
    reason: /counts occasions of pupils but occasions_households counts occasions of households/,
  },
  {
    name: "percent for a VND measure",
    doc: (d) => withText(d, "spending_vnd", "0,75%"),
    row: 2,
    field: "text",
    reason: /percentage cannot be a value of spending_vnd/,
  },
  {
    name: "a count for a rate",
    doc: (d) => withText(d, "poverty_rate", "3.600 hộ"),
    row: 2,
    field: "text",
    reason: /count cannot be a value of poverty_rate/,
  },
  {
    name: "households counted for a cards measure",
    doc: (d) => withText(d, "health_insurance_cards", "28.800 hộ"),
    row: 2,
    field: "text",
    reason: /counts households but health_insurance_cards counts cards/,
  },
  // text
  {
    name: "unparseable text",
    doc: (d) => withText(d, "occasions_households", "nhiều lượt hộ"),
    row: 2,
    field: "text",
    reason: /./,
  },
  {
    name: "ambiguous 1.5",
    doc: (d) => withText(d, "occasions_households", "1.5 lượt hộ"),
    row: 2,
    field: "text",
    reason: /ambiguous/,
  },
  {
    name: "English thousands",
    doc: (d) => withText(d, "occasions_households", "1,234,567 lượt hộ"),
    row: 2,
    field: "text",
    reason: /./,
  },
  {
    name: "a range from high to low",
    doc: (d) => withText(d, "poverty_rate", "7 - 6%"),
    row: 2,
    field: "text",
    reason: /from low to high/,
  },
  {
    name: "text not in the quote",
    doc: (d) => {
      d.figures[1].quote = "Long An hỗ trợ tiền điện";
    },
    row: 2,
    field: "quote",
    reason: /does not contain the text/,
  },
  {
    name: "missing quote",
    doc: (d) => {
      delete (d.figures[1] as Partial<ImportDocument["figures"][number]>).quote;
    },
    row: 2,
    field: "quote",
    reason: /quote is required/,
  },
  {
    name: "missing text",
    doc: (d) => {
      d.figures[1].text = "  ";
    },
    row: 2,
    field: "text",
    reason: /text is required/,
  },
  {
    name: "text that is not a string",
    doc: (d) => {
      (d.figures[1] as unknown as Record<string, unknown>).text = 5200;
    },
    row: 2,
    field: "text",
    reason: /must be a string/,
  },
  // period, kind, qualifier, keys
  {
    name: "period ending before it starts",
    doc: (d) => {
      d.figures[1].period = "2025-2021";
    },
    row: 2,
    field: "period",
    reason: /ends .* before it starts/,
  },
  {
    name: "month 13",
    doc: (d) => {
      d.figures[1].period = "2022-13";
    },
    row: 2,
    field: "period",
    reason: /month 13/,
  },
  {
    name: "period in words",
    doc: (d) => {
      d.figures[1].period = "last year";
    },
    row: 2,
    field: "period",
    reason: /expected/,
  },
  {
    name: "kind FORECAST",
    doc: (d) => {
      (d.figures[1] as unknown as Record<string, unknown>).kind = "FORECAST";
    },
    row: 2,
    field: "kind",
    reason: /unknown kind "FORECAST"/,
  },
  {
    name: "unknown qualifier",
    doc: (d) => {
      (d.figures[1] as unknown as Record<string, unknown>).qualifier = "ROUGHLY";
    },
    row: 2,
    field: "qualifier",
    reason: /unknown qualifier/,
  },
  {
    name: "duplicate key",
    doc: (d) => {
      d.figures[2].key = d.figures[0].key;
    },
    row: 3,
    field: "key",
    reason: /duplicate key .* row 1/,
  },
  {
    name: "misspelt field",
    doc: (d) => {
      (d.figures[1] as unknown as Record<string, unknown>).qualifer = "AT_LEAST";
    },
    row: 2,
    field: "qualifer",
    reason: /unknown figure field/,
  },
  // document
  {
    name: "no figures",
    doc: (d) => {
      d.figures = [];
    },
    row: 0,
    field: "figures",
    reason: /no figures/,
  },
  {
    name: "more than 50,000 figures",
    doc: (d) => {
      d.figures = Array.from({ length: 50_001 }, (_, i) => ({ ...d.figures[0], key: `f${i}` }));
    },
    row: 0,
    field: "figures",
    reason: /50001 figures .* at most 50000/,
  },
  {
    name: "missing sourceKey",
    doc: (d) => {
      d.document.sourceKey = "";
    },
    row: 0,
    field: "document.sourceKey",
    reason: /required/,
  },
  {
    name: "impossible publishedAt",
    doc: (d) => {
      d.document.publishedAt = "2024-02-30";
    },
    row: 0,
    field: "document.publishedAt",
    reason: /not a date/,
  },
  {
    name: "title over 1000 characters",
    doc: (d) => {
      d.document.title = "x".repeat(1001);
    },
    row: 0,
    field: "document.title",
    reason: /1001 characters.*at most 1000/,
  },
  {
    name: "quote over 5000 characters",
    doc: (d) => {
      d.figures[1].quote = `${d.figures[1].text} ${"y".repeat(5000)}`;
    },
    row: 2,
    field: "quote",
    reason: /at most 5000/,
  },
  { name: "not an object", doc: () => "figures", row: 0, field: "document", reason: /JSON object/ },
  {
    name: "a corrected re-import of a stored document with one bad figure",
    doc: () => {
      const d = seedDocument("001");
      d.figures[0].text = "hơn 5.300 lượt";
      d.figures[0].quote = d.figures[0].quote.replace("5.200", "5.300");
      d.figures.pop();
      d.figures[4].measure = "no_such_measure";
      return d;
    },
    row: 5,
    field: "measure",
    reason: /unknown measure/,
  },
  // files
  {
    name: "CSV: unclosed quote",
    file: () =>
      csvFile((l) => [
        ...l,
        `test/bad-inputs,x,,,,,k9,P-80-2008,,,occasions_households,2023,,"hơn 5 lượt hộ,hơn 5 lượt hộ`,
      ]),
    row: 5,
    field: "file",
    reason: /never closed/,
  },
  {
    name: "CSV: wrong column count",
    file: () => csvFile((l) => [l[0], l[1], "test/bad-inputs,x,k9", l[3]]),
    row: 3,
    field: "file",
    reason: /3 columns, the header 16/,
  },
  {
    name: "CSV: missing header column",
    file: () => csvFile((l) => l.map((line, i) => (i === 0 ? line.replace(",qualifier", "") : line.replace(/,$/, "")))),
    row: 1,
    field: "header",
    reason: /missing column qualifier/,
  },
  {
    name: "CSV: unknown column",
    file: () => csvFile((l) => [l[0].replace("qualifier", "comment"), ...l.slice(1)]),
    row: 1,
    field: "header",
    reason: /unknown column "comment"/,
  },
  {
    name: "CSV: document columns differ between rows",
    file: () => {
      const retitled = base();
      retitled.document.title = "Another title";
      return csvFile((l) => [l[0], l[1], toCsv(retitled).split("\n")[2], l[3]]);
    },
    row: 3,
    field: "title",
    reason: /differs from line 2/,
  },
  { name: "CSV: header only", file: () => csvFile((l) => [l[0]]), row: 2, field: "file", reason: /no figure rows/ },
  {
    name: "CSV: semicolons",
    file: () => tempFile("source_key;title;key\na;b;c\n"),
    row: 1,
    field: "header",
    reason: /';'-separated/,
  },
  {
    name: "CSV: a validation error carries the file line",
    // a multi-line quote in figure 1 pushes figure 2 down to line 4
    file: () => {
      const d = base();
      d.figures[0].quote = `${d.figures[0].quote}\n(tiếp theo)`;
      d.figures[1].place = "P-99-2008";
      return tempFile(toCsv(d));
    },
    row: 4,
    field: "place",
    reason: /P-99-2008/,
  },
  {
    name: "non-UTF-8 bytes (Windows-1258) on line 3",
    file: () => {
      const lines = csvLines().map((l) => Buffer.from(`${l}\n`, "utf8"));
      lines[2] = Buffer.concat([Buffer.from("test/bad-inputs,Long An h"), Buffer.from([0xf5, 0x20, 0x74, 0xf2, 0x0a])]);
      return tempFile(Buffer.concat(lines));
    },
    row: 3,
    field: "file",
    reason: /not valid UTF-8/,
  },
  {
    name: "UTF-16 byte-order mark",
    file: () => tempFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(base()), "utf16le")])),
    row: 1,
    field: "file",
    reason: /UTF-16/,
  },
  {
    name: "NUL bytes",
    file: () => tempFile(Buffer.from(`${csvLines()[0]}\n\0\0\n`)),
    row: 2,
    field: "file",
    reason: /NUL bytes/,
  },
  { name: "empty file", file: () => tempFile(""), row: 1, field: "file", reason: /empty/ },
  { name: "blank file", file: () => tempFile("\n \n"), row: 1, field: "file", reason: /empty/ },
  {
    name: "broken JSON",
    file: () => tempFile(`{\n  "document": {\n    "sourceKey": "x",\n  }\n}`, "json"),
    row: 4,
    field: "file",
    reason: /not valid JSON/,
  },
  {
    name: "file over 50 MB",
    file: () => {
      const path = tempFile("", "csv");
      truncateSync(path, 50 * 1024 * 1024 + 1); // sparse: refused before it is read
      return path;
    },
    row: 0,
    field: "file",
    reason: /at most 50 MB/,
  },
  {
    name: "unsupported file type",
    file: () => tempFile("a,b\n", "xlsx"),
    row: 0,
    field: "file",
    reason: /unsupported file type ".xlsx"/,
  },
  {
    name: "JSON file with a bad figure",
    file: () => {
      const d = base();
      d.figures[2].period = "2023-02-30";
      return tempFile(JSON.stringify(d), "json");
    },
    row: 3,
    field: "period",
    reason: /does not exist/,
  },
];

describe("bad inputs: a clear error with its row, and nothing written", () => {
  it("covers at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it("accepts the base document and its CSV (the cases break only what they say)", async () => {
    const dry = await importDocument(db.pool, base(), { actor: "test", dryRun: true });
    expect(dry.errors).toEqual([]);
    const file = await importFile(db.pool, tempFile(toCsv(base())), { actor: "test", dryRun: true });
    expect(file.map((s) => s.errors)).toEqual([[]]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const before = await snapshot(db.pool);
      let summaries: ImportSummary[];
      if (c.doc) {
        const d = base();
        const replaced = c.doc(d);
        summaries = [await importDocument(db.pool, (replaced ?? d) as ImportDocument, { actor: "test" })];
      } else {
        summaries = await importFile(db.pool, c.file!(), { actor: "test" });
      }
      expect(summaries).toHaveLength(1);
      const [s] = summaries;
      expect(s.status).toBe("ERROR");
      expect(s).toMatchObject({ imported: 0, updated: 0, deleted: 0, touched: [] });
      const hit = s.errors.find((e) => e.row === c.row && e.field === c.field && c.reason.test(e.reason));
      expect(hit, `expected row ${c.row} field ${c.field} ${c.reason}; got ${JSON.stringify(s.errors)}`).toBeDefined();
      expect(await snapshot(db.pool)).toEqual(before);
    });
  }

  it("reports every error of a document, not only the first", async () => {
    const d = base();
    d.figures[0].place = "P-99-2008";
    d.figures[1].period = "2025-2021";
    d.figures[2].measure = "nope";
    const s = await importDocument(db.pool, d, { actor: "test" });
    expect(s.errors.map((e) => [e.row, e.field])).toEqual([
      [1, "place"],
      [2, "period"],
      [3, "measure"],
    ]);
    expect(s.errors[0].key).toBe("credit-household-occasions-2023-01-2024-05");
  });
});
