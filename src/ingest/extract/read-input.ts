/**
 * The text of a report as it arrives: plain text (UTF-8, or UTF-16 with a byte-order mark), an
 * article page saved from a browser (HTML), a Word document (DOCX, via mammoth) or a PDF with a
 * text layer (pdfjs-dist's Node build). The format is told by the file's first bytes, not by its
 * name. Bad input is an InputError with a reason, never a crash or a hang: an empty file, a file
 * over MAX_INPUT_BYTES, an encrypted or broken PDF or DOCX, a scanned PDF with no text layer, a
 * binary file of another kind. PDF reading stops after MAX_PDF_PAGES pages and PDF_TIMEOUT_MS.
 */
import { convert as htmlToText } from "html-to-text";

export class InputError extends Error {
  readonly code: "EMPTY" | "TOO_LARGE" | "ENCRYPTED" | "BROKEN" | "NO_TEXT_LAYER" | "UNSUPPORTED";
  constructor(code: InputError["code"], message: string) {
    super(message);
    this.name = "InputError";
    this.code = code;
  }
}

export type InputFormat = "text" | "html" | "docx" | "pdf";

export interface ReadInput {
  text: string;
  format: InputFormat;
  /** The document's own title (HTML <title>, PDF metadata), when it has one. */
  title: string | null;
}

/** Far above any report (a 300-page PDF is a few MB); a larger upload is refused before reading. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
const MAX_PDF_PAGES = 500;
const PDF_TIMEOUT_MS = 30_000;

export function detectFormat(bytes: Uint8Array, fileName?: string | null): InputFormat | null {
  const head = Buffer.from(bytes.subarray(0, 512));
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "docx";
  const start = decodeText(Buffer.from(bytes.subarray(0, 4096)))
    .trimStart()
    .slice(0, 500)
    .toLowerCase();
  if (
    /^<!doctype html|^<html|<head[\s>]|<body[\s>]|<meta\s|<article[\s>]|<p[\s>]/.test(start) ||
    (/\.html?$/i.test(fileName ?? "") && start.startsWith("<"))
  )
    return "html";
  if (looksBinary(head)) return null;
  return "text";
}

export async function readInput(bytes: Uint8Array, fileName?: string | null): Promise<ReadInput> {
  if (bytes.length === 0) throw new InputError("EMPTY", "the file is empty");
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(
      "TOO_LARGE",
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a report is at most ${MAX_INPUT_BYTES / 1024 / 1024} MB (split it)`,
    );
  }
  const format = detectFormat(bytes, fileName);
  switch (format) {
    case "pdf":
      return { ...(await readPdf(bytes)), format };
    case "docx":
      return { text: await readDocx(bytes), format, title: null };
    case "html":
      return { ...readHtml(decodeText(Buffer.from(bytes))), format };
    case "text":
      return { text: decodeText(Buffer.from(bytes)), format, title: null };
    default:
      throw new InputError(
        "UNSUPPORTED",
        "the file is neither text, HTML, DOCX nor PDF (a binary file of another kind)",
      );
  }
}

function decodeText(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString("utf16le");
  return buf.toString("utf8").replace(/^\ufeff/, "");
}

function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const b of head) if (b === 0 || b < 9 || (b > 13 && b < 32)) control++;
  return control > head.length * 0.05;
}

export function readHtml(html: string): { text: string; title: string | null } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1].replace(/\s+/g, " ").trim() || null;
  const text = htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "script", format: "skip" },
      { selector: "style", format: "skip" },
      { selector: "noscript", format: "skip" },
      { selector: "nav", format: "skip" },
      { selector: "header", format: "skip" },
      { selector: "footer", format: "skip" },
      { selector: "aside", format: "skip" },
      { selector: "form", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable" },
    ],
  });
  return { text: decodeEntities(text), title: title ? decodeEntities(title) : null };
}

function decodeEntities(s: string): string {
  return s
    .replace(/\u00a0/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

async function readDocx(bytes: Uint8Array): Promise<string> {
  const mammoth = await import("mammoth");
  try {
    const r = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return r.value;
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    throw new InputError(
      "BROKEN",
      `the Word document cannot be read (${msg.split("\n")[0].slice(0, 200)}): is it a .docx, not encrypted, not damaged?`,
    );
  }
}

async function readPdf(bytes: Uint8Array): Promise<{ text: string; title: string | null }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new InputError("BROKEN", `the PDF took over ${PDF_TIMEOUT_MS / 1000} s to read: damaged or too complex`),
        ),
      PDF_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([readPdfPages(task), timeout]);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const name = (e as { name?: string }).name ?? "";
    const msg = ((e as Error).message ?? String(e)).split("\n")[0].slice(0, 200);
    if (name === "PasswordException")
      throw new InputError("ENCRYPTED", "the PDF is protected by a password: save it without one");
    throw new InputError("BROKEN", `the PDF cannot be read (${msg})`);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

type PdfTask = ReturnType<typeof import("pdfjs-dist/legacy/build/pdf.mjs").getDocument>;

async function readPdfPages(task: PdfTask): Promise<{ text: string; title: string | null }> {
  const doc = await task.promise;
  const meta = await doc.getMetadata().catch(() => null);
  const title = ((meta?.info as { Title?: string } | undefined)?.Title ?? "").trim() || null;
  const pages: string[] = [];
  const count = Math.min(doc.numPages, MAX_PDF_PAGES);
  for (let n = 1; n <= count; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let line = "";
    const lines: string[] = [];
    for (const item of content.items) {
      if (!("str" in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = "";
      }
    }
    if (line) lines.push(line);
    pages.push(lines.join("\n"));
    page.cleanup();
  }
  const text = pages.join("\n\n");
  if (!text.replace(/\s/g, "")) {
    throw new InputError(
      "NO_TEXT_LAYER",
      `the PDF has ${doc.numPages} page(s) but no text layer (a scan?): run OCR on it first, or paste its text`,
    );
  }
  return { text, title };
}
