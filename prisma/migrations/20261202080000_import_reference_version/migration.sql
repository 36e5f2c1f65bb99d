-- A counter of committed changes to the tables an import checks against (src/ingest/import/reference.ts):
-- an API process keeps the loaded reference while the counter stays the same. The counter is bumped in
-- the writing transaction, so a reader sees the new value exactly when it sees the change.
CREATE TABLE "import_reference_version" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "import_reference_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "import_reference_version_one_row" CHECK ("id")
);
INSERT INTO "import_reference_version" ("id", "version") VALUES (true, 0);

CREATE FUNCTION bump_import_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE import_reference_version SET version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER place_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER place_succession_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_succession FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER ethnicity_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ethnicity FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER programme_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programme FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER measure_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER place_group_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_group FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
CREATE TRIGGER place_group_member_import_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_group_member FOR EACH STATEMENT EXECUTE FUNCTION bump_import_reference_version();
