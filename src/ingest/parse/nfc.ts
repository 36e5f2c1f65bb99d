/**
 * A text in Unicode NFC, the form the parsers compare in. Most texts they read (figures, quotes of a
 * report already normalised) are in it: String.prototype.normalize, which copies the text through
 * ICU each time, is skipped when every character is one of Latin's blocks up to U+02FF or Latin
 * Extended Additional (U+1E00-U+1EFF, the precomposed Vietnamese letters). None of those characters
 * changes under NFC, none is a combining mark and no two of them compose (checked pair by pair in
 * nfc.test.ts), so such a text is its own NFC form.
 */
// eslint-disable-next-line no-control-regex
const STABLE_UNDER_NFC = /^[\u0000-\u02ff\u1e00-\u1eff]*$/;

export function nfc(text: string): string {
  return STABLE_UNDER_NFC.test(text) ? text : text.normalize("NFC");
}
