-- dataAvailability by place filtered by programme or kind (which provinces reported on education;
-- rolled up to a level or not) reads the figures: no availability table holds place with programme
-- and kind (place x programme x kind x period x document cells are half as many as the figures).
-- It reads them from this index alone (an index-only scan of the programme's or kind's unflagged
-- figures: some 150,000 of a million for a programme and its sub-programmes) instead of every figure
-- and its row. Kind first: the statement names every kind when the filter names none, so that a
-- programme filter alone is a few descents too (src/query/availability.ts). Partial, as
-- 20261130170000_availability_index: schema.prisma lists it without the predicate.
CREATE INDEX IF NOT EXISTS "figure_availability_kind_programme_idx"
  ON "figure" ("kind", "programme_code", "place_key", "document_id", "period_start", "period_end", "measure_code")
  WHERE NOT ('IMPLAUSIBLE' = ANY ("flags"));
