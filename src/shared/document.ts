/** A source document as stored: what the import writes and the API reads back. */
export interface DocumentRecord {
  sourceKey: string;
  title: string;
  publisher: string | null;
  author: string | null;
  /** "YYYY-MM-DD". */
  publishedAt: string | null;
  url: string | null;
  fileName: string | null;
}
