import type { ImportDocument } from "../../src/ingest/import-format.ts";

type DeclaredGroup = NonNullable<ImportDocument["placeGroups"]>[number];

/** The sentence a Hà Giang report gives its poor districts' poverty rates in. */
export const HA_GIANG_QUOTE =
  "Tại 7 huyện nghèo, tỷ lệ nghèo đa chiều giảm từ 73,26% (2021) xuống còn 61,04%, tương đương giảm 12,22%";

/** Hà Giang's seven poor districts as a report declares them, under `code`. */
export const haGiangPoorDistricts = (code: string) => ({
  code,
  name: "7 huyện nghèo của Hà Giang",
  validFrom: "2021-01-01",
  validTo: "2025-06-30",
  within: "02",
  members: ["Mèo Vạc", "Đồng Văn", "Yên Minh", "Quản Bạ", "Xín Mần", "Hoàng Su Phì", "Bắc Mê"],
});

/**
 * A Hà Giang report for the import tests, declaring `groups`, with two poverty-rate figures for
 * `place` read from HA_GIANG_QUOTE: the 2021 rate (73.26) and its change over 2021-2023 (-12.22).
 */
export const haGiangReport = (sourceKey: string, groups: DeclaredGroup[], place: string): ImportDocument => ({
  document: {
    sourceKey,
    title: "Hà Giang giảm nghèo",
    publisher: null,
    author: null,
    publishedAt: "2024-02-01",
    url: null,
    fileName: null,
  },
  placeGroups: groups,
  figures: [
    { key: "a", place, measure: "poverty_rate", period: "2021", text: "73,26%", quote: HA_GIANG_QUOTE },
    { key: "b", place, measure: "poverty_rate", period: "2021-2023", text: "12,22%", quote: HA_GIANG_QUOTE },
  ],
});
