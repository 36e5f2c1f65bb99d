/**
 * A report saved as plain text with a small header, as clerks and the development set keep them:
 *   URL: https://…
 *   TITLE: …
 *   PUBLISHED: 2024-04-09        (or "unknown", "unknown (2024)", "2025-12 (index date …)")
 *   <blank line>
 *   body…
 * Each header line is optional; a text without them is all body.
 */
export interface SavedReport {
  body: string;
  url: string | null;
  title: string | null;
  /** "YYYY-MM-DD" when the header gives a full date; else null. */
  publishedAt: string | null;
}

export function readSavedReport(text: string): SavedReport {
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && i < 6; i++) {
    const m = /^(URL|TITLE|PUBLISHED|SOURCE|DATE):\s*(.*)$/i.exec(lines[i]);
    if (!m) break;
    header[m[1].toUpperCase()] = m[2].trim();
  }
  if (i === 0) return { body: text, url: null, title: null, publishedAt: null };
  while (i < lines.length && !lines[i].trim()) i++;
  const published = header.PUBLISHED ?? header.DATE ?? "";
  const date = /^(\d{4}-\d{2}-\d{2})\b/.exec(published)?.[1] ?? null;
  return {
    body: lines.slice(i).join("\n"),
    url: header.URL || header.SOURCE || null,
    title: header.TITLE || null,
    publishedAt: date,
  };
}
