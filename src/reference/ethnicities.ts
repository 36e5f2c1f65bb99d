import { readReferenceCsv } from "./csv.ts";
import { toAscii } from "./text.ts";

export interface EthnicityRow {
  code: string;
  name: string;
  nameAscii: string;
  parentCode: string | null;
}

export const ALL_ETHNICITIES = "ALL";
/** Dân tộc thiểu số: every group but Kinh. */
export const MINORITIES = "DTTS";
export const KINH = "01";
export const KHMER = "05";

/**
 * Combined groups reports name ("đồng bào DTTS tại chỗ", the groups native to the Central Highlands).
 * They overlap the GSO groups and each other, so they sit outside the tree (no parent, no children):
 * a figure for one is kept as reported, never summed into DTTS nor built from its member groups.
 * "đồng bào Khmer" is the GSO group Khmer ("05"), not a combined group.
 */
const COMBINED: EthnicityRow[] = [
  { code: "DTTS-TAI-CHO", name: "Dân tộc thiểu số tại chỗ", nameAscii: "dan toc thieu so tai cho", parentCode: null },
  {
    code: "DTTS-TAY-NGUYEN",
    name: "Dân tộc thiểu số bản địa Tây Nguyên",
    nameAscii: "dan toc thieu so ban dia tay nguyen",
    parentCode: null,
  },
  {
    code: "DTTS-RAT-IT-NGUOI",
    name: "Dân tộc thiểu số rất ít người",
    nameAscii: "dan toc thieu so rat it nguoi",
    parentCode: null,
  },
];
/** The combined groups: every one is a set of minority groups. */
export const COMBINED_MINORITY_GROUPS: ReadonlySet<string> = new Set(COMBINED.map((g) => g.code));

/** ALL > (Kinh, DTTS > the 53 minority groups). */
export function buildEthnicities(): EthnicityRow[] {
  const rows: EthnicityRow[] = [
    { code: ALL_ETHNICITIES, name: "Tất cả / không phân tách", nameAscii: "tat ca", parentCode: null },
    { code: MINORITIES, name: "Dân tộc thiểu số", nameAscii: "dan toc thieu so", parentCode: ALL_ETHNICITIES },
  ];
  for (const r of readReferenceCsv("ethnic-groups.csv")) {
    rows.push({
      code: r.gso_code,
      name: r.name,
      nameAscii: toAscii(r.name),
      parentCode: r.gso_code === KINH ? ALL_ETHNICITIES : MINORITIES,
    });
  }
  return [...rows, ...COMBINED];
}
