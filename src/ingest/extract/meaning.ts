/**
 * What a number measures, for which programme and group, and whether it is an actual, a plan or a
 * target: read from the words around it, the nearest cue winning. Every decision names its cue.
 *
 * Windows: `left` is the clause before the number (from the last ";" or the sentence start),
 * `sentenceLeft` the whole sentence before it, `right` what follows the figure up to the next
 * number or the end of the clause.
 */
import { measureByCode } from "../../reference/measures.ts";
import { unitOfNoun } from "../parse/noun-units.ts";
import { readValueForm } from "../parse/value-form.ts";
import type { Cue, DraftUnit } from "./draft.ts";
import { countedUnit, type NumberCandidate } from "./numbers.ts";

export interface Windows {
  left: string;
  sentenceLeft: string;
  right: string;
  sentence: string;
}

export interface Meaning {
  measure: string | null;
  /** Why no measure fits, when none does. */
  unmapped: string | null;
  unit: DraftUnit;
  /** A change of a level ("giảm 2,2%", "tăng 260 tỷ"): its period runs from the comparison base. */
  change: boolean;
  /** A yearly average ("bình quân … /năm"). */
  average: boolean;
  /** A change's direction: "giảm" or "tăng". */
  direction: "DECREASE" | "INCREASE" | null;
  cues: Cue[];
}

const globalCache = new Map<RegExp, RegExp>();
const last = (text: string, re: RegExp): RegExpExecArray | null => {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
    globalCache.set(re, g);
  }
  g.lastIndex = 0;
  let found: RegExpExecArray | null = null;
  let m: RegExpExecArray | null;
  while ((m = g.exec(text))) {
    found = m;
    if (m[0] === "") g.lastIndex++;
  }
  return found;
};

const CHANGE_BEFORE =
  /(?:giảm|tăng|giảm được|tăng được|giảm thêm|tăng thêm)(?:\s+(?:bình quân|trung bình))?(?:\s+(?:mỗi năm|hàng năm|hằng năm))?(?:\s+(?:được|thêm))?\s*(?:(?:hơn|trên|gần|khoảng|từ|dưới)\s*)?$/iu;

/** The measure and unit of a figure. */
export function readMeaning(
  c: NumberCandidate,
  w: Windows,
  previous: { measure: string | null; family: string } | null,
): Meaning {
  const cues: Cue[] = [];
  // The clause's last words: what governs the number (anchored patterns on a long clause are slow).
  const before = w.left.slice(-200).replace(/\s+$/, " ");
  const isChange =
    (CHANGE_BEFORE.test(before) &&
      !/(?:xuống|còn)\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before) &&
      !/(?:tăng|giảm)\s+từ\s+$/iu.test(before)) ||
    /tương đương\s+(?:giảm|tăng)\s*$/iu.test(before) ||
    // "giảm tỷ lệ hộ nghèo bình quân từ 3% trở lên": the verb, its object, then the amount.
    (/(?:giảm|tăng)\s+(?:tỷ lệ|tỉ lệ)\s+[^,;\d]{0,40}$/iu.test(before) &&
      !/xuống|còn|(?:^|\s)từ\s+$/iu.test(before.slice(-25)) &&
      c.family === "PERCENT") ||
    (/giảm nghèo\s+(?:từ\s+)?$/iu.test(before) && c.family === "PERCENT") ||
    (/(?:giảm|tăng)\s+(?:tỷ lệ|tỉ lệ)\s+[^,;\d]{0,40}\s+từ\s+$/iu.test(before) &&
      /^\s*trở\s+(?:lên|xuống)|%\s*trở/u.test(c.text.slice(-12) + w.right.slice(0, 10)));
  // An average per year: the platform's reading ("bình quân mỗi năm", "mỗi năm", "bình quân … /năm") of a change or a "bình quân" amount.
  const perYear =
    (/bình quân|mỗi năm|hằng năm|hàng năm/iu.test(w.left) && readValueForm(c.text, clauseQuote(w)).perYear) ||
    (/bình quân\s*$/iu.test(before) && (c.perUnit === "/năm" || /^\s*\/\s*năm/u.test(w.right)));
  // "bình quân" makes an average over a span; "mỗi năm giảm 0,2%" without it is the same figure each year.
  const average = perYear && /bình quân|trung bình/iu.test(w.left.slice(-80));
  const verb = isChange ? last(before, /giảm|tăng/iu) : null;
  const direction = verb ? (/giảm/iu.test(verb[0]) ? "DECREASE" : "INCREASE") : null;
  const result = meaningWith(cues, isChange, average, direction);
  const subject = subjectOf(w.left);

  if (c.family === "PERCENT") {
    if (
      /^\s*(?:số\s+)?dân số/iu.test(w.right) ||
      /^\s*(?:là|của)?\s*(?:đồng bào|người)\s+(?:dân tộc|DTTS)/iu.test(w.right)
    ) {
      return result(null, "percent", "a share of the population, not a programme figure", "dân số");
    }
    if (/(?:đạt|bằng|được)\s*$/iu.test(before) && /^\s*(?:so với\s+)?(?:kế hoạch|KH|chỉ tiêu)/iu.test(w.right)) {
      return result(
        "plan_attainment",
        "percent",
        null,
        `${c.text} ${/^\s*(\S+\s+\S+)/.exec(w.right)?.[1] ?? ""}`.trim(),
      );
    }
    if (/^\s*so với\s+(?:mục tiêu|chỉ tiêu|kế hoạch)/iu.test(w.right) && /vượt\s*$/iu.test(before)) {
      return result(
        null,
        "percent",
        "how far a target was exceeded: the catalogue has no measure for it",
        "vượt … so với mục tiêu",
      );
    }
    if (isChange) {
      if (/^\s*số\s+hộ\s+nghèo/iu.test(w.right))
        return result("poverty_rate", "percentPoints", null, `giảm ${c.text} số hộ nghèo`);
      if (/^\s*(?:số\s+)\p{L}/iu.test(w.right))
        return result("reduction_share", "percent", null, `giảm ${c.text} số …`);
      const combined = /nghèo\s*(?:,|và)\s*(?:hộ\s+)?cận nghèo/iu.test(subject);
      if (/cận nghèo/iu.test(subject) && !combined)
        return result("near_poverty_rate", "percentPoints", null, "tỷ lệ hộ cận nghèo giảm");
      if (combined) return result("poor_near_poor_rate", "percentPoints", null, "tỷ lệ hộ nghèo, cận nghèo giảm");
      if (/nghèo/iu.test(subject) || /hộ nghèo/iu.test(w.right.slice(0, 20))) {
        return result(
          "poverty_rate",
          "percentPoints",
          null,
          `${/tỷ lệ[^,;]*nghèo|giảm nghèo|hộ nghèo/iu.exec(subject + w.right.slice(0, 20))?.[0] ?? "nghèo"} … giảm`,
        );
      }
      return result(null, "percent", "a change of a percentage the catalogue has no measure for", "giảm/tăng");
    }
    const shareOfPrevious = /chiếm(?:\s+tỷ lệ|\s+tỉ lệ)?\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before)
      ? previous?.measure
      : null;
    if (shareOfPrevious === "poor_households") return result("poverty_rate", "percent", null, "hộ nghèo …, chiếm");
    if (shareOfPrevious === "near_poor_households")
      return result("near_poverty_rate", "percent", null, "hộ cận nghèo …, chiếm");
    if (shareOfPrevious === "poor_near_poor_households")
      return result("poor_near_poor_rate", "percent", null, "hộ nghèo, cận nghèo …, chiếm");
    if (/nghèo\s*(?:,|và)\s*(?:hộ\s+)?cận nghèo/iu.test(subject))
      return result("poor_near_poor_rate", "percent", null, "tỷ lệ hộ nghèo, cận nghèo");
    if (/lao động qua đào tạo nghề\s+(?:đạt\s+)?(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before))
      return result("vocational_trained_labour_rate", "percent", null, "lao động qua đào tạo nghề");
    if (/lao động qua đào tạo/iu.test(before.slice(-60)))
      return result("trained_labour_rate", "percent", null, "tỷ lệ lao động qua đào tạo");
    const sharePrev = /chiếm(?:\s+tỷ lệ|\s+tỉ lệ)?\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before);
    if (/cận nghèo/iu.test(subject) || (sharePrev && previous?.measure === "near_poor_households")) {
      return result("near_poverty_rate", "percent", null, "tỷ lệ hộ cận nghèo");
    }
    if (
      (/(?:tỷ lệ|tỉ lệ)\s+(?:giảm\s+)?(?:hộ\s+)?nghèo|hộ nghèo|tỷ lệ này/iu.test(subject) &&
        !/thoát nghèo|giảm nghèo/iu.test(subject)) ||
      (sharePrev && previous?.measure === "poor_households")
    ) {
      return result("poverty_rate", "percent", null, "tỷ lệ hộ nghèo");
    }
    if (sharePrev) return result(null, "percent", "a share of a total: the catalogue has no share form yet", "chiếm");
    if (/^\s*(?:số\s+)?(?:người|hộ|học sinh|sinh viên|trẻ|lao động|công chức|xã|thôn|hộ gia đình)/iu.test(w.right)) {
      return result("coverage_rate", "percent", null, `${c.text} ${/^\s*(\S+)/.exec(w.right)?.[1] ?? ""}`.trim());
    }
    if (/thu nhập/iu.test(subject))
      return result(null, "percent", "an income change: the catalogue has no income measure", "thu nhập");
    return result(null, "percent", "a percentage the catalogue has no measure for", null);
  }

  if (c.family === "VND") {
    const per = (c.perUnit ?? "") + w.right.slice(0, 20);
    if (/thu nhập/iu.test(w.left.slice(-80)) || /^\/người/u.test(c.perUnit ?? "")) {
      const month = /\/\s*tháng/u.test(per);
      const poor = /hộ nghèo|người nghèo/iu.test(w.left.slice(-80));
      const code = `${poor ? "poor_" : ""}income_per_capita_${month ? "month" : "year"}_vnd`;
      if (!/\/\s*người/u.test(per) && !/đầu người/u.test(w.left.slice(-60)))
        return result(null, "VND", "an income that is not per person: the catalogue has no measure for it", "thu nhập");
      return result(code, "VND", null, `thu nhập${poor ? " của hộ nghèo" : ""} /người/${month ? "tháng" : "năm"}`);
    }
    const money: [RegExp, string][] = [
      [/dư nợ/iu, "loans_outstanding_vnd"],
      [/doanh số(?:\s+cho vay)?|cho vay|giải ngân|vốn vay/iu, "loans_disbursed_vnd"],
      [
        /kinh phí|số tiền|trị giá|tổng trị giá|vốn|đầu tư|hỗ trợ|ngân sách|huy động|vận động|phân bổ|bố trí|chi|nguồn lực|tiền/iu,
        "spending_vnd",
      ],
    ];
    let best: { at: number; measure: string; word: string } | null = null;
    for (const [re, measure] of money) {
      const m = last(w.left, re);
      if (m && (!best || m.index > best.at)) best = { at: m.index, measure, word: m[0] };
    }
    if (previous?.family === "VND" && previous.measure && /^\s*trong đó/iu.test(w.sentenceLeft))
      return result(previous.measure, "VND", null, "trong đó (part of the amount before)");
    if (
      best?.measure === "spending_vnd" &&
      /chương trình mục tiêu quốc gia|CTMTQG|MTQG/iu.test(w.sentence) &&
      !OTHER_PROGRAMME.test(w.sentence)
    )
      return result("programme_funds_vnd", "VND", null, `${best.word} … Chương trình mục tiêu quốc gia`);
    if (
      best?.measure === "spending_vnd" &&
      /nguồn vốn/iu.test(w.left) &&
      /tín dụng|cho vay|ngân hàng chính sách/iu.test(w.sentence)
    )
      return result("credit_funds_vnd", "VND", null, "nguồn vốn tín dụng");
    if (best) return result(best.measure, "VND", null, best.word);
    if (previous?.family === "VND" && previous.measure && /trong đó/iu.test(w.sentenceLeft))
      return result(previous.measure, "VND", null, "trong đó (part of the amount before)");
    return result("spending_vnd", "VND", null, "an amount of money (default)");
  }

  const noun = c.noun ?? "";
  const unit = unitOfNoun(noun) === "WORK" ? "works" : (countedUnit(noun) ?? "other");
  const around = `${w.left.slice(-80)} ${noun} ${w.right.slice(0, 40)}`;
  if (isChange && unit === "households") {
    const who = `${subject} ${noun}`;
    if (/nghèo\s*(?:,|và)\s*(?:hộ\s+)?cận nghèo/iu.test(who))
      return result("poor_near_poor_households", "households", null, "hộ nghèo, cận nghèo giảm");
    if (/cận nghèo/iu.test(who)) return result("near_poor_households", "households", null, "hộ cận nghèo giảm");
    if (/nghèo/iu.test(who)) return result("poor_households", "households", null, "hộ nghèo giảm");
  }
  if (isChange)
    return result(null, unit as DraftUnit, "a change of a count the catalogue has no level for", "giảm/tăng");
  const dyn = `${w.left.slice(-60)} ${noun} ${w.right.slice(0, 25)}`;
  if (unit === "households" && /thoát nghèo/iu.test(dyn) && !/mới thoát nghèo/iu.test(dyn))
    return result("households_escaped_poverty", "households", null, "thoát nghèo");
  if (unit === "households" && /tái nghèo/iu.test(dyn))
    return result("households_fallen_back", "households", null, "tái nghèo");
  if (unit === "households" && /phát sinh|nghèo mới/iu.test(dyn))
    return result("households_newly_poor", "households", null, "phát sinh mới");
  if (/nhân khẩu|khẩu/u.test(noun) && /phát sinh|nghèo mới/iu.test(w.sentence))
    return result("persons_newly_poor", "persons", null, "nhân khẩu … phát sinh mới");
  if (c.outOf && /huyện nghèo/iu.test(w.sentence) && /^huyện/u.test(noun))
    return result("poor_districts", "other", null, "huyện … huyện nghèo");
  if (c.outOf && /đặc biệt khó khăn/iu.test(w.sentence) && /^xã/u.test(noun))
    return result("difficult_communes", "other", null, "xã … đặc biệt khó khăn");
  if (/^mô hình/u.test(noun)) return result("livelihood_models", "other", null, "mô hình");
  if (/^dự án/u.test(noun)) return result("projects", "other", null, "dự án");
  if (/^chương trình/u.test(noun) && /vay|tín dụng/iu.test(w.sentence))
    return result("credit_programmes", "other", null, "chương trình cho vay");
  if (/^khách hàng/u.test(noun)) return result("borrowers", "households", null, "khách hàng");
  if (unit === "works" && /nước sạch|vệ sinh/iu.test(dyn))
    return result("water_sanitation_works", "works", null, "công trình nước sạch, vệ sinh");
  switch (unit) {
    case "occasions":
      if (/^lượt thẻ/u.test(noun)) return result("health_insurance_cards", "cards", null, "lượt thẻ");
      return result("occasions_supported", "occasions", null, "lượt");
    case "cards":
      return result("health_insurance_cards", "cards", null, "thẻ");
    case "households": {
      const level =
        /(?:còn|tổng số hộ|số hộ (?:nghèo|cận nghèo)[^,;]*?(?:là|có)|hiện có|toàn (?:tỉnh|huyện|xã) có)\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(
          before,
        ) ||
        (/hộ (?:cận )?nghèo[^,;]{0,60}(?:là|có|còn)\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before) &&
          !/vay|hỗ trợ|hưởng|được/iu.test(w.left.slice(-40))) ||
        (/(?:tổng )?số hộ (?:cận )?nghèo(?:(?!vay|hỗ trợ|hưởng|được)[^.;])*$/iu.test(w.sentenceLeft.slice(-120)) &&
          /(?:là|có|còn|nghèo|hơn|trên|gần|khoảng|dưới)\s*$/iu.test(before)) ||
        (/^(?:hộ\s+)?(?:nghèo|cận nghèo)/u.test(noun.replace(/^hộ\s+/u, "")) &&
          /(?:còn|là|có)\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before) &&
          !/vay|hỗ trợ|hưởng|được/iu.test(w.left.slice(-40)));
      const support = /vay|hỗ trợ|thụ hưởng|hưởng lợi|được|tham gia|giúp|cho|cấp|khách hàng/iu.test(
        `${w.left.slice(-50)} ${noun} ${w.right.slice(0, 25)}`,
      );
      if ((level && !support) || (level && /(?:còn|tổng số)\s*(?:(?:hơn|trên|gần|khoảng|dưới)\s*)?$/iu.test(before))) {
        if (
          /cận nghèo/iu.test(`${subject.slice(-60)} ${noun}`) &&
          !/nghèo\s*(?:,|và)\s*(?:hộ\s+)?cận nghèo/iu.test(`${subject} ${noun}`)
        )
          return result("near_poor_households", "households", null, "hộ cận nghèo");
        if (/nghèo/iu.test(`${subject} ${noun}`) || /hộ nghèo/iu.test(w.sentenceLeft))
          return result("poor_households", "households", null, "hộ nghèo … còn/là");
        return result("households", "households", null, "số hộ");
      }
      return result(
        "households_supported",
        "households",
        null,
        support ? "hộ … được hỗ trợ/vay/hưởng" : "hộ (default)",
      );
    }
    case "workers":
    case "persons":
    case "students": {
      const ctx = `${w.left.slice(-80)} ${noun} ${w.right.slice(0, 30)}`;
      const u: DraftUnit = unit === "students" ? "students" : unit === "workers" ? "workers" : "persons";
      if (/nước ngoài[^,;.]{0,30}(?:và|hoặc)[^,;.]{0,20}(?:tỉnh|trong nước)|ngoài tỉnh/iu.test(ctx))
        return result("workers_sent_away", u, null, "ngoài tỉnh, nước ngoài");
      if (/nước ngoài|xuất khẩu lao động/iu.test(ctx)) return result("workers_abroad", u, null, "nước ngoài");
      if (/(?:đào tạo|học nghề|dạy nghề)[^,;.]{0,12}ngắn hạn/iu.test(ctx))
        return result("workers_trained_short_term", u, null, "đào tạo nghề ngắn hạn");
      const training = last(ctx, /đào tạo|học nghề|dạy nghề/iu);
      const jobs = last(ctx, /việc làm/iu);
      if (training && (!jobs || training.index > jobs.index)) return result("workers_trained", u, null, "đào tạo nghề");
      if (/việc làm/iu.test(ctx)) return result("workers_employed", u, null, "việc làm");
      if (/nhân khẩu|khẩu/u.test(noun))
        return result(null, u, "persons in households: the catalogue has no measure for it", noun);
      return result("persons_supported", u, null, "người được hỗ trợ");
    }
    case "houses": {
      const verb = last(
        w.left,
        /xây dựng mới|xây mới|xây dựng|làm mới|sửa chữa|xóa|xoá|hoàn thành|bàn giao|khởi công/iu,
      );
      const both = /(?:xây(?: dựng)?(?: mới)?\s*(?:,|và)\s*sửa chữa)|sửa chữa\s*(?:,|và)\s*xây/iu.test(
        w.left.slice(-60),
      );
      if (both) return result("houses_built_or_repaired", "houses", null, "xây mới, sửa chữa");
      if (verb && /sửa chữa/iu.test(verb[0])) return result("houses_repaired", "houses", null, verb[0]);
      return result("houses_built", "houses", null, verb?.[0] ?? "nhà (default: built)");
    }
    case "tonnes":
      return /gạo/iu.test(around)
        ? result("rice_tonnes", "tonnes", null, "gạo")
        : result(null, "tonnes", "tonnes of something other than rice", noun);
    case "gifts":
      return result("gift_packages", "gifts", null, noun);
    case "works":
      return result("infrastructure_works", "works", null, noun);
    case "items":
      return result("communication_items", "items", null, noun);
    default:
      return result(null, "other", `"${noun}": the catalogue has no measure for it`, noun);
  }
}

/**
 * The reading of a figure once its measure is decided. Made by a factory, not as a named arrow in
 * readMeaning: tsx (esbuild keepNames) renames every named closure each time it is created.
 */
function meaningWith(cues: Cue[], change: boolean, average: boolean, direction: Meaning["direction"]) {
  return (measure: string | null, unit: DraftUnit, unmapped: string | null, cue: string | null): Meaning => {
    if (cue) cues.push({ field: "measure", text: cue });
    if (measure && !measureByCode(measure))
      return {
        measure: null,
        unit,
        unmapped: `the catalogue has no measure "${measure}"`,
        change,
        average,
        direction,
        cues,
      };
    return { measure, unit, unmapped, change, average, direction, cues };
  };
}

/** The sentence around a figure between the ";" before and after it: all value-form reads. */
export function clauseQuote(w: Windows): string {
  const cut = w.sentenceLeft.lastIndexOf(";");
  const from = cut < 0 ? 0 : cut + 1;
  const at = w.sentenceLeft.length;
  const next = w.sentence.indexOf(";", at);
  return w.sentence.slice(from, next < 0 ? w.sentence.length : next);
}

const OTHER_PROGRAMME =
  /bảo hiểm y tế|BHYT|học phí|học tập|ăn trưa|bán trú|tiền điện|pháp lý|đại đoàn kết|tín dụng|cho vay|dư nợ|quà/iu;

/** The subject of the clause: its words before the verb that governs the number. */
function subjectOf(left: string): string {
  return left.slice(-160);
}

const PROGRAMMES: [RegExp, string][] = [
  [/bảo hiểm y tế|BHYT/iu, "HEALTH-INSURANCE"],
  [/ăn trưa/iu, "EDU-LUNCH"],
  [/bán trú/iu, "EDU-BOARDING"],
  [/gạo[^.;]{0,40}học sinh|học sinh[^.;]{0,40}gạo/iu, "EDU-RICE"],
  [/chi phí học tập/iu, "EDU-STUDY-COSTS"],
  [/học phí/iu, "EDU-TUITION"],
  [/tiền điện/iu, "ELECTRICITY"],
  [/trợ giúp pháp lý/iu, "LEGAL-AID"],
  [/đại đoàn kết|vì người nghèo/iu, "GREAT-UNITY-HOUSES"],
  [/quà|Tết/u, "TET-GIFTS"],
  [/thiếu đói|cứu đói|giáp hạt/iu, "FOOD-RELIEF"],
  [/tín dụng|vay vốn|cho vay|dư nợ|ngân hàng chính sách|NHCSXH|vốn vay|giải ngân/iu, "CREDIT"],
  [/nhà ở|làm nhà|xây nhà|nhà tạm|dột nát/iu, "HOUSING"],
  [/mô hình giảm nghèo|đa dạng hóa sinh kế|đa dạng hoá sinh kế|sinh kế/iu, "NTP-P2"],
  [/hỗ trợ (?:phát triển )?sản xuất|dự án hỗ trợ sản xuất/iu, "NTP-P3"],
  [/đào tạo nghề|học nghề|dạy nghề|việc làm|xuất khẩu lao động|làm việc (?:ở|tại) nước ngoài/iu, "NTP-P4"],
  [/truyền thông|tin, bài|tuyên truyền/iu, "NTP-P6"],
  [/chương trình mục tiêu quốc gia|CTMTQG|MTQG/iu, "NTP"],
];

const CREDIT_TYPES: [RegExp, string][] = [
  [/(?:vay|cho vay)[^.;,]{0,20}(?:nhà ở|làm nhà)|(?:nhà ở|làm nhà)[^.;,]{0,10}vay/iu, "CREDIT-HOUSING"],
  [/(?:vay|cho vay)[^.;,]{0,20}(?:nước ngoài|xuất khẩu lao động)|(?:nước ngoài|xuất khẩu lao động)/iu, "CREDIT-ABROAD"],
  [/(?:vay|cho vay)[^.;,]{0,20}việc làm|việc làm[^.;,]{0,20}vay|giải quyết việc làm/iu, "CREDIT-JOBS"],
  [/học sinh,? sinh viên/iu, "CREDIT-STUDENTS"],
  [/mới thoát nghèo/iu, "CREDIT-ESCAPED"],
  [/(?:cho vay|vay)\s+(?:vốn\s+)?hộ cận nghèo|hộ cận nghèo[^.;,]{0,10}vay/iu, "CREDIT-NEAR-POOR"],
  [/(?:cho vay|vay)\s+(?:vốn\s+)?hộ nghèo|hộ nghèo[^.;,]{0,10}vay/iu, "CREDIT-POOR"],
];

/**
 * One pattern that matches wherever any of `patterns` does (case-insensitively, so a little more):
 * a single scan rules out a text none of them is in before each is looked for in turn.
 */
function anyOf(patterns: [RegExp, string][]): RegExp {
  return new RegExp(patterns.map(([re]) => `(?:${re.source})`).join("|"), "iu");
}
const ANY_PROGRAMME = anyOf(PROGRAMMES);
const ANY_CREDIT_TYPE = anyOf(CREDIT_TYPES);

// The sentence's first programme cue is the same for every number of the sentence: read once.
let sentenceCue: { sentence: string; cue: { at: number; code: string; word: string } | null } | null = null;

/** The earliest programme cue anywhere in the sentence. */
function firstProgrammeCue(sentence: string): { at: number; code: string; word: string } | null {
  if (sentenceCue?.sentence === sentence) return sentenceCue.cue;
  let first: { at: number; code: string; word: string } | null = null;
  if (ANY_PROGRAMME.test(sentence)) {
    for (const [re, code] of PROGRAMMES) {
      const m = re.exec(sentence);
      if (m && (!first || m.index < first.at)) first = { at: m.index, code, word: m[0] };
    }
  }
  sentenceCue = { sentence, cue: first };
  return first;
}

/** The programme: the nearest programme cue before the number in the sentence, else anywhere in it. */
export function readProgramme(
  w: Windows,
  noun: string | null,
  periodStart: string | null,
): { programme: string; cue: Cue | null } {
  const near = `${w.left} ${noun ?? ""}`;
  let best: { at: number; code: string; word: string } | null = null;
  for (const [re, code] of ANY_PROGRAMME.test(near) ? PROGRAMMES : []) {
    const m = last(near, re);
    if (m && (!best || m.index > best.at)) best = { at: m.index, code, word: m[0] };
  }
  best ??= firstProgrammeCue(w.sentence);
  if (!best) return { programme: "ALL", cue: null };
  const ntp2021 = (periodStart ?? "2021") >= "2021";
  let code = best.code;
  if (code === "NTP") code = ntp2021 ? "NTP-2021" : "NTP-2016";
  else if (code.startsWith("NTP-P")) code = ntp2021 ? `NTP-2021-${code.slice(4)}` : "NTP-2016";
  if (code === "NTP-2021-P4" && /nước ngoài|xuất khẩu lao động/iu.test(near)) code = "NTP-2021-P4-ABROAD";
  if (code === "HEALTH-INSURANCE") {
    const after = w.right.slice(0, 60) + " " + (noun ?? "");
    if (/cận nghèo/iu.test(after)) code = "HEALTH-INSURANCE-NEAR-POOR";
    else if (/người nghèo|hộ nghèo/iu.test(after)) code = "HEALTH-INSURANCE-POOR";
  }
  if (code === "CREDIT") {
    const local = `${w.left.slice(-70)} ${noun ?? ""}`;
    let type: { at: number; code: string } | null = null;
    for (const [re, t] of ANY_CREDIT_TYPE.test(local) ? CREDIT_TYPES : []) {
      const m = last(local, re);
      if (m && (!type || m.index > type.at)) type = { at: m.index, code: t };
    }
    if (type) code = type.code;
  }
  return { programme: code, cue: { field: "programme", text: best.word } };
}

const MINORITY = /dân tộc thiểu số|DTTS|đồng bào dân tộc|người dân tộc|đồng bào/u;

/** DTTS when the counted noun or the clause's subject names ethnic minorities (not as one item of a list). */
export function readEthnicity(
  w: Windows,
  noun: string | null,
  carried: boolean,
): { ethnicity: string; cue: Cue | null } {
  const nounRight = `${noun ?? ""} ${/^[^,;.()]{0,30}/u.exec(w.right)?.[0] ?? ""}`;
  if (
    MINORITY.test(noun ?? "") ||
    /^\s*(?:hộ\s+)?(?:nghèo\s+)?(?:là\s+)?(?:đồng bào|người)?\s*(?:dân tộc thiểu số|DTTS)/u.test(nounRight)
  ) {
    return { ethnicity: "DTTS", cue: { field: "ethnicity", text: nounRight.trim() } };
  }
  const m = last(w.sentenceLeft, MINORITY);
  if (m) {
    const before = w.sentenceLeft.slice(Math.max(0, m.index - 30), m.index);
    const listItem =
      /(?:,|\svà)\s*(?:người|hộ|các|cho)?\s*$/u.test(before) && /nghèo|khuyết tật|cao tuổi|trẻ em|phụ nữ/u.test(before);
    const region = /vùng\s*$|khu vực\s*$|miền núi\s*(?:và\s*)?$/u.test(before);
    const demographic = /dân số/u.test(w.sentenceLeft.slice(Math.max(0, m.index - 40), m.index));
    if (!listItem && !region && !demographic) return { ethnicity: "DTTS", cue: { field: "ethnicity", text: m[0] } };
  }
  if (carried)
    return { ethnicity: "DTTS", cue: { field: "ethnicity", text: 'the sentence before ("Cụ thể", "Với tỷ lệ này")' } };
  return { ethnicity: "ALL", cue: null };
}

export interface KindReading {
  kind: "ACTUAL" | "PLAN" | "TARGET";
  estimate: boolean;
  cue: Cue | null;
}

const TARGET_WORDS = /phấn đấu|mục tiêu|chỉ tiêu|định hướng|kế hoạch đề ra/iu;

export function readKind(w: Windows, targetScope: string | null, measure: string | null): KindReading {
  const estimate = /(?:^|\s)(?:ước|ước tính|ước đạt|dự kiến|dự tính)(?!\p{L})/iu.test(w.left.slice(-60));
  if (measure === "plan_attainment") return { kind: "ACTUAL", estimate, cue: null };
  const target = last(
    w.sentenceLeft.replace(
      /so với\s+(?:mục tiêu|chỉ tiêu|kế hoạch)|(?:chương trình\s+)?mục tiêu quốc gia|CTMTQG/giu,
      "___",
    ),
    TARGET_WORDS,
  );
  if (target) return { kind: "TARGET", estimate, cue: { field: "kind", text: target[0] } };
  const plan = last(
    w.left.slice(-70),
    /dự kiến|dự tính|được phân bổ|phân bổ|bố trí|được giao|kế hoạch vốn|dự toán|kế hoạch năm/iu,
  );
  if (plan) return { kind: "PLAN", estimate: /dự kiến|dự tính/iu.test(plan[0]), cue: { field: "kind", text: plan[0] } };
  if (targetScope) return { kind: "TARGET", estimate, cue: { field: "kind", text: targetScope } };
  return { kind: "ACTUAL", estimate, cue: estimate ? { field: "estimate", text: "ước" } : null };
}

/** A sentence that opens a list of targets for its paragraph ("đề ra mục tiêu cụ thể là:"). */
export function opensTargetScope(sentence: string): string | null {
  const m =
    /(?:mục tiêu|chỉ tiêu|phấn đấu|kế hoạch)[^.:]{0,60}:/iu.exec(sentence) ??
    /đề ra (?:một số )?mục tiêu/iu.exec(sentence);
  return m ? m[0] : null;
}
