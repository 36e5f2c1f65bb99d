-- What a reported number is (src/rules/value-type.ts): only LEVEL figures with one value and no
-- funding breakdown are added up by the rollups; the others are kept as reported.
CREATE TYPE "ValueType" AS ENUM ('LEVEL', 'CHANGE', 'RELATIVE_CHANGE', 'ANNUAL_AVERAGE', 'ANNUAL_AVERAGE_CHANGE', 'SHARE', 'COUNT_OF_TOTAL', 'MULTIPLE');
CREATE TYPE "FigureStatus" AS ENUM ('A', 'E');
CREATE TYPE "FundingSource" AS ENUM ('CENTRAL', 'LOCAL', 'MOBILISED');
CREATE TYPE "CapitalType" AS ENUM ('INVESTMENT', 'RECURRENT');

ALTER TABLE "figure"
  ADD COLUMN "value_type" "ValueType" NOT NULL DEFAULT 'LEVEL',
  ADD COLUMN "value_high" DECIMAL(38,6),
  ADD COLUMN "total" DECIMAL(38,6),
  ADD COLUMN "base" TEXT,
  ADD COLUMN "status" "FigureStatus" NOT NULL DEFAULT 'A',
  ADD COLUMN "funding_source" "FundingSource",
  ADD COLUMN "capital_type" "CapitalType";

-- Figures a report states that the import format could not record, with the reason: the document
-- is kept (even with no recorded figure) so that coverage of the sources read is honest.
CREATE TABLE "not_recorded_figure" (
    "id" BIGSERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "quote" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "not_recorded_figure_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "not_recorded_figure_document_id_idx" ON "not_recorded_figure"("document_id");
ALTER TABLE "not_recorded_figure" ADD CONSTRAINT "not_recorded_figure_document_id_fkey"
  FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE TRIGGER not_recorded_figure_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON not_recorded_figure
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
