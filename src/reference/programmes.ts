export interface ProgrammeRow { code: string; name: string; nameEn: string; parentCode: string | null }

export const ROOT_PROGRAMME = "ALL";

/** The programme tree: the national target programmes with their projects and the regular policies. */
const TREE: [code: string, parent: string | null, name: string, nameEn: string][] = [
  ["ALL", null, "Tất cả chương trình, chính sách giảm nghèo", "All poverty-reduction programmes and policies"],
  ["NTP-2016", "ALL", "CTMTQG Giảm nghèo bền vững 2016-2020", "National Target Programme for Sustainable Poverty Reduction 2016-2020"],
  ["NTP-2021", "ALL", "CTMTQG Giảm nghèo bền vững 2021-2025", "National Target Programme for Sustainable Poverty Reduction 2021-2025"],
  ["NTP-2021-P1", "NTP-2021", "Dự án 1: Hạ tầng huyện nghèo, xã ĐBKK vùng bãi ngang, ven biển", "Project 1: infrastructure in poor districts and difficult coastal communes"],
  ["NTP-2021-P2", "NTP-2021", "Dự án 2: Đa dạng hóa sinh kế, mô hình giảm nghèo", "Project 2: livelihood diversification and poverty-reduction models"],
  ["NTP-2021-P3", "NTP-2021", "Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng", "Project 3: production support and nutrition"],
  ["NTP-2021-P4", "NTP-2021", "Dự án 4: Giáo dục nghề nghiệp, việc làm bền vững", "Project 4: vocational training and sustainable employment"],
  ["NTP-2021-P4-ABROAD", "NTP-2021-P4", "Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", "Contract work abroad"],
  ["NTP-2021-P5", "NTP-2021", "Dự án 5: Hỗ trợ nhà ở hộ nghèo, hộ cận nghèo", "Project 5: housing for poor and near-poor households"],
  ["NTP-2021-P6", "NTP-2021", "Dự án 6: Truyền thông và giảm nghèo về thông tin", "Project 6: communication and information poverty"],
  ["NTP-2021-P7", "NTP-2021", "Dự án 7: Nâng cao năng lực, giám sát, đánh giá", "Project 7: capacity building and monitoring"],
  ["HEALTH-INSURANCE", "ALL", "Hỗ trợ thẻ bảo hiểm y tế", "Health-insurance cards (BHYT)"],
  ["HEALTH-INSURANCE-POOR", "HEALTH-INSURANCE", "BHYT cho người nghèo", "Health insurance for the poor"],
  ["HEALTH-INSURANCE-NEAR-POOR", "HEALTH-INSURANCE", "BHYT cho người cận nghèo", "Health insurance for the near-poor"],
  ["HEALTH-INSURANCE-SOCIAL", "HEALTH-INSURANCE", "BHYT cho đối tượng bảo trợ xã hội, người cao tuổi, trẻ em", "Health insurance for social-assistance recipients, the elderly, children"],
  ["EDUCATION", "ALL", "Hỗ trợ giáo dục", "Education support"],
  ["EDU-TUITION", "EDUCATION", "Miễn, giảm học phí", "Tuition exemption and reduction"],
  ["EDU-STUDY-COSTS", "EDUCATION", "Hỗ trợ chi phí học tập", "Study costs"],
  ["EDU-LUNCH", "EDUCATION", "Hỗ trợ tiền ăn trưa trẻ mẫu giáo", "Lunch for pre-school children"],
  ["EDU-BOARDING", "EDUCATION", "Hỗ trợ học sinh bán trú", "Boarding pupils"],
  ["EDU-RICE", "EDUCATION", "Hỗ trợ gạo cho học sinh", "Rice for pupils"],
  ["CREDIT", "ALL", "Tín dụng ưu đãi (Ngân hàng Chính sách xã hội)", "Preferential credit (Vietnam Bank for Social Policies)"],
  ["CREDIT-POOR", "CREDIT", "Cho vay hộ nghèo", "Loans to poor households"],
  ["CREDIT-NEAR-POOR", "CREDIT", "Cho vay hộ cận nghèo", "Loans to near-poor households"],
  ["CREDIT-ESCAPED", "CREDIT", "Cho vay hộ mới thoát nghèo", "Loans to newly-escaped households"],
  ["CREDIT-HOUSING", "CREDIT", "Cho vay làm nhà ở", "Housing loans"],
  ["CREDIT-JOBS", "CREDIT", "Cho vay giải quyết việc làm", "Job-creation loans"],
  ["CREDIT-STUDENTS", "CREDIT", "Cho vay học sinh, sinh viên", "Student loans"],
  ["CREDIT-ABROAD", "CREDIT", "Cho vay đi làm việc ở nước ngoài theo hợp đồng", "Loans for contract work abroad"],
  ["ELECTRICITY", "ALL", "Hỗ trợ tiền điện", "Electricity-bill support"],
  ["LEGAL-AID", "ALL", "Trợ giúp pháp lý", "Legal aid"],
  ["GREAT-UNITY-HOUSES", "ALL", "Nhà Đại đoàn kết (Quỹ Vì người nghèo)", "Great Unity houses (For the Poor fund)"],
  ["HOUSING", "ALL", "Hỗ trợ nhà ở khác", "Other housing support"],
  ["TET-GIFTS", "ALL", "Quà Tết, thăm hỏi", "Tết gifts"],
  ["FOOD-RELIEF", "ALL", "Hỗ trợ thiếu đói giáp hạt", "Food relief in the lean season"],
];

export function buildProgrammes(): ProgrammeRow[] {
  return TREE.map(([code, parentCode, name, nameEn]) => ({ code, parentCode, name, nameEn }));
}
