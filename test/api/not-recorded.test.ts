import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HA_GIANG_QUOTE, haGiangPoorDistricts } from "../support/ha-giang-report.ts";
import { startSeededServer, type SeededServer } from "./support.ts";

// What a document could not record is part of what was read (issue 15): imported over HTTP with
// its reasons, then read back on the document, on a page of documents, and replaced by a re-import.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

const HISTORY = "Giai đoạn 2003-2017, toàn tỉnh Điện Biên đã giảm 18.500 hộ nghèo";
const document = (sourceKey: string) => ({
  sourceKey,
  title: "Hà Giang giảm nghèo",
  publisher: "VietNamNet",
  author: null,
  publishedAt: "2024-02-01",
  url: null,
  fileName: null,
});
const IMPORT = `mutation($doc: JSON!) { importReport(document: $doc) { status imported notRecorded errors { row field reason } } }`;
const READ = `query($key: String!) { document(sourceKey: $key) { figureCount notRecorded { text quote reason } } }`;

describe("figures a document could not record", () => {
  it("are read back on the document with their reasons, beside the figures recorded for a declared group", async () => {
    const doc = {
      document: document("hg/not-recorded"),
      placeGroups: [haGiangPoorDistricts("HG-POOR-HTTP")],
      figures: [
        {
          key: "a",
          place: "HG-POOR-HTTP",
          measure: "poverty_rate",
          period: "2021",
          text: "73,26%",
          quote: HA_GIANG_QUOTE,
        },
      ],
      notRecorded: [
        { text: "18.500 hộ nghèo", quote: HISTORY, reason: "no unit is valid for the whole period 2003-2017" },
        { text: "12,22%", quote: HA_GIANG_QUOTE, reason: "kept for the test: a second entry in order" },
      ],
    };
    const imported = await s.gql(IMPORT, { doc }, { "x-api-key": s.editorKey });
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importReport).toEqual({ status: "CREATED", imported: 1, notRecorded: 2, errors: [] });

    const r = await s.gql(READ, { key: "hg/not-recorded" });
    expect(r.errors).toBeUndefined();
    expect(r.data.document).toEqual({
      figureCount: 1,
      notRecorded: doc.notRecorded.map(({ text, quote, reason }) => ({ text, quote, reason })),
    });
    const group = await s.gql(`{ placeGroup(code: "HG-POOR-HTTP") { within { key } members { key } place { key } } }`);
    expect(group.data.placeGroup.within).toEqual({ key: "P-02-2008" });
    expect(group.data.placeGroup.members).toHaveLength(7);
  });

  it("are listed on a page of documents, and none on a document that had none", async () => {
    const r = await s.gql(`{ documents(first: 100) { edges { node { sourceKey notRecorded { reason } } } } }`);
    expect(r.errors).toBeUndefined();
    const byKey = Object.fromEntries(r.data.documents.edges.map((e: any) => [e.node.sourceKey, e.node.notRecorded]));
    expect(byKey["hg/not-recorded"]).toHaveLength(2);
    expect(byKey["seed/000_25442aa91860a0f0"]).toEqual([]);
  });

  it("hold a document that recorded nothing, and follow a re-import", async () => {
    const only = {
      document: document("db/history"),
      figures: [],
      notRecorded: [{ text: "18.500 hộ nghèo", quote: HISTORY, reason: "no unit is valid for the whole period" }],
    };
    const first = await s.gql(IMPORT, { doc: only }, { "x-api-key": s.editorKey });
    expect(first.data.importReport).toMatchObject({ status: "CREATED", imported: 0, notRecorded: 1 });
    expect((await s.gql(READ, { key: "db/history" })).data.document).toEqual({
      figureCount: 0,
      notRecorded: [only.notRecorded[0]],
    });
    const corrected = { ...only, notRecorded: [{ ...only.notRecorded[0], reason: "Điện Biên was formed in 2004" }] };
    await s.gql(IMPORT, { doc: corrected }, { "x-api-key": s.editorKey });
    const after = await s.gql(READ, { key: "db/history" });
    expect(after.data.document.notRecorded.map((n: any) => n.reason)).toEqual(["Điện Biên was formed in 2004"]);
  });
});
