export type Aggregation = "SUM" | "RATIO" | "NONE";

/** Units of measure. Occasions ("lượt") double-count people: never added to persons or households. */
export const UNITS = ["PERSON", "HOUSEHOLD", "OCCASION", "CARD", "HOUSE", "TONNE", "VND", "PERCENT", "PERCENT_POINT", "GIFT", "WORK", "ITEM"] as const;
export type Unit = (typeof UNITS)[number];

export interface MeasureRow {
  code: string;
  name: string;
  nameEn: string;
  unit: Unit;
  aggregation: Aggregation;
  numeratorCode: string | null;
  denominatorCode: string | null;
  minValue: string | null;
  maxValue: string | null;
  /** Adds up over time (see schema.prisma). */
  flow: boolean;
}

const COUNT_MAX = "200000000"; // more than Vietnam's population: any larger count is a typo
const VND_MAX = "1000000000000000"; // 10^15 VND: above the national budget for any one programme

const sum = (code: string, unit: Unit, name: string, nameEn: string, max = unit === "VND" ? VND_MAX : COUNT_MAX): MeasureRow => ({
  code, name, nameEn, unit, aggregation: "SUM", numeratorCode: null, denominatorCode: null, minValue: "0", maxValue: max, flow: true,
});
/** A count or amount at a point in time: summed over places and groups, never over periods. */
const stock = (code: string, unit: Unit, name: string, nameEn: string): MeasureRow => ({ ...sum(code, unit, name, nameEn), flow: false });
const ratio = (code: string, name: string, nameEn: string, numeratorCode: string, denominatorCode: string): MeasureRow => ({
  code, name, nameEn, unit: "PERCENT", aggregation: "RATIO", numeratorCode, denominatorCode, minValue: "0", maxValue: "100", flow: false,
});
const none = (code: string, unit: Unit, name: string, nameEn: string, min: string | null, max: string | null): MeasureRow => ({
  code, name, nameEn, unit, aggregation: "NONE", numeratorCode: null, denominatorCode: null, minValue: min, maxValue: max, flow: false,
});

export const MEASURES: MeasureRow[] = [
  stock("households", "HOUSEHOLD", "Tổng số hộ", "Households"),
  stock("poor_households", "HOUSEHOLD", "Số hộ nghèo", "Poor households"),
  stock("near_poor_households", "HOUSEHOLD", "Số hộ cận nghèo", "Near-poor households"),
  ratio("poverty_rate", "Tỷ lệ hộ nghèo", "Poverty rate", "poor_households", "households"),
  ratio("near_poverty_rate", "Tỷ lệ hộ cận nghèo", "Near-poverty rate", "near_poor_households", "households"),
  none("poverty_rate_reduction", "PERCENT_POINT", "Mức giảm tỷ lệ hộ nghèo", "Reduction of the poverty rate (percentage points)", "-100", "100"),
  sum("persons_supported", "PERSON", "Số người được hỗ trợ", "Persons supported"),
  sum("households_supported", "HOUSEHOLD", "Số hộ được hỗ trợ", "Households supported"),
  sum("occasions_supported", "OCCASION", "Số lượt được hỗ trợ", "Occasions of support (lượt)"),
  sum("health_insurance_cards", "CARD", "Số thẻ BHYT được cấp", "Health-insurance cards issued"),
  sum("houses_built", "HOUSE", "Số nhà xây mới", "Houses built"),
  sum("houses_repaired", "HOUSE", "Số nhà sửa chữa", "Houses repaired"),
  sum("houses_built_or_repaired", "HOUSE", "Số nhà xây mới, sửa chữa", "Houses built or repaired"),
  sum("rice_tonnes", "TONNE", "Gạo hỗ trợ (tấn)", "Rice (tonnes)", "10000000"),
  sum("spending_vnd", "VND", "Kinh phí hỗ trợ", "Support spending (VND)"),
  sum("loans_disbursed_vnd", "VND", "Doanh số cho vay", "Loans disbursed (VND)"),
  stock("loans_outstanding_vnd", "VND", "Dư nợ", "Loans outstanding (VND)"),
  sum("workers_employed", "PERSON", "Số lao động được giải quyết việc làm", "Workers placed in jobs"),
  sum("workers_trained", "PERSON", "Số lao động được đào tạo nghề", "Workers given vocational training"),
  sum("workers_abroad", "PERSON", "Số lao động đi làm việc ở nước ngoài", "Workers sent abroad on contract"),
  sum("gift_packages", "GIFT", "Số suất quà", "Gift packages"),
  sum("infrastructure_works", "WORK", "Số công trình hạ tầng", "Infrastructure works"),
  sum("communication_items", "ITEM", "Số tin, bài, lớp truyền thông", "Communication items (articles, classes)"),
  none("plan_attainment", "PERCENT", "Tỷ lệ đạt kế hoạch (như báo cáo)", "Plan attainment as reported", "0", "1000"),
  none("coverage_rate", "PERCENT", "Tỷ lệ bao phủ", "Share of the target group covered", "0", "100"),
  none("reduction_share", "PERCENT", "Tỷ lệ giảm", "Relative reduction (percent of the base)", "0", "100"),
];

export function measureByCode(code: string): MeasureRow | undefined {
  return MEASURES.find((m) => m.code === code);
}
