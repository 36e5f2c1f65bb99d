import { readReferenceCsv } from "./csv.ts";
import { toAscii } from "./text.ts";

export interface EthnicityRow { code: string; name: string; nameAscii: string; parentCode: string | null }

export const ALL_ETHNICITIES = "ALL";
/** Dân tộc thiểu số: every group but Kinh. */
export const MINORITIES = "DTTS";
export const KINH = "01";

/** ALL > (Kinh, DTTS > the 53 minority groups). */
export function buildEthnicities(): EthnicityRow[] {
  const rows: EthnicityRow[] = [
    { code: ALL_ETHNICITIES, name: "Tất cả / không phân tách", nameAscii: "tat ca", parentCode: null },
    { code: MINORITIES, name: "Dân tộc thiểu số", nameAscii: "dan toc thieu so", parentCode: ALL_ETHNICITIES },
  ];
  for (const r of readReferenceCsv("ethnic-groups.csv")) {
    rows.push({ code: r.gso_code, name: r.name, nameAscii: toAscii(r.name), parentCode: r.gso_code === KINH ? ALL_ETHNICITIES : MINORITIES });
  }
  return rows;
}
