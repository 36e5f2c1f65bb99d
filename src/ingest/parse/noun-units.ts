/**
 * The measure unit a counted noun implies: "lượt hộ nghèo" → OCCASION, "thẻ" → CARD.
 *
 * Matching is on the leading words of the noun (the head noun comes first in Vietnamese:
 * "hộ nghèo", "nhà Đại đoàn kết"), longest phrase first, so "lượt thẻ" (CARD) wins over "lượt"
 * (OCCASION) and "nhà văn hóa" (a village hall: WORK) over "nhà" (HOUSE). Commas between
 * alternatives are ignored ("tin, bài"). Old and new tone placement ("hoá"/"hóa") are the same.
 * Unknown nouns give null: the caller cannot check what it does not recognise.
 */
import type { OccasionKind, Unit } from "../../reference/measures.ts";

const PHRASES: [string, Unit][] = [
  // "lượt" counts occasions and double-counts people, except "lượt thẻ": a card issued per occasion.
  ["lượt thẻ", "CARD"],
  ["lượt", "OCCASION"],
  ["thẻ", "CARD"],
  ["hộ", "HOUSEHOLD"],
  ["gia đình", "HOUSEHOLD"],
  ["người", "PERSON"],
  ["lao động", "PERSON"],
  ["học sinh", "PERSON"],
  ["sinh viên", "PERSON"],
  ["trẻ", "PERSON"],
  ["cháu", "PERSON"],
  ["hội viên", "PERSON"],
  ["đoàn viên", "PERSON"],
  ["cán bộ", "PERSON"],
  ["công chức", "PERSON"],
  ["giáo viên", "PERSON"],
  ["phụ nữ", "PERSON"],
  ["nhân khẩu", "PERSON"],
  ["khẩu", "PERSON"],
  ["đối tượng", "PERSON"],
  ["bệnh nhân", "PERSON"],
  ["đồng bào", "PERSON"],
  ["em", "PERSON"],
  ["nhà văn hóa", "WORK"],
  ["nhà sinh hoạt cộng đồng", "WORK"],
  ["nhà", "HOUSE"],
  ["căn", "HOUSE"],
  ["ngôi nhà", "HOUSE"],
  ["tấn", "TONNE"],
  ["suất", "GIFT"],
  ["phần quà", "GIFT"],
  ["gói quà", "GIFT"],
  ["quà", "GIFT"],
  ["cầu", "WORK"],
  ["công trình", "WORK"],
  ["tuyến đường", "WORK"],
  ["phòng học", "WORK"],
  ["trạm", "WORK"],
  ["tin", "ITEM"],
  ["bài", "ITEM"],
  ["lớp", "ITEM"],
  ["buổi", "ITEM"],
  ["cuộc", "ITEM"],
  ["hội nghị", "ITEM"],
  ["tờ rơi", "ITEM"],
  ["tài liệu", "ITEM"],
  ["bản tin", "ITEM"],
  ["ấn phẩm", "ITEM"],
  ["khách hàng", "HOUSEHOLD"],
  ["căn nhà", "HOUSE"],
  ["mô hình", "MODEL"],
  ["dự án", "PROJECT"],
  ["tiểu dự án", "PROJECT"],
  ["chương trình", "PROGRAMME"],
  ["bể", "ITEM"],
  ["téc", "ITEM"],
  ["bồn", "ITEM"],
  ["ha", "HECTARE"],
  ["héc ta", "HECTARE"],
  ["hécta", "HECTARE"],
  // Administrative units counted ("6/11 huyện", "7/44 xã"): never households or persons.
  ["huyện", "DISTRICT"],
  ["thị xã", "DISTRICT"],
  ["thành phố", "DISTRICT"],
  ["quận", "DISTRICT"],
  ["xã", "COMMUNE"],
  ["phường", "COMMUNE"],
  ["thị trấn", "COMMUNE"],
  ["thôn", "VILLAGE"],
  ["bản", "VILLAGE"],
  ["làng", "VILLAGE"],
  ["buôn", "VILLAGE"],
  ["tổ dân phố", "VILLAGE"],
  ["ấp", "VILLAGE"],
];

// Old-style tone marks sit on the first vowel of oa/oe/uy ("hoá"); the new style on the second ("hóa").
const OLD_TONE: [RegExp, string][] = [
  [/òa/g, "oà"],
  [/óa/g, "oá"],
  [/ỏa/g, "oả"],
  [/õa/g, "oã"],
  [/ọa/g, "oạ"],
  [/òe/g, "oè"],
  [/óe/g, "oé"],
  [/ỏe/g, "oẻ"],
  [/õe/g, "oẽ"],
  [/ọe/g, "oẹ"],
  [/ùy/g, "uỳ"],
  [/úy/g, "uý"],
  [/ủy/g, "uỷ"],
  [/ũy/g, "uỹ"],
  [/ụy/g, "uỵ"],
];

const OLD_TONE_TO = new Map(OLD_TONE.map(([re, to]) => [re.source, to]));
const OLD_TONE_ALL = new RegExp(OLD_TONE.map(([re]) => re.source).join("|"), "g");
const OLD_TONE_ANY = new RegExp(OLD_TONE_ALL.source);

function canonical(text: string): string {
  const s = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/["“”'‘’,;.]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // One pass for all of OLD_TONE (no replacement makes another's match).
  return OLD_TONE_ANY.test(s) ? s.replace(OLD_TONE_ALL, (m) => OLD_TONE_TO.get(m)!) : s;
}

const BY_WORDS = PHRASES.map(([phrase, unit]) => ({ words: canonical(phrase).split(" "), unit })).sort(
  (a, b) => b.words.length - a.words.length,
);

export function unitOfNoun(noun: string | null): Unit | null {
  if (noun === null) return null;
  const words = canonical(noun).split(" ").filter(Boolean);
  const hit = BY_WORDS.find((p) => p.words.every((w, i) => words[i] === w));
  return hit?.unit ?? null;
}

// What follows "lượt": pupils first (they are persons too), loans, then households and persons.
const OCCASION_PHRASES: [string, OccasionKind][] = [
  ["học sinh", "PUPIL"],
  ["sinh viên", "PUPIL"],
  ["trẻ", "PUPIL"],
  ["cháu", "PUPIL"],
  ["em", "PUPIL"],
  ["vay", "LOAN"],
  ["khách hàng", "LOAN"],
  ["hộ vay", "LOAN"],
];
const OCCASION_BY_WORDS = OCCASION_PHRASES.map(([phrase, kind]) => ({
  words: canonical(phrase).split(" "),
  kind,
})).sort((a, b) => b.words.length - a.words.length);

/**
 * What the occasions of a "lượt …" noun count: "lượt học sinh" → PUPIL, "lượt hộ nghèo" → HOUSEHOLD,
 * "lượt hộ vay" → LOAN, "lượt người dân" → PERSON. Null for a noun that is not "lượt …" or does
 * not say what is counted ("lượt" alone): the import cannot tell, so it refuses the figure.
 */
export function occasionKindOfNoun(noun: string | null): OccasionKind | null {
  if (unitOfNoun(noun) !== "OCCASION") return null;
  const rest = canonical(noun!).split(" ").filter(Boolean).slice(1);
  const hit = OCCASION_BY_WORDS.find((p) => p.words.every((w, i) => rest[i] === w));
  if (hit) return hit.kind;
  const unit = unitOfNoun(rest.join(" "));
  if (unit === "HOUSEHOLD") return "HOUSEHOLD";
  if (unit === "PERSON") return "PERSON";
  return null;
}
