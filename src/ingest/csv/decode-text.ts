import type { ImportError } from "../import/summary.ts";

/** Larger files are refused before reading: no single report comes near it. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export type Decoded = { ok: true; text: string } | { ok: false; error: ImportError };

const fileError = (row: number, reason: string): Decoded => ({ ok: false, error: { row, field: "file", reason } });

/**
 * The bytes of an import file as text, refusing what would be read wrong rather than guessing:
 * UTF-16/32 (a byte-order mark or NUL bytes), bytes that are not UTF-8 (a legacy Vietnamese
 * encoding such as TCVN3 or Windows-1258), an empty file, an oversized one. A UTF-8 BOM is dropped.
 * Errors name the line.
 */
export function decodeImportText(bytes: Uint8Array): Decoded {
  if (bytes.length > MAX_FILE_BYTES) {
    return fileError(
      0,
      `the file is ${mib(bytes.length)}; at most ${mib(MAX_FILE_BYTES)} (split it into several documents)`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fileError(1, "the file is UTF-16 encoded (it starts with a UTF-16 byte-order mark); save it as UTF-8");
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    return fileError(
      lineAt(bytes, nul),
      "the file contains NUL bytes (UTF-16 without a byte-order mark, or not a text file); save it as UTF-8",
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fileError(
      firstBadLine(bytes),
      "the line is not valid UTF-8 (a legacy encoding such as TCVN3/ABC or Windows-1258?); save the file as UTF-8",
    );
  }
  if (text.trim() === "") return fileError(1, "the file is empty");
  return { ok: true, text };
}

/** The 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

// '\n' never occurs inside a multi-byte UTF-8 sequence, so lines can be checked one by one.
function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 1;
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
