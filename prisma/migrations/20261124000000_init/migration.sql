-- CreateEnum
CREATE TYPE "PlaceLevel" AS ENUM ('NATION', 'REGION', 'PROVINCE', 'DISTRICT', 'COMMUNE');
CREATE TYPE "Boundary" AS ENUM ('AS_REPORTED', 'CURRENT');
CREATE TYPE "FigureKind" AS ENUM ('ACTUAL', 'PLAN', 'TARGET');
CREATE TYPE "Qualifier" AS ENUM ('EXACT', 'AT_LEAST', 'AT_MOST', 'ABOUT', 'NEARLY');
CREATE TYPE "Aggregation" AS ENUM ('SUM', 'RATIO', 'NONE');
CREATE TYPE "Derivation" AS ENUM ('REPORTED', 'SUM_OF_PARTS');
CREATE TYPE "AuditAction" AS ENUM ('INSERT', 'UPDATE', 'DELETE');

-- CreateTable
CREATE TABLE "place" (
    "key" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" "PlaceLevel" NOT NULL,
    "name" TEXT NOT NULL,
    "name_ascii" TEXT NOT NULL,
    "kind" TEXT,
    "parent_key" TEXT,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    CONSTRAINT "place_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "place_edge" (
    "boundary" "Boundary" NOT NULL,
    "child_key" TEXT NOT NULL,
    "parent_key" TEXT NOT NULL,
    CONSTRAINT "place_edge_pkey" PRIMARY KEY ("boundary", "child_key")
);

CREATE TABLE "place_succession" (
    "from_key" TEXT NOT NULL,
    "to_key" TEXT NOT NULL,
    "effective" DATE NOT NULL,
    CONSTRAINT "place_succession_pkey" PRIMARY KEY ("from_key", "to_key")
);

CREATE TABLE "ethnicity" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_ascii" TEXT NOT NULL,
    "parent_code" TEXT,
    CONSTRAINT "ethnicity_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "programme" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "parent_code" TEXT,
    CONSTRAINT "programme_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "measure" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "aggregation" "Aggregation" NOT NULL,
    "numerator_code" TEXT,
    "denominator_code" TEXT,
    "min_value" DECIMAL(38,6),
    "max_value" DECIMAL(38,6),
    CONSTRAINT "measure_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "document" (
    "id" SERIAL NOT NULL,
    "source_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "author" TEXT,
    "published_at" DATE,
    "url" TEXT,
    "file_name" TEXT,
    "content_hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "imported_by" TEXT NOT NULL,
    CONSTRAINT "document_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "figure" (
    "id" BIGSERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "figure_key" TEXT NOT NULL,
    "place_key" TEXT NOT NULL,
    "ethnicity_code" TEXT NOT NULL,
    "programme_code" TEXT NOT NULL,
    "measure_code" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "kind" "FigureKind" NOT NULL,
    "value" DECIMAL(38,6) NOT NULL,
    "qualifier" "Qualifier" NOT NULL,
    "raw_text" TEXT NOT NULL,
    "quote" TEXT NOT NULL,
    "flags" TEXT[],
    "flag_reason" TEXT,
    "suggested_value" DECIMAL(38,6),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "figure_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "figure_audit" (
    "id" BIGSERIAL NOT NULL,
    "document_id" INTEGER NOT NULL,
    "figure_key" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "old_value" JSONB,
    "new_value" JSONB,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "figure_audit_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rollup" (
    "boundary" "Boundary" NOT NULL,
    "measure_code" TEXT NOT NULL,
    "kind" "FigureKind" NOT NULL,
    "place_key" TEXT NOT NULL,
    "ethnicity_code" TEXT NOT NULL,
    "programme_code" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "value" DECIMAL(38,6) NOT NULL,
    "lower" DECIMAL(38,6),
    "upper" DECIMAL(38,6),
    "qualifier" "Qualifier" NOT NULL,
    "derivation" "Derivation" NOT NULL,
    "parts_dimension" TEXT,
    "covered_children" INTEGER NOT NULL,
    "total_children" INTEGER NOT NULL,
    "figure_count" INTEGER NOT NULL,
    "figure_ids" BIGINT[],
    "flagged_excluded" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "rollup_pkey" PRIMARY KEY ("boundary", "measure_code", "kind", "place_key", "ethnicity_code", "programme_code", "period_start", "period_end")
);

CREATE TABLE "rollup_dirty" (
    "measure_code" TEXT NOT NULL,
    "kind" "FigureKind" NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rollup_dirty_pkey" PRIMARY KEY ("measure_code", "kind", "period_start", "period_end")
);

CREATE TABLE "rollup_run" (
    "id" SERIAL NOT NULL,
    "mode" TEXT NOT NULL,
    "job_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "rows" INTEGER,
    "slices" INTEGER,
    "error" TEXT,
    CONSTRAINT "rollup_run_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "place_parent_key_idx" ON "place"("parent_key");
CREATE INDEX "place_name_ascii_idx" ON "place"("name_ascii");
CREATE UNIQUE INDEX "place_code_level_valid_from_key" ON "place"("code", "level", "valid_from");
CREATE INDEX "place_edge_boundary_parent_key_idx" ON "place_edge"("boundary", "parent_key");
CREATE INDEX "place_succession_to_key_idx" ON "place_succession"("to_key");
CREATE INDEX "ethnicity_parent_code_idx" ON "ethnicity"("parent_code");
CREATE INDEX "programme_parent_code_idx" ON "programme"("parent_code");
CREATE UNIQUE INDEX "document_source_key_key" ON "document"("source_key");
CREATE INDEX "figure_measure_code_kind_place_key_period_start_idx" ON "figure"("measure_code", "kind", "place_key", "period_start");
CREATE INDEX "figure_place_key_idx" ON "figure"("place_key");
CREATE UNIQUE INDEX "figure_document_id_figure_key_key" ON "figure"("document_id", "figure_key");
CREATE INDEX "figure_audit_document_id_figure_key_idx" ON "figure_audit"("document_id", "figure_key");
CREATE INDEX "rollup_run_mode_started_at_idx" ON "rollup_run"("mode", "started_at");
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- AddForeignKey
ALTER TABLE "place" ADD CONSTRAINT "place_parent_key_fkey" FOREIGN KEY ("parent_key") REFERENCES "place"("key") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "figure" ADD CONSTRAINT "figure_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "figure" ADD CONSTRAINT "figure_place_key_fkey" FOREIGN KEY ("place_key") REFERENCES "place"("key") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "figure" ADD CONSTRAINT "figure_ethnicity_code_fkey" FOREIGN KEY ("ethnicity_code") REFERENCES "ethnicity"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "figure" ADD CONSTRAINT "figure_programme_code_fkey" FOREIGN KEY ("programme_code") REFERENCES "programme"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "figure" ADD CONSTRAINT "figure_measure_code_fkey" FOREIGN KEY ("measure_code") REFERENCES "measure"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rollups concatenate the figure ids of the parts they sum (src/rollup/engine-sql.ts).
CREATE AGGREGATE array_cat_agg(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
