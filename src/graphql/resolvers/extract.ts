import { Arg, Authorized, Query, Resolver } from "type-graphql";
import { ExtractError, extractFigures } from "../../ingest/extract/extract.ts";
import { InputError, readInput } from "../../ingest/extract/read-input.ts";
import { EDITOR } from "../auth.ts";
import { badUserInput } from "../errors.ts";
import { JSONScalar } from "../scalars/index.ts";

// Base64 takes 4 characters per 3 bytes; the HTTP body limit (10 MB) bounds an upload anyway.
const MAX_BASE64_CHARS = 14_000_000;

@Resolver()
export class ExtractResolver {
  @Authorized(EDITOR)
  @Query(() => JSONScalar, {
    description:
      "Proposes every figure of a report (pasted text, or a file: plain text, HTML, DOCX, PDF with a text layer) as a draft " +
      "in the import format: { document, figures, notRecorded, text }, each figure with its value, qualifier, unit, place, period, kind, " +
      "quote, confidence, cues and spans; text is the report as read (from the file too), which the spans index. " +
      "Review it, then import it as it is with importReport. Editors only.",
  })
  async extractFigures(
    @Arg("text", () => String, { nullable: true, description: "The report's text (or give fileBase64)." })
    text?: string | null,
    @Arg("publishedAt", () => String, {
      nullable: true,
      description: 'YYYY-MM-DD: relative dates ("31/5", "năm qua") are read against it.',
    })
    publishedAt?: string | null,
    @Arg("title", () => String, { nullable: true }) title?: string | null,
    @Arg("url", () => String, { nullable: true }) url?: string | null,
    @Arg("fileBase64", () => String, { nullable: true, description: "The report file, base64-encoded." })
    fileBase64?: string | null,
    @Arg("fileName", () => String, { nullable: true }) fileName?: string | null,
  ): Promise<unknown> {
    if ((text == null) === (fileBase64 == null)) throw badUserInput("give either text or fileBase64 (with fileName)");
    try {
      let body = text ?? "";
      let docTitle = title ?? null;
      if (fileBase64 != null) {
        if (fileBase64.length > MAX_BASE64_CHARS)
          throw badUserInput(`fileBase64 is ${fileBase64.length} characters; at most ${MAX_BASE64_CHARS}`);
        if (!/^[A-Za-z0-9+/=\s]*$/.test(fileBase64)) throw badUserInput("fileBase64 is not base64");
        const input = await readInput(Buffer.from(fileBase64, "base64"), fileName ?? null);
        body = input.text;
        docTitle ??= input.title;
      }
      return extractFigures({
        text: body,
        publishedAt: publishedAt ?? null,
        title: docTitle,
        url: url ?? null,
        fileName: fileName ?? null,
      });
    } catch (e) {
      if (e instanceof InputError || e instanceof ExtractError) throw badUserInput(e.message, { reason: e.code });
      throw e;
    }
  }
}
