-- dataAvailability by measure, period or document (the planner page's first request) reads the
-- unflagged figures' measure, period and document in this order from this index alone (an
-- index-only scan, about 10 MB at a million figures, deduplicated) instead of the whole table.
-- Partial: schema.prisma lists it without the predicate (Prisma's schema cannot state one).
CREATE INDEX IF NOT EXISTS "figure_measure_code_period_start_period_end_document_id_idx"
  ON "figure" ("measure_code", "period_start", "period_end", "document_id")
  WHERE NOT ('IMPLAUSIBLE' = ANY ("flags"));
