/**
 * The draft an extraction produces: the import format (document + figures) plus what a reviewer
 * needs to judge each proposal (value, unit, resolved place name, dates, confidence, cues) and
 * what was seen but cannot be imported yet (`notRecorded`, each with its reason).
 */
import type { ImportDocumentMeta, ImportFigure, ImportKind } from "../import-format.ts";
import type { Qualifier } from "../parse/vn-number.ts";

/** Unit words of a proposal, as a reviewer reads them. */
export type DraftUnit =
  | "households"
  | "persons"
  | "occasions"
  | "cards"
  | "houses"
  | "VND"
  | "percent"
  | "percentPoints"
  | "tonnes"
  | "students"
  | "workers"
  | "works"
  | "gifts"
  | "items"
  | "other";

/** Which field a cue decided, and the words of the report that decided it. */
export interface Cue {
  field:
    | "value"
    | "qualifier"
    | "unit"
    | "measure"
    | "programme"
    | "ethnicity"
    | "place"
    | "period"
    | "kind"
    | "estimate"
    | "part";
  /** The words of the report (or the rule) that decided the field. */
  text: string;
}

/** Where a quote sits in the extracted text (UTF-16 offsets, end exclusive): for highlighting. */
export interface Span {
  start: number;
  end: number;
}

/** The review fields shared by importable proposals and those left out. */
export interface ProposalDetails {
  /** Decimal string in base units (VND in đồng, percent as the percent number); a range's low end. */
  value: string;
  valueHigh?: string;
  /** "6/11 huyện": the total the value is out of. */
  outOf?: string;
  qualifier: Qualifier;
  unit: DraftUnit;
  /** The resolved unit's official name, or the group as the report names it. */
  placeName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  /** An estimate ("ước", "dự kiến"). */
  estimate: boolean;
  /** 0-1: how sure the extractor is of the whole proposal. */
  confidence: number;
  cues: Cue[];
  /** Every place the figure is stated (a figure repeated in lead and body is proposed once). */
  spans: Span[];
  /** The other quotes of a repeated figure, beyond `quote`. */
  quotes?: string[];
}

export type DraftFigure = ImportFigure & ProposalDetails & { kind: ImportKind };

export interface NotRecorded extends Partial<Omit<ImportFigure, "text" | "quote" | "qualifier">>, ProposalDetails {
  text: string;
  quote: string;
  kind: ImportKind;
  /** Why it cannot be imported as a figure (yet). */
  reason: string;
}

export interface Draft {
  document: ImportDocumentMeta;
  figures: DraftFigure[];
  notRecorded: NotRecorded[];
  /**
   * The text the extractor read, which every span indexes: the report NFC-normalised (CR LF as LF,
   * non-breaking spaces and tabs as spaces), cut after the article. A reviewer highlights quotes in it,
   * also for an uploaded file whose text only the server has.
   */
  text: string;
}

/** The fields a draft adds to an import document: the importer ignores them. */
export const DRAFT_DOCUMENT_FIELDS: ReadonlySet<string> = new Set(["text"]);

/**
 * The fields a draft adds to an import figure. The importer ignores them, so a draft imports as is.
 */
export const DRAFT_FIGURE_FIELDS: ReadonlySet<string> = new Set([
  "value",
  "valueHigh",
  "outOf",
  "unit",
  "placeName",
  "periodStart",
  "periodEnd",
  "estimate",
  "confidence",
  "cues",
  "spans",
  "quotes",
]);
