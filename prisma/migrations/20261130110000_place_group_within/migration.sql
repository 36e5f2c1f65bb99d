-- The unit a group lies in ("the poor districts of Hà Giang", "the extremely difficult communes of
-- Sơn La"): a report names such a group without listing its members, so a group may have no member
-- rows when it has this scope. Still never an edge of the place tree: nothing is added through it.
ALTER TABLE "place_group" ADD COLUMN "within_key" TEXT;
ALTER TABLE "place_group" ADD CONSTRAINT "place_group_within_key_fkey" FOREIGN KEY ("within_key") REFERENCES "place"("key") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "place_group_within_key_idx" ON "place_group"("within_key");
