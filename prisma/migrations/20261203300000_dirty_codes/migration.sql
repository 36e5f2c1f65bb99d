-- The ethnicities and programmes of the figures that changed in a dirty slice (NULL: all of them),
-- so that a refresh recomputes only their cells and their ancestors' in those trees.
ALTER TABLE "rollup_dirty" ADD COLUMN "ethnicities" TEXT[], ADD COLUMN "programmes" TEXT[];
