-- How much of an old unit went into its successor: "full" (all of it) or "partial" (a part, of
-- unknown share: a figure of it cannot be moved into that successor).
ALTER TABLE "place_succession" ADD COLUMN "share" TEXT NOT NULL DEFAULT 'full';
ALTER TABLE "place_succession" ADD CONSTRAINT "place_succession_share_check" CHECK ("share" IN ('full', 'partial'));

-- A group is also a place (key "G-<code>", level GROUP) so that figures can be reported for it; it
-- has no place_edge, so it is never summed into anything.
ALTER TYPE "PlaceLevel" ADD VALUE 'GROUP';

-- Which version of the shipped reference data a database holds: an unchanged version is not reloaded.
CREATE TABLE "reference_version" (
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reference_version_pkey" PRIMARY KEY ("name")
);

-- Named sets of units (the poor districts of Decision 353/QĐ-TTg, an editor's ad hoc group): never
-- edges of the place tree, so never added into a parent's total.
CREATE TABLE "place_group" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "source" TEXT NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "place_group_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "place_group_member" (
    "group_code" TEXT NOT NULL,
    "place_key" TEXT NOT NULL,
    CONSTRAINT "place_group_member_pkey" PRIMARY KEY ("group_code", "place_key")
);

CREATE TABLE "place_group_audit" (
    "id" BIGSERIAL NOT NULL,
    "group_code" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "new_value" JSONB,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "place_group_audit_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "place_group_member_place_key_idx" ON "place_group_member"("place_key");
CREATE INDEX "place_group_audit_group_code_idx" ON "place_group_audit"("group_code");
CREATE INDEX "place_code_idx" ON "place"("code");

ALTER TABLE "place_group_member" ADD CONSTRAINT "place_group_member_group_code_fkey" FOREIGN KEY ("group_code") REFERENCES "place_group"("code") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "place_group_member" ADD CONSTRAINT "place_group_member_place_key_fkey" FOREIGN KEY ("place_key") REFERENCES "place"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER place_group_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_group FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER place_group_member_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_group_member FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
