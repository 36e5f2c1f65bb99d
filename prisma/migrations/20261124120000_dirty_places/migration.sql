-- The places whose figures changed in a dirty slice (NULL: the whole slice), so that a refresh
-- recomputes only those places and their ancestors.
ALTER TABLE "rollup_dirty" ADD COLUMN "places" TEXT[];
