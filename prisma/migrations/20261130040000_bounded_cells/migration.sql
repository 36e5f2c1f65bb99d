-- AlterEnum: a total over overlapping parts (households over programmes) is not a sum but a
-- bounded value: at least the largest part, at most their sum. Its qualifier is BETWEEN
-- (lower/upper hold the bounds) and its derivation BOUNDED_BY_PARTS. Never stated by a report.
ALTER TYPE "Qualifier" ADD VALUE 'BETWEEN';
ALTER TYPE "Derivation" ADD VALUE 'BOUNDED_BY_PARTS';
