export interface ProgrammeRow {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
}

export const ROOT_PROGRAMME = "ALL";

/** The programme tree: the national target programmes with their projects and the regular policies. */
const TREE: [code: string, parent: string | null, name: string, nameEn: string][] = [
  ["ALL", null, "Tất cả chương trình, chính sách giảm nghèo", "All poverty-reduction programmes and policies"],
  [
    "NTP-2016",
    "ALL",
    "CTMTQG Giảm nghèo bền vững 2016-2020",
    "National Target Programme for Sustainable Poverty Reduction 2016-2020",
  ],
  [
    "NTP-2016-30A",
    "NTP-2016",
    "Dự án 1: Chương trình 30a (huyện nghèo)",
    "Project 1: the 30a programme for poor districts",
  ],
  [
    "NTP-2016-135",
    "NTP-2016",
    "Dự án 2: Chương trình 135 (xã, thôn đặc biệt khó khăn)",
    "Project 2: Programme 135 for extremely difficult communes and villages",
  ],
  [
    "NTP-2016-P3",
    "NTP-2016",
    "Dự án 3: Hỗ trợ sản xuất, đa dạng hóa sinh kế, nhân rộng mô hình ngoài 30a, 135",
    "Project 3: production, livelihoods and model replication outside 30a and 135",
  ],
  [
    "NTP-2016-P4",
    "NTP-2016",
    "Dự án 4: Truyền thông và giảm nghèo về thông tin",
    "Project 4: communication and information poverty",
  ],
  [
    "NTP-2016-P5",
    "NTP-2016",
    "Dự án 5: Nâng cao năng lực, giám sát, đánh giá",
    "Project 5: capacity building and monitoring",
  ],
  [
    "NTP-2021",
    "ALL",
    "CTMTQG Giảm nghèo bền vững 2021-2025",
    "National Target Programme for Sustainable Poverty Reduction 2021-2025",
  ],
  [
    "NTP-2021-P1",
    "NTP-2021",
    "Dự án 1: Hạ tầng huyện nghèo, xã ĐBKK vùng bãi ngang, ven biển",
    "Project 1: infrastructure in poor districts and difficult coastal communes",
  ],
  [
    "NTP-2021-P2",
    "NTP-2021",
    "Dự án 2: Đa dạng hóa sinh kế, mô hình giảm nghèo",
    "Project 2: livelihood diversification and poverty-reduction models",
  ],
  [
    "NTP-2021-P3",
    "NTP-2021",
    "Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng",
    "Project 3: production support and nutrition",
  ],
  [
    "NTP-2021-P3-COMMUNITY",
    "NTP-2021-P3",
    "Dự án hỗ trợ phát triển sản xuất cộng đồng",
    "Community production-support projects",
  ],
  [
    "NTP-2021-P3-CHAIN",
    "NTP-2021-P3",
    "Dự án hỗ trợ phát triển sản xuất liên kết chuỗi giá trị",
    "Value-chain production projects",
  ],
  [
    "NTP-2021-P4",
    "NTP-2021",
    "Dự án 4: Giáo dục nghề nghiệp, việc làm bền vững",
    "Project 4: vocational training and sustainable employment",
  ],
  [
    "NTP-2021-P4-ABROAD",
    "NTP-2021-P4",
    "Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng",
    "Contract work abroad",
  ],
  [
    "NTP-2021-P5",
    "NTP-2021",
    "Dự án 5: Hỗ trợ nhà ở hộ nghèo, hộ cận nghèo",
    "Project 5: housing for poor and near-poor households",
  ],
  [
    "NTP-2021-P6",
    "NTP-2021",
    "Dự án 6: Truyền thông và giảm nghèo về thông tin",
    "Project 6: communication and information poverty",
  ],
  [
    "NTP-2021-P7",
    "NTP-2021",
    "Dự án 7: Nâng cao năng lực, giám sát, đánh giá",
    "Project 7: capacity building and monitoring",
  ],
  // Decision 1719/QĐ-TTg: the National Target Programme for ethnic-minority and mountainous areas 2021-2030, in 10 projects.
  [
    "NTP-EM",
    "ALL",
    "CTMTQG phát triển KT-XH vùng đồng bào DTTS và miền núi (1719)",
    "National Target Programme for ethnic-minority and mountainous areas (1719)",
  ],
  [
    "NTP-EM-P1",
    "NTP-EM",
    "Dự án 1: Đất ở, nhà ở, đất sản xuất, nước sinh hoạt",
    "Project 1: residential land, housing, production land, domestic water",
  ],
  ["NTP-EM-P2", "NTP-EM", "Dự án 2: Quy hoạch, sắp xếp, ổn định dân cư", "Project 2: planning and resettlement"],
  [
    "NTP-EM-P3",
    "NTP-EM",
    "Dự án 3: Phát triển sản xuất nông, lâm nghiệp bền vững, chuỗi giá trị",
    "Project 3: sustainable farming and forestry, value chains",
  ],
  [
    "NTP-EM-P4",
    "NTP-EM",
    "Dự án 4: Hạ tầng thiết yếu vùng đồng bào DTTS và miền núi",
    "Project 4: essential infrastructure",
  ],
  [
    "NTP-EM-P5",
    "NTP-EM",
    "Dự án 5: Giáo dục, đào tạo, nguồn nhân lực",
    "Project 5: education, training and human resources",
  ],
  ["NTP-EM-P6", "NTP-EM", "Dự án 6: Bảo tồn văn hóa gắn với du lịch", "Project 6: culture and tourism"],
  ["NTP-EM-P7", "NTP-EM", "Dự án 7: Chăm sóc sức khỏe, dinh dưỡng", "Project 7: health and nutrition"],
  [
    "NTP-EM-P8",
    "NTP-EM",
    "Dự án 8: Bình đẳng giới, phụ nữ và trẻ em",
    "Project 8: gender equality, women and children",
  ],
  [
    "NTP-EM-P9",
    "NTP-EM",
    "Dự án 9: Dân tộc rất ít người, còn nhiều khó khăn",
    "Project 9: very small and most disadvantaged groups",
  ],
  [
    "NTP-EM-P10",
    "NTP-EM",
    "Dự án 10: Truyền thông, chuyển đổi số, kiểm tra, giám sát",
    "Project 10: communication, digitalisation, monitoring",
  ],
  [
    "PROGRAMME-135",
    "ALL",
    "Chương trình 135 (ngoài các giai đoạn của CTMTQG)",
    "Programme 135 (outside the national target programmes' projects)",
  ],
  [
    "PROGRAMME-30A",
    "ALL",
    "Nghị quyết 30a/2008/NQ-CP (ngoài CTMTQG 2016-2020)",
    "Resolution 30a/2008 for poor districts (outside the 2016-2020 programme)",
  ],
  [
    "EM-LAND-WATER",
    "ALL",
    "Hỗ trợ đất ở, đất sản xuất, nước sinh hoạt hộ DTTS nghèo (QĐ 755, 2085)",
    "Land and water support for poor ethnic-minority households (Decisions 755, 2085)",
  ],
  ["HEALTH-INSURANCE", "ALL", "Hỗ trợ thẻ bảo hiểm y tế", "Health-insurance cards (BHYT)"],
  ["HEALTH-INSURANCE-POOR", "HEALTH-INSURANCE", "BHYT cho người nghèo", "Health insurance for the poor"],
  ["HEALTH-INSURANCE-NEAR-POOR", "HEALTH-INSURANCE", "BHYT cho người cận nghèo", "Health insurance for the near-poor"],
  [
    "HEALTH-INSURANCE-SOCIAL",
    "HEALTH-INSURANCE",
    "BHYT cho đối tượng bảo trợ xã hội, người cao tuổi, trẻ em",
    "Health insurance for social-assistance recipients, the elderly, children",
  ],
  ["EDUCATION", "ALL", "Hỗ trợ giáo dục", "Education support"],
  ["EDU-TUITION", "EDUCATION", "Miễn, giảm học phí", "Tuition exemption and reduction"],
  ["EDU-STUDY-COSTS", "EDUCATION", "Hỗ trợ chi phí học tập", "Study costs"],
  ["EDU-LUNCH", "EDUCATION", "Hỗ trợ tiền ăn trưa trẻ mẫu giáo", "Lunch for pre-school children"],
  ["EDU-BOARDING", "EDUCATION", "Hỗ trợ học sinh bán trú", "Boarding pupils"],
  ["EDU-RICE", "EDUCATION", "Hỗ trợ gạo cho học sinh", "Rice for pupils"],
  [
    "CREDIT",
    "ALL",
    "Tín dụng ưu đãi (Ngân hàng Chính sách xã hội)",
    "Preferential credit (Vietnam Bank for Social Policies)",
  ],
  ["CREDIT-POOR", "CREDIT", "Cho vay hộ nghèo", "Loans to poor households"],
  ["CREDIT-NEAR-POOR", "CREDIT", "Cho vay hộ cận nghèo", "Loans to near-poor households"],
  ["CREDIT-ESCAPED", "CREDIT", "Cho vay hộ mới thoát nghèo", "Loans to newly-escaped households"],
  ["CREDIT-HOUSING", "CREDIT", "Cho vay làm nhà ở", "Housing loans"],
  ["CREDIT-JOBS", "CREDIT", "Cho vay giải quyết việc làm", "Job-creation loans"],
  ["CREDIT-STUDENTS", "CREDIT", "Cho vay học sinh, sinh viên", "Student loans"],
  ["CREDIT-ABROAD", "CREDIT", "Cho vay đi làm việc ở nước ngoài theo hợp đồng", "Loans for contract work abroad"],
  [
    "CREDIT-WATER",
    "CREDIT",
    "Cho vay nước sạch và vệ sinh môi trường nông thôn",
    "Rural clean-water and sanitation loans",
  ],
  [
    "CREDIT-DIFFICULT-AREA",
    "CREDIT",
    "Cho vay hộ sản xuất kinh doanh tại vùng khó khăn",
    "Business loans in difficult areas",
  ],
  [
    "CREDIT-DECREE-28",
    "CREDIT",
    "Cho vay theo Nghị định 28/2022/NĐ-CP (CTMTQG 1719)",
    "Loans under Decree 28/2022 (the 1719 programme)",
  ],
  ["CREDIT-EM", "CREDIT", "Cho vay hộ DTTS đặc biệt khó khăn", "Loans to extremely poor ethnic-minority households"],
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
