import type { Aggregation, Unit } from "../rules/units.ts";

export { UNITS, type Aggregation, type Unit } from "../rules/units.ts";

/** What one "lượt" of an OCCASION measure counts. Different kinds never add up. */
export const OCCASION_KINDS = ["PUPIL", "HOUSEHOLD", "PERSON", "LOAN"] as const;
export type OccasionKind = (typeof OCCASION_KINDS)[number];

/** Beneficiary units: the same person or household can be reached by several programmes in one year. */
const BENEFICIARY_UNITS: ReadonlySet<Unit> = new Set(["PERSON", "HOUSEHOLD", "OCCASION"]);

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
  /**
   * Adds up over programmes. False for beneficiary counts (persons, households, occasions): a
   * household can get a loan, a house and a card, so a total over programmes is bounded, not summed.
   * Every measure adds over places and disjoint groups; money and physical outputs over everything.
   */
  addsOverProgrammes: boolean;
  /**
   * The programmes (each with its sub-programmes) under which the measure can be reported; null for
   * any. Coverage counts only the children of a programme that could report the measure.
   */
  appliesTo: string[] | null;
  /** What one "lượt" counts, for an OCCASION measure; null for every other unit. */
  occasionOf: OccasionKind | null;
}

const COUNT_MAX = "200000000"; // more than Vietnam's population: any larger count is a typo
const VND_MAX = "1000000000000000"; // 10^15 VND: above the national budget for any one programme

const sum = (
  code: string,
  unit: Unit,
  name: string,
  nameEn: string,
  max = unit === "VND" ? VND_MAX : COUNT_MAX,
): MeasureRow => ({
  code,
  name,
  nameEn,
  unit,
  aggregation: "SUM",
  numeratorCode: null,
  denominatorCode: null,
  minValue: "0",
  maxValue: max,
  flow: true,
  addsOverProgrammes: !BENEFICIARY_UNITS.has(unit),
  appliesTo: null,
  occasionOf: null,
});
/** A measure reported only under the given programmes (and their sub-programmes). */
const under = (programmes: string[], m: MeasureRow): MeasureRow => ({ ...m, appliesTo: programmes });
const occasions = (code: string, kind: OccasionKind, name: string, nameEn: string): MeasureRow => ({
  ...sum(code, "OCCASION", name, nameEn),
  occasionOf: kind,
});
/** A count or amount at a point in time: summed over places and groups, never over periods. */
const stock = (code: string, unit: Unit, name: string, nameEn: string): MeasureRow => ({
  ...sum(code, unit, name, nameEn),
  flow: false,
});
const ratio = (
  code: string,
  name: string,
  nameEn: string,
  numeratorCode: string,
  denominatorCode: string,
): MeasureRow => ({
  code,
  name,
  nameEn,
  unit: "PERCENT",
  aggregation: "RATIO",
  numeratorCode,
  denominatorCode,
  minValue: "0",
  maxValue: "100",
  flow: false,
  addsOverProgrammes: false,
  appliesTo: null,
  occasionOf: null,
});
const none = (
  code: string,
  unit: Unit,
  name: string,
  nameEn: string,
  min: string | null,
  max: string | null,
): MeasureRow => ({
  code,
  name,
  nameEn,
  unit,
  aggregation: "NONE",
  numeratorCode: null,
  denominatorCode: null,
  minValue: min,
  maxValue: max,
  flow: false,
  addsOverProgrammes: false,
  appliesTo: null,
  occasionOf: null,
});
// Income per person: a mean, never summed; a month's income of a poor household is around 1-2 million VND.
const INCOME_MAX_MONTH = "100000000";
const INCOME_MAX_YEAR = "1200000000";

const HOUSING_PROGRAMMES = ["NTP-2016", "NTP-2021-P5", "GREAT-UNITY-HOUSES", "HOUSING", "CREDIT-HOUSING"];
const JOB_PROGRAMMES = ["NTP-2016", "NTP-2021-P4", "CREDIT-JOBS", "CREDIT-ABROAD"];

export const MEASURES: MeasureRow[] = [
  stock("households", "HOUSEHOLD", "Tổng số hộ", "Households"),
  stock("poor_households", "HOUSEHOLD", "Số hộ nghèo", "Poor households"),
  stock("near_poor_households", "HOUSEHOLD", "Số hộ cận nghèo", "Near-poor households"),
  ratio("poverty_rate", "Tỷ lệ hộ nghèo", "Poverty rate", "poor_households", "households"),
  ratio("near_poverty_rate", "Tỷ lệ hộ cận nghèo", "Near-poverty rate", "near_poor_households", "households"),
  none(
    "poverty_rate_reduction",
    "PERCENT_POINT",
    "Mức giảm tỷ lệ hộ nghèo",
    "Reduction of the poverty rate (percentage points)",
    "-100",
    "100",
  ),
  sum("persons_supported", "PERSON", "Số người được hỗ trợ", "Persons supported"),
  sum("households_supported", "HOUSEHOLD", "Số hộ được hỗ trợ", "Households supported"),
  occasions(
    "occasions_pupils",
    "PUPIL",
    "Số lượt học sinh được hỗ trợ",
    "Occasions of support to pupils (lượt học sinh)",
  ),
  occasions(
    "occasions_households",
    "HOUSEHOLD",
    "Số lượt hộ được hỗ trợ",
    "Occasions of support to households (lượt hộ)",
  ),
  occasions("occasions_persons", "PERSON", "Số lượt người được hỗ trợ", "Occasions of support to persons (lượt người)"),
  under(["CREDIT"], occasions("occasions_loans", "LOAN", "Số lượt vay", "Loans granted (lượt vay)")),
  under(
    ["HEALTH-INSURANCE"],
    sum("health_insurance_cards", "CARD", "Số thẻ BHYT được cấp", "Health-insurance cards issued"),
  ),
  under(HOUSING_PROGRAMMES, sum("houses_built", "HOUSE", "Số nhà xây mới", "Houses built")),
  under(HOUSING_PROGRAMMES, sum("houses_repaired", "HOUSE", "Số nhà sửa chữa", "Houses repaired")),
  under(
    HOUSING_PROGRAMMES,
    sum("houses_built_or_repaired", "HOUSE", "Số nhà xây mới, sửa chữa", "Houses built or repaired"),
  ),
  under(
    ["EDU-RICE", "FOOD-RELIEF", "TET-GIFTS"],
    sum("rice_tonnes", "TONNE", "Gạo hỗ trợ (tấn)", "Rice (tonnes)", "10000000"),
  ),
  sum("spending_vnd", "VND", "Kinh phí hỗ trợ", "Support spending (VND)"),
  under(["CREDIT"], sum("loans_disbursed_vnd", "VND", "Doanh số cho vay", "Loans disbursed (VND)")),
  under(["CREDIT"], stock("loans_outstanding_vnd", "VND", "Dư nợ", "Loans outstanding (VND)")),
  under(
    JOB_PROGRAMMES,
    sum("workers_employed", "PERSON", "Số lao động được giải quyết việc làm", "Workers placed in jobs"),
  ),
  under(
    ["NTP-2016", "NTP-2021-P4"],
    sum("workers_trained", "PERSON", "Số lao động được đào tạo nghề", "Workers given vocational training"),
  ),
  under(
    ["NTP-2016", "NTP-2021-P4", "CREDIT-ABROAD"],
    sum("workers_abroad", "PERSON", "Số lao động đi làm việc ở nước ngoài", "Workers sent abroad on contract"),
  ),
  under(["TET-GIFTS"], sum("gift_packages", "GIFT", "Số suất quà", "Gift packages")),
  under(
    ["NTP-2016", "NTP-2021-P1"],
    sum("infrastructure_works", "WORK", "Số công trình hạ tầng", "Infrastructure works"),
  ),
  under(
    ["NTP-2016", "NTP-2021-P6"],
    sum("communication_items", "ITEM", "Số tin, bài, lớp truyền thông", "Communication items (articles, classes)"),
  ),
  none("plan_attainment", "PERCENT", "Tỷ lệ đạt kế hoạch (như báo cáo)", "Plan attainment as reported", "0", "1000"),
  none("coverage_rate", "PERCENT", "Tỷ lệ bao phủ", "Share of the target group covered", "0", "100"),
  none("reduction_share", "PERCENT", "Tỷ lệ giảm", "Relative reduction (percent of the base)", "0", "100"),

  // Poverty dynamics: flows over a year (households that escaped, became poor, fell back).
  stock("poor_near_poor_households", "HOUSEHOLD", "Số hộ nghèo và cận nghèo", "Poor and near-poor households"),
  ratio(
    "poor_near_poor_rate",
    "Tỷ lệ hộ nghèo và cận nghèo",
    "Poor and near-poor rate",
    "poor_near_poor_households",
    "households",
  ),
  sum("households_escaped_poverty", "HOUSEHOLD", "Số hộ thoát nghèo", "Households escaping poverty"),
  sum("households_newly_poor", "HOUSEHOLD", "Số hộ nghèo phát sinh mới", "Newly poor households"),
  sum("persons_newly_poor", "PERSON", "Số nhân khẩu hộ nghèo phát sinh mới", "Persons in newly poor households"),
  sum("households_fallen_back", "HOUSEHOLD", "Số hộ tái nghèo", "Households fallen back into poverty"),
  sum("households_escaped_near_poverty", "HOUSEHOLD", "Số hộ thoát cận nghèo", "Households escaping near-poverty"),
  stock("poor_households_income", "HOUSEHOLD", "Hộ nghèo thiếu hụt về thu nhập", "Poor households by income"),
  stock(
    "poor_households_services",
    "HOUSEHOLD",
    "Hộ nghèo thiếu hụt dịch vụ xã hội cơ bản",
    "Poor households lacking basic social services",
  ),
  stock("poor_persons", "PERSON", "Số nhân khẩu hộ nghèo", "Persons in poor households"),

  // Income per person: a mean over people, so NONE (a higher level needs the total income and population).
  none(
    "income_per_capita_month_vnd",
    "VND",
    "Thu nhập bình quân đầu người/tháng",
    "Income per person per month (VND)",
    "0",
    INCOME_MAX_MONTH,
  ),
  none(
    "income_per_capita_year_vnd",
    "VND",
    "Thu nhập bình quân đầu người/năm",
    "Income per person per year (VND)",
    "0",
    INCOME_MAX_YEAR,
  ),
  none(
    "poor_income_per_capita_month_vnd",
    "VND",
    "Thu nhập bình quân đầu người/tháng của hộ nghèo",
    "Income per person per month in poor households (VND)",
    "0",
    INCOME_MAX_MONTH,
  ),
  none(
    "poor_income_per_capita_year_vnd",
    "VND",
    "Thu nhập bình quân đầu người/năm của hộ nghèo",
    "Income per person per year in poor households (VND)",
    "0",
    INCOME_MAX_YEAR,
  ),

  // Money of programmes: PLAN = allocated (bố trí, phân bổ), ACTUAL = disbursed or spent (giải ngân, thực hiện).
  // A figure may name its funding source (central, local, mobilised) and capital type (investment, recurrent).
  sum(
    "programme_funds_vnd",
    "VND",
    "Vốn thực hiện chương trình (PLAN: phân bổ, ACTUAL: giải ngân)",
    "Programme funds (PLAN allocated, ACTUAL disbursed; VND)",
  ),
  under(["CREDIT"], stock("credit_funds_vnd", "VND", "Nguồn vốn tín dụng chính sách", "Policy-credit funds (VND)")),
  under(["CREDIT"], stock("borrowers", "HOUSEHOLD", "Số khách hàng còn dư nợ", "Borrowers with loans outstanding")),
  under(
    ["CREDIT"],
    stock("credit_programmes", "PROGRAMME", "Số chương trình tín dụng chính sách", "Policy-credit programmes run"),
  ),

  // Outputs counted in things other than beneficiaries.
  sum("livelihood_models", "MODEL", "Số mô hình giảm nghèo, sinh kế", "Poverty-reduction and livelihood models"),
  sum(
    "projects",
    "PROJECT",
    "Số dự án (hỗ trợ sản xuất, liên kết, nhân rộng)",
    "Projects (production support, value chains, replication)",
  ),
  sum("water_sanitation_works", "WORK", "Số công trình nước sạch, vệ sinh", "Clean-water and sanitation works"),
  sum("water_tanks", "ITEM", "Số bể, téc chứa nước", "Water tanks"),
  sum("production_land_ha", "HECTARE", "Diện tích đất sản xuất hỗ trợ (ha)", "Production land provided (hectares)"),

  // Places meeting a criterion: counts of administrative units, usually "A/B" (A of B units).
  stock("poor_districts", "DISTRICT", "Số huyện nghèo", "Poor districts"),
  stock("districts_escaped_poverty", "DISTRICT", "Số huyện thoát nghèo", "Districts that left the poor-district list"),
  stock("difficult_communes", "COMMUNE", "Số xã đặc biệt khó khăn", "Extremely difficult communes"),
  stock(
    "communes_escaped_difficulty",
    "COMMUNE",
    "Số xã thoát khỏi diện đặc biệt khó khăn",
    "Communes that left the extremely difficult list",
  ),
  stock("new_rural_communes", "COMMUNE", "Số xã đạt chuẩn nông thôn mới", "Communes meeting the new-rural standard"),
  stock("difficult_villages", "VILLAGE", "Số thôn, bản đặc biệt khó khăn", "Extremely difficult villages"),

  // Labour.
  sum(
    "workers_trained_short_term",
    "PERSON",
    "Số lao động được đào tạo nghề ngắn hạn",
    "Workers given short vocational training",
  ),
  sum(
    "workers_sent_away",
    "PERSON",
    "Số lao động đi làm việc ngoài tỉnh, nước ngoài",
    "Workers placed in other provinces or abroad",
  ),
  none("trained_labour_rate", "PERCENT", "Tỷ lệ lao động qua đào tạo", "Share of the labour force trained", "0", "100"),
  none(
    "vocational_trained_labour_rate",
    "PERCENT",
    "Tỷ lệ lao động qua đào tạo nghề",
    "Share of the labour force with vocational training",
    "0",
    "100",
  ),
];

/**
 * Measures whose values are themselves changes (a reduction in points, a relative reduction): "giảm 3%"
 * states their level, not a change of them.
 */
export const CHANGE_MEASURES: ReadonlySet<string> = new Set(["poverty_rate_reduction", "reduction_share"]);

let byCode: Map<string, MeasureRow> | null = null;

export function measureByCode(code: string): MeasureRow | undefined {
  byCode ??= new Map(MEASURES.map((m) => [m.code, m]));
  return byCode.get(code);
}
