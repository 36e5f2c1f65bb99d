/** Vietnamese text without diacritics, lower case: "Bạch Thông" → "bach thong". For name search. */
export function toAscii(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .trim();
}

/** "Bạch Thông" → "BACH-THONG": the generated part of keys for units with no official code here. */
export function slug(text: string): string {
  return toAscii(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toUpperCase();
}
