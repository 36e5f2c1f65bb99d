/**
 * What reports state: each topic is one measure of one programme, with the magnitude of an average
 * district in a year (all ethnic groups), the noun reports count it with, and a phrase to quote it
 * in. Magnitudes keep money per beneficiary well inside the ingest's ceilings (src/ingest/validate/
 * plausibility.ts), so only the figures the synthesizer flags on purpose would be flagged.
 */
import { MEASURES, measureByCode, type MeasureRow } from "../../reference/measures.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import { addTo } from "../../rules/lists.ts";

/** How a topic's value is computed (src/ingest/synth/values.ts). */
export type ValueKind =
  | "count"
  | "vnd"
  | "tonne"
  | "households"
  | "poor"
  | "near_poor"
  | "rate"
  | "near_rate"
  | "reduction_pp"
  | "reduction_share"
  | "coverage"
  | "attainment";

/** Which ethnicities a topic is reported for: any breakdown, or only ALL and DTTS (headline figures). */
export type EthnicityMode = "any" | "headline";

export interface Topic {
  index: number;
  /** Rank of the measure's code among all measures: for the load order. */
  measureRank: number;
  programme: string;
  measure: MeasureRow;
  kind: ValueKind;
  /** Average district, one year, all groups, in the measure's unit (VND in đồng). */
  base: number;
  /** Counted noun after the number (counts only). */
  noun: string;
  /** The quote around the figure: "{v}" is the figure's text. */
  phrase: string;
  weight: number;
  fromYear: number;
  toYear: number;
  /** Plans are stated for it. */
  plan: boolean;
  /** A flow (adds up over time): also reported per quarter and half-year. */
  subYear: boolean;
  ethnicity: EthnicityMode;
  /** Yearly growth of the magnitude. */
  growth: number;
}

type Row = [
  programme: string,
  measure: string,
  kind: ValueKind,
  base: number,
  noun: string,
  phrase: string,
  weight: number,
  opts?: Partial<Pick<Topic, "fromYear" | "toYear" | "plan" | "ethnicity" | "growth">>,
];

const B = 1e9;
const M = 1e6;
const NTP16 = { fromYear: 2016, toYear: 2020 };
const NTP21 = { fromYear: 2021, toYear: 2025 };
const HEADLINE = { ethnicity: "headline" as const, plan: false };

const ROWS: Row[] = [
  ["ALL", "households", "households", 32_000, "hộ", "tổng số {v} dân cư", 5, { ...HEADLINE, growth: 1.015 }],
  ["ALL", "poor_households", "poor", 0, "hộ nghèo", "còn {v}", 7, HEADLINE],
  ["ALL", "near_poor_households", "near_poor", 0, "hộ cận nghèo", "còn {v}", 4, HEADLINE],
  ["ALL", "poverty_rate", "rate", 0, "", "tỷ lệ hộ nghèo còn {v}", 3, HEADLINE],
  ["ALL", "near_poverty_rate", "near_rate", 0, "", "tỷ lệ hộ cận nghèo còn {v}", 1.5, HEADLINE],
  [
    "ALL",
    "poverty_rate_reduction",
    "reduction_pp",
    0,
    "",
    "tỷ lệ hộ nghèo giảm {v}",
    2,
    { ethnicity: "headline", plan: true },
  ],
  ["ALL", "reduction_share", "reduction_share", 0, "", "số hộ nghèo giảm {v} so với đầu năm", 0.7, HEADLINE],
  [
    "ALL",
    "spending_vnd",
    "vnd",
    60 * B,
    "",
    "tổng kinh phí thực hiện các chính sách giảm nghèo {v}",
    3,
    { growth: 1.04 },
  ],
  [
    "NTP-2016",
    "spending_vnd",
    "vnd",
    15 * B,
    "",
    "kinh phí Chương trình mục tiêu quốc gia giảm nghèo bền vững {v}",
    2,
    NTP16,
  ],
  ["NTP-2016", "households_supported", "count", 1_500, "hộ", "hỗ trợ {v} thuộc Chương trình", 1.5, NTP16],
  ["NTP-2016", "persons_supported", "count", 4_000, "người", "hỗ trợ {v} nghèo", 1, NTP16],
  [
    "NTP-2021",
    "spending_vnd",
    "vnd",
    20 * B,
    "",
    "giải ngân vốn Chương trình mục tiêu quốc gia giảm nghèo bền vững {v}",
    2.5,
    NTP21,
  ],
  ["NTP-2021", "households_supported", "count", 1_800, "hộ", "Chương trình đã hỗ trợ {v}", 1.5, NTP21],
  ["NTP-2021-P1", "infrastructure_works", "count", 12, "công trình", "đầu tư {v} hạ tầng", 2, NTP21],
  ["NTP-2021-P1", "spending_vnd", "vnd", 8 * B, "", "vốn đầu tư hạ tầng {v}", 2, NTP21],
  ["NTP-2021-P2", "households_supported", "count", 150, "hộ", "hỗ trợ {v} tham gia mô hình giảm nghèo", 1.5, NTP21],
  ["NTP-2021-P2", "spending_vnd", "vnd", 1.5 * B, "", "kinh phí đa dạng hóa sinh kế {v}", 1.2, NTP21],
  ["NTP-2021-P3", "households_supported", "count", 400, "hộ", "hỗ trợ phát triển sản xuất cho {v}", 1.5, NTP21],
  ["NTP-2021-P3", "persons_supported", "count", 1_200, "người", "cải thiện dinh dưỡng cho {v}", 1, NTP21],
  ["NTP-2021-P3", "spending_vnd", "vnd", 3 * B, "", "kinh phí hỗ trợ sản xuất {v}", 1.2, NTP21],
  ["NTP-2021-P4", "workers_trained", "count", 600, "lao động", "đào tạo nghề cho {v}", 2, NTP21],
  ["NTP-2021-P4", "workers_employed", "count", 900, "lao động", "giải quyết việc làm cho {v}", 2.5, NTP21],
  ["NTP-2021-P4", "spending_vnd", "vnd", 2 * B, "", "kinh phí giáo dục nghề nghiệp, việc làm {v}", 1, NTP21],
  [
    "NTP-2021-P4",
    "plan_attainment",
    "attainment",
    0,
    "",
    "đạt {v} kế hoạch giải quyết việc làm",
    0.8,
    { ...NTP21, ...HEADLINE },
  ],
  [
    "NTP-2021-P4-ABROAD",
    "workers_abroad",
    "count",
    40,
    "lao động",
    "đưa {v} đi làm việc ở nước ngoài theo hợp đồng",
    1.5,
    NTP21,
  ],
  [
    "NTP-2021-P4-ABROAD",
    "spending_vnd",
    "vnd",
    0.4 * B,
    "",
    "kinh phí hỗ trợ lao động đi làm việc ở nước ngoài {v}",
    0.5,
    NTP21,
  ],
  ["NTP-2021-P5", "houses_built", "count", 60, "căn nhà", "xây mới {v} cho hộ nghèo, cận nghèo", 2, NTP21],
  ["NTP-2021-P5", "houses_repaired", "count", 30, "căn nhà", "sửa chữa {v}", 1.2, NTP21],
  ["NTP-2021-P5", "houses_built_or_repaired", "count", 90, "căn nhà", "hỗ trợ xây mới, sửa chữa {v}", 1, NTP21],
  ["NTP-2021-P5", "spending_vnd", "vnd", 4 * B, "", "kinh phí hỗ trợ nhà ở {v}", 1.2, NTP21],
  ["NTP-2021-P6", "communication_items", "count", 80, "tin, bài", "đăng tải {v} tuyên truyền giảm nghèo", 1.2, NTP21],
  ["NTP-2021-P6", "spending_vnd", "vnd", 0.5 * B, "", "kinh phí truyền thông {v}", 0.5, NTP21],
  ["NTP-2021-P7", "persons_supported", "count", 300, "cán bộ", "tập huấn cho {v} làm công tác giảm nghèo", 1, NTP21],
  ["NTP-2021-P7", "spending_vnd", "vnd", 0.3 * B, "", "kinh phí nâng cao năng lực {v}", 0.5, NTP21],
  ["HEALTH-INSURANCE", "health_insurance_cards", "count", 28_000, "thẻ BHYT", "cấp {v}", 4, { growth: 0.98 }],
  ["HEALTH-INSURANCE", "spending_vnd", "vnd", 21 * B, "", "kinh phí mua thẻ BHYT {v}", 2],
  ["HEALTH-INSURANCE", "coverage_rate", "coverage", 0, "", "tỷ lệ bao phủ BHYT đạt {v}", 0.8, HEADLINE],
  [
    "HEALTH-INSURANCE-POOR",
    "health_insurance_cards",
    "count",
    8_000,
    "thẻ BHYT",
    "cấp {v} cho người nghèo",
    2,
    { growth: 0.93 },
  ],
  ["HEALTH-INSURANCE-POOR", "spending_vnd", "vnd", 6 * B, "", "kinh phí mua thẻ BHYT cho người nghèo {v}", 1],
  [
    "HEALTH-INSURANCE-NEAR-POOR",
    "health_insurance_cards",
    "count",
    4_000,
    "thẻ BHYT",
    "cấp {v} cho người cận nghèo",
    1.5,
  ],
  ["HEALTH-INSURANCE-NEAR-POOR", "spending_vnd", "vnd", 2 * B, "", "hỗ trợ mua thẻ BHYT cho người cận nghèo {v}", 0.8],
  [
    "HEALTH-INSURANCE-SOCIAL",
    "health_insurance_cards",
    "count",
    16_000,
    "thẻ BHYT",
    "cấp {v} cho đối tượng bảo trợ xã hội, người cao tuổi, trẻ em",
    1.5,
  ],
  ["EDUCATION", "persons_supported", "count", 6_000, "học sinh", "hỗ trợ {v}", 2.5],
  ["EDUCATION", "spending_vnd", "vnd", 12 * B, "", "kinh phí hỗ trợ giáo dục {v}", 2],
  ["EDU-TUITION", "persons_supported", "count", 2_500, "học sinh", "miễn, giảm học phí cho {v}", 1.5],
  ["EDU-TUITION", "spending_vnd", "vnd", 2 * B, "", "kinh phí miễn, giảm học phí {v}", 1],
  ["EDU-STUDY-COSTS", "persons_supported", "count", 2_500, "học sinh", "hỗ trợ chi phí học tập cho {v}", 1.5],
  ["EDU-STUDY-COSTS", "spending_vnd", "vnd", 4 * B, "", "kinh phí hỗ trợ chi phí học tập {v}", 1],
  ["EDU-LUNCH", "persons_supported", "count", 1_500, "trẻ", "hỗ trợ tiền ăn trưa cho {v} mẫu giáo", 1.2],
  ["EDU-LUNCH", "spending_vnd", "vnd", 1.5 * B, "", "kinh phí hỗ trợ tiền ăn trưa {v}", 1],
  ["EDU-BOARDING", "persons_supported", "count", 1_200, "học sinh", "hỗ trợ {v} bán trú", 1.2],
  ["EDU-BOARDING", "spending_vnd", "vnd", 6 * B, "", "kinh phí hỗ trợ học sinh bán trú {v}", 0.8],
  ["EDU-RICE", "persons_supported", "count", 1_200, "học sinh", "hỗ trợ gạo cho {v}", 1],
  ["EDU-RICE", "occasions_pupils", "count", 2_400, "lượt học sinh", "hỗ trợ gạo {v}", 0.6],
  ["EDU-RICE", "rice_tonnes", "tonne", 160, "tấn gạo", "cấp {v} cho học sinh", 1.2],
  ["CREDIT", "loans_disbursed_vnd", "vnd", 180 * B, "", "doanh số cho vay {v}", 3, { growth: 1.08 }],
  [
    "CREDIT",
    "loans_outstanding_vnd",
    "vnd",
    650 * B,
    "",
    "tổng dư nợ các chương trình tín dụng chính sách {v}",
    3,
    { growth: 1.09 },
  ],
  ["CREDIT", "households_supported", "count", 4_500, "hộ", "{v} được vay vốn", 2],
  ["CREDIT", "occasions_loans", "count", 6_000, "lượt hộ vay", "giải ngân cho {v}", 1],
  ["CREDIT-POOR", "loans_disbursed_vnd", "vnd", 40 * B, "", "cho vay hộ nghèo {v}", 1.5, { growth: 1.05 }],
  ["CREDIT-POOR", "loans_outstanding_vnd", "vnd", 150 * B, "", "dư nợ cho vay hộ nghèo {v}", 1.5, { growth: 1.05 }],
  ["CREDIT-POOR", "households_supported", "count", 1_000, "hộ nghèo", "{v} được vay vốn", 1.5],
  ["CREDIT-NEAR-POOR", "loans_disbursed_vnd", "vnd", 35 * B, "", "cho vay hộ cận nghèo {v}", 1, { growth: 1.06 }],
  [
    "CREDIT-NEAR-POOR",
    "loans_outstanding_vnd",
    "vnd",
    130 * B,
    "",
    "dư nợ cho vay hộ cận nghèo {v}",
    1,
    { growth: 1.06 },
  ],
  ["CREDIT-NEAR-POOR", "households_supported", "count", 800, "hộ cận nghèo", "{v} được vay vốn", 1],
  ["CREDIT-ESCAPED", "loans_disbursed_vnd", "vnd", 20 * B, "", "cho vay hộ mới thoát nghèo {v}", 0.8],
  ["CREDIT-ESCAPED", "loans_outstanding_vnd", "vnd", 70 * B, "", "dư nợ cho vay hộ mới thoát nghèo {v}", 0.8],
  ["CREDIT-ESCAPED", "households_supported", "count", 450, "hộ", "{v} mới thoát nghèo được vay vốn", 0.8],
  ["CREDIT-HOUSING", "loans_disbursed_vnd", "vnd", 10 * B, "", "cho vay làm nhà ở {v}", 0.6],
  ["CREDIT-HOUSING", "loans_outstanding_vnd", "vnd", 40 * B, "", "dư nợ cho vay nhà ở {v}", 0.6],
  ["CREDIT-HOUSING", "households_supported", "count", 250, "hộ", "{v} được vay làm nhà ở", 0.6],
  ["CREDIT-JOBS", "loans_disbursed_vnd", "vnd", 30 * B, "", "cho vay giải quyết việc làm {v}", 1, { growth: 1.07 }],
  [
    "CREDIT-JOBS",
    "loans_outstanding_vnd",
    "vnd",
    100 * B,
    "",
    "dư nợ cho vay giải quyết việc làm {v}",
    1,
    { growth: 1.07 },
  ],
  ["CREDIT-JOBS", "workers_employed", "count", 700, "lao động", "tạo việc làm cho {v}", 1],
  ["CREDIT-STUDENTS", "loans_disbursed_vnd", "vnd", 8 * B, "", "cho vay học sinh, sinh viên {v}", 0.6],
  ["CREDIT-STUDENTS", "loans_outstanding_vnd", "vnd", 40 * B, "", "dư nợ cho vay học sinh, sinh viên {v}", 0.6],
  ["CREDIT-STUDENTS", "persons_supported", "count", 300, "học sinh", "{v}, sinh viên được vay vốn", 0.6],
  ["CREDIT-ABROAD", "loans_disbursed_vnd", "vnd", 2 * B, "", "cho vay đi làm việc ở nước ngoài {v}", 0.4],
  ["CREDIT-ABROAD", "loans_outstanding_vnd", "vnd", 5 * B, "", "dư nợ cho vay đi làm việc ở nước ngoài {v}", 0.4],
  ["CREDIT-ABROAD", "workers_abroad", "count", 25, "lao động", "{v} được vay vốn đi làm việc ở nước ngoài", 0.4],
  ["ELECTRICITY", "households_supported", "count", 1_500, "hộ", "hỗ trợ tiền điện cho {v} nghèo", 1.2],
  ["ELECTRICITY", "occasions_households", "count", 9_000, "lượt hộ", "hỗ trợ {v} tiền điện", 1.2],
  ["ELECTRICITY", "spending_vnd", "vnd", 0.8 * B, "", "kinh phí hỗ trợ tiền điện {v}", 1],
  ["LEGAL-AID", "occasions_persons", "count", 400, "lượt người", "trợ giúp pháp lý cho {v}", 0.8],
  ["LEGAL-AID", "persons_supported", "count", 300, "người", "trợ giúp pháp lý miễn phí cho {v}", 0.6],
  ["GREAT-UNITY-HOUSES", "houses_built", "count", 25, "nhà Đại đoàn kết", "xây mới {v}", 1.5],
  ["GREAT-UNITY-HOUSES", "houses_repaired", "count", 10, "nhà Đại đoàn kết", "sửa chữa {v}", 0.8],
  ["GREAT-UNITY-HOUSES", "spending_vnd", "vnd", 1.5 * B, "", "Quỹ Vì người nghèo hỗ trợ làm nhà {v}", 1],
  ["HOUSING", "houses_built_or_repaired", "count", 30, "căn nhà", "hỗ trợ xây mới, sửa chữa {v} cho hộ khó khăn", 0.8],
  ["HOUSING", "spending_vnd", "vnd", 1.2 * B, "", "kinh phí hỗ trợ nhà ở {v}", 0.6],
  ["TET-GIFTS", "gift_packages", "count", 5_000, "suất quà", "trao tặng {v} Tết cho hộ nghèo", 1.5],
  ["TET-GIFTS", "spending_vnd", "vnd", 2.5 * B, "", "tổng giá trị quà Tết {v}", 1],
  ["FOOD-RELIEF", "rice_tonnes", "tonne", 60, "tấn gạo", "cấp {v} cứu đói giáp hạt", 0.8],
  ["FOOD-RELIEF", "persons_supported", "count", 4_000, "nhân khẩu", "hỗ trợ gạo cho {v}", 0.6],
  // Poverty dynamics, income, funds and the programmes of the ethnic-minority areas (issue 15's catalogue).
  ["ALL", "poor_near_poor_households", "count", 2_600, "hộ nghèo và cận nghèo", "còn {v}", 0.6, HEADLINE],
  ["ALL", "households_escaped_poverty", "count", 450, "hộ", "{v} thoát nghèo", 1, HEADLINE],
  ["ALL", "households_newly_poor", "count", 60, "hộ", "phát sinh mới {v} nghèo", 0.5, HEADLINE],
  ["ALL", "persons_newly_poor", "count", 240, "nhân khẩu", "hộ nghèo phát sinh mới với {v}", 0.3, HEADLINE],
  ["ALL", "households_fallen_back", "count", 8, "hộ", "{v} tái nghèo", 0.4, HEADLINE],
  ["ALL", "households_escaped_near_poverty", "count", 300, "hộ", "{v} thoát cận nghèo", 0.4, HEADLINE],
  ["ALL", "poor_households_income", "count", 900, "hộ nghèo", "{v} thiếu hụt về thu nhập", 0.3, HEADLINE],
  ["ALL", "poor_households_services", "count", 400, "hộ nghèo", "{v} thiếu hụt dịch vụ xã hội cơ bản", 0.3, HEADLINE],
  ["ALL", "poor_persons", "count", 5_000, "nhân khẩu", "hộ nghèo với {v}", 0.3, HEADLINE],
  ["ALL", "workers_trained_short_term", "count", 400, "lao động", "đào tạo nghề ngắn hạn cho {v}", 0.5],
  ["ALL", "workers_sent_away", "count", 300, "lao động", "đưa {v} đi làm việc ngoài tỉnh", 0.5],
  ["ALL", "poor_districts", "count", 1, "huyện", "có {v} nghèo", 0.2, HEADLINE],
  ["ALL", "districts_escaped_poverty", "count", 1, "huyện", "{v} thoát nghèo", 0.1, HEADLINE],
  ["ALL", "difficult_communes", "count", 6, "xã", "còn {v} đặc biệt khó khăn", 0.3, HEADLINE],
  ["ALL", "communes_escaped_difficulty", "count", 2, "xã", "{v} thoát khỏi diện đặc biệt khó khăn", 0.2, HEADLINE],
  ["ALL", "new_rural_communes", "count", 5, "xã", "{v} đạt chuẩn nông thôn mới", 0.3, HEADLINE],
  ["ALL", "difficult_villages", "count", 20, "thôn", "còn {v} đặc biệt khó khăn", 0.3, HEADLINE],
  ["NTP-2016-30A", "programme_funds_vnd", "vnd", 30 * B, "", "vốn Chương trình 30a {v}", 0.6, NTP16],
  ["NTP-2016-135", "programme_funds_vnd", "vnd", 10 * B, "", "vốn Chương trình 135 {v}", 0.6, NTP16],
  [
    "NTP-2016-135",
    "infrastructure_works",
    "count",
    10,
    "công trình",
    "đầu tư {v} hạ tầng Chương trình 135",
    0.5,
    NTP16,
  ],
  ["NTP-2016-P3", "projects", "count", 4, "dự án", "nhân rộng {v} mô hình giảm nghèo", 0.4, NTP16],
  ["NTP-2016-P4", "communication_items", "count", 60, "tin, bài", "đăng {v} truyền thông giảm nghèo", 0.3, NTP16],
  ["NTP-2016-P5", "persons_supported", "count", 200, "cán bộ", "tập huấn cho {v} giảm nghèo", 0.3, NTP16],
  ["NTP-2021", "programme_funds_vnd", "vnd", 25 * B, "", "vốn Chương trình được phân bổ {v}", 1, NTP21],
  ["NTP-2021-P2", "livelihood_models", "count", 8, "mô hình", "triển khai {v} giảm nghèo", 0.6, NTP21],
  ["NTP-2021-P3-COMMUNITY", "projects", "count", 6, "dự án", "triển khai {v} hỗ trợ sản xuất cộng đồng", 0.5, NTP21],
  ["NTP-2021-P3-CHAIN", "projects", "count", 1, "dự án", "triển khai {v} liên kết chuỗi giá trị", 0.3, NTP21],
  ["NTP-EM", "programme_funds_vnd", "vnd", 40 * B, "", "vốn Chương trình 1719 {v}", 1, NTP21],
  ["NTP-EM-P1", "households_supported", "count", 120, "hộ", "hỗ trợ đất ở, nhà ở, nước sinh hoạt cho {v}", 0.6, NTP21],
  ["NTP-EM-P1", "water_tanks", "count", 80, "bể", "hỗ trợ {v} chứa nước", 0.4, NTP21],
  ["NTP-EM-P1", "production_land_ha", "count", 15, "ha", "hỗ trợ {v} đất sản xuất", 0.3, NTP21],
  ["NTP-EM-P2", "households_supported", "count", 40, "hộ", "bố trí ổn định dân cư cho {v}", 0.3, NTP21],
  ["NTP-EM-P3", "livelihood_models", "count", 5, "mô hình", "xây dựng {v} sản xuất theo chuỗi giá trị", 0.4, NTP21],
  ["NTP-EM-P4", "infrastructure_works", "count", 15, "công trình", "đầu tư {v} hạ tầng thiết yếu", 0.6, NTP21],
  ["NTP-EM-P5", "persons_supported", "count", 500, "học sinh", "hỗ trợ {v} dân tộc thiểu số", 0.4, NTP21],
  ["NTP-EM-P6", "programme_funds_vnd", "vnd", 2 * B, "", "kinh phí bảo tồn văn hóa {v}", 0.3, NTP21],
  ["NTP-EM-P7", "persons_supported", "count", 600, "trẻ", "chăm sóc dinh dưỡng cho {v}", 0.3, NTP21],
  ["NTP-EM-P8", "persons_supported", "count", 400, "phụ nữ", "hỗ trợ {v} dân tộc thiểu số", 0.3, NTP21],
  ["NTP-EM-P9", "households_supported", "count", 60, "hộ", "hỗ trợ {v} dân tộc rất ít người", 0.2, NTP21],
  [
    "NTP-EM-P10",
    "communication_items",
    "count",
    40,
    "tin, bài",
    "đăng {v} tuyên truyền chính sách dân tộc",
    0.3,
    NTP21,
  ],
  [
    "PROGRAMME-135",
    "infrastructure_works",
    "count",
    8,
    "công trình",
    "Chương trình 135 đầu tư {v}",
    0.3,
    { fromYear: 2016, toYear: 2020 },
  ],
  ["PROGRAMME-30A", "programme_funds_vnd", "vnd", 20 * B, "", "vốn 30a {v}", 0.3, { fromYear: 2016, toYear: 2020 }],
  [
    "EM-LAND-WATER",
    "households_supported",
    "count",
    90,
    "hộ",
    "hỗ trợ đất sản xuất, nước sinh hoạt cho {v} dân tộc thiểu số",
    0.4,
    NTP16,
  ],
  ["CREDIT", "credit_funds_vnd", "vnd", 700 * B, "", "tổng nguồn vốn tín dụng chính sách {v}", 0.6, { growth: 1.08 }],
  ["CREDIT", "borrowers", "count", 9_000, "khách hàng", "{v} còn dư nợ", 0.6],
  ["CREDIT", "credit_programmes", "count", 18, "chương trình", "triển khai {v} cho vay ưu đãi", 0.2, HEADLINE],
  ["CREDIT-WATER", "loans_disbursed_vnd", "vnd", 15 * B, "", "cho vay nước sạch, vệ sinh môi trường {v}", 0.5],
  ["CREDIT-WATER", "water_sanitation_works", "count", 600, "công trình", "xây dựng {v} nước sạch, vệ sinh", 0.5],
  [
    "CREDIT-DIFFICULT-AREA",
    "loans_disbursed_vnd",
    "vnd",
    10 * B,
    "",
    "cho vay hộ sản xuất kinh doanh vùng khó khăn {v}",
    0.4,
  ],
  ["CREDIT-DECREE-28", "loans_disbursed_vnd", "vnd", 5 * B, "", "cho vay theo Nghị định 28 {v}", 0.3, NTP21],
  ["CREDIT-EM", "loans_disbursed_vnd", "vnd", 3 * B, "", "cho vay hộ dân tộc thiểu số đặc biệt khó khăn {v}", 0.3],
];

/**
 * Measures no topic states: means over people (income per person) and rates without their
 * numerator and denominator in the catalogue cannot be drawn for an average district and summed
 * into its province the way the value model builds every other figure.
 */
export const UNMODELLED_MEASURES: readonly string[] = [
  "income_per_capita_month_vnd",
  "income_per_capita_year_vnd",
  "poor_income_per_capita_month_vnd",
  "poor_income_per_capita_year_vnd",
  "trained_labour_rate",
  "vocational_trained_labour_rate",
  "poor_near_poor_rate",
];

/** Money in whole millions: reports never state đồng below a million at these scales. */
export const VND_STEP = M;

const programmeCodes = new Set(buildProgrammes().map((p) => p.code));
const measureCodes = MEASURES.map((m) => m.code).sort();

export const TOPICS: readonly Topic[] = ROWS.map(
  ([programme, measureCode, kind, base, noun, phrase, weight, opts], index) => {
    const measure = measureByCode(measureCode);
    if (!measure) throw new Error(`synthetic topic with unknown measure ${measureCode}`);
    if (!programmeCodes.has(programme)) throw new Error(`synthetic topic with unknown programme ${programme}`);
    return {
      index,
      measureRank: measureCodes.indexOf(measureCode),
      programme,
      measure,
      kind,
      base,
      noun,
      phrase,
      weight,
      fromYear: opts?.fromYear ?? 2016,
      toYear: opts?.toYear ?? 2025,
      plan: opts?.plan ?? measure.aggregation === "SUM",
      subYear: measure.aggregation === "SUM" && measure.flow,
      ethnicity: opts?.ethnicity ?? "any",
      growth: opts?.growth ?? 1,
    };
  },
);

/** Topics of one programme, for statements that give several measures of one cell. */
export const TOPICS_BY_PROGRAMME: ReadonlyMap<string, readonly Topic[]> = (() => {
  const m = new Map<string, Topic[]>();
  for (const t of TOPICS) addTo(m, t.programme, t);
  return m;
})();

export function topicFor(programme: string, measure: string): Topic | undefined {
  return TOPICS.find((t) => t.programme === programme && t.measure.code === measure);
}
