import { describe, expect, it } from "vitest";
import { readValueForm } from "./value-form.ts";

describe("readValueForm: what the sentence says about a figure", () => {
  it.each<[string, string, "DECREASE" | "INCREASE" | null]>([
    ["5,96%", "tỷ lệ hộ nghèo chiếm 31,12% (giảm 5,96% so với năm 2022)", "DECREASE"],
    ["trên 4,2%", "Giảm trên 8.710 hộ nghèo, tỷ lệ hộ nghèo giảm đạt trên 4,2%, riêng đối với", "DECREASE"],
    ["4,44%", "toàn tỉnh Hà Giang giảm được 4,44% hộ nghèo", "DECREASE"],
    ["12,22%", "xuống còn 61,04%, tương đương giảm 12,22%", "DECREASE"],
    ["260,775 tỷ đồng", "đạt 5.272,359 tỷ đồng, tăng 260,775 tỷ đồng so với cuối năm 2024", "INCREASE"],
    ["22%", "đạt 644.000đ/người/tháng, vượt 22% so với mục tiêu", "INCREASE"],
    ["73,26%", "tỷ lệ nghèo đa chiều giảm từ 73,26% (2021) xuống còn 61,04%", null],
    ["61,04%", "tỷ lệ nghèo đa chiều giảm từ 73,26% (2021) xuống còn 61,04%", null],
    ["47.133 hộ", "đến năm 2016 giảm còn 47.133 hộ (chiếm tỷ lệ 34,49%)", null],
    ["14,38 triệu đồng", "tăng từ 9,5 triệu đồng/người/năm (2021) lên 14,38 triệu đồng/người/năm", null],
    ["31,12%", "tỷ lệ hộ nghèo chiếm 31,12% (giảm 5,96% so với năm 2022)", null],
  ])("%s in «%s» → %s", (text, quote, direction) => {
    expect(readValueForm(text, quote).direction).toBe(direction);
  });

  it("reads an average per year, but not 'bình quân đầu người'", () => {
    expect(readValueForm("4,47%", "tỷ lệ hộ nghèo giảm bình quân 4,47%/năm").perYear).toBe(true);
    expect(
      readValueForm(
        "6,37%",
        "bình quân mỗi năm tỷ lệ hộ nghèo trong đồng bào DTTS của tỉnh giảm 6,37% so với tổng số hộ",
      ).perYear,
    ).toBe(true);
    expect(
      readValueForm("trên 24,4 triệu đồng", "Thu nhập bình quân đầu người đạt trên 24,4 triệu đồng/người/năm").perYear,
    ).toBe(false);
  });

  it("reads a share and the base named after it", () => {
    const f = readValueForm("54,40%", "hộ nghèo DTTS 3.000 hộ, chiếm 54,40% số hộ nghèo toàn tỉnh");
    expect([f.share, f.base]).toEqual([true, "số hộ nghèo toàn tỉnh"]);
    expect(readValueForm("97,03%", "là 2.331.880 triệu đồng (chiếm 97,03%), nguồn vốn").base).toBeNull();
    expect(readValueForm("5,96%", "(giảm 5,96% so với năm 2022)").base).toBe("so với năm 2022");
  });

  it("makes A/B a plan only when the sentence speaks of one", () => {
    expect(
      readValueForm("727/700 lao động", "giải quyết việc làm 727/700 lao động, đạt 103,8% kế hoạch").outOfIsPlan,
    ).toBe(true);
    expect(readValueForm("6/11 huyện", "có 6/11 huyện, thành phố thuộc diện huyện nghèo").outOfIsPlan).toBe(false);
  });

  it("reads estimates in the sentence before the figure, not in words like 'nước'", () => {
    expect(
      readValueForm("khoảng 7,89%", "năm 2021; dự kiến đến cuối năm 2025, tỷ lệ này còn khoảng 7,89%").estimated,
    ).toBe(true);
    expect(
      readValueForm("10,89%", "giảm còn 10,89%, so với mức 21,66% năm 2021; dự kiến đến cuối năm 2025").estimated,
    ).toBe(false);
    expect(readValueForm("16 công trình", "xây dựng 16 công trình nước sạch trước đây").estimated).toBe(false);
  });

  it("refuses a text the quote does not hold", () => {
    expect(() => readValueForm("5%", "giảm 6%")).toThrow(/does not contain/);
  });
});

describe("readValueForm: the noun the sentence goes on with", () => {
  it("reads what follows the text, up to punctuation or a new phrase", () => {
    expect(
      readValueForm("gần 334 nghìn lượt", "gần 334 nghìn lượt hộ nghèo và các đối tượng chính sách khác được vay")
        .nounAfter,
    ).toBe("hộ nghèo");
    expect(
      readValueForm("hơn 155 nghìn lượt", "hơn 155 nghìn lượt lao động được tạo thêm việc làm mới").nounAfter,
    ).toBe("lao động");
    expect(readValueForm("9.604 hộ nghèo", "toàn tỉnh còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%").nounAfter).toBeNull();
  });
});
