-- AlterTable: additivity per dimension, the programmes a measure applies to, typed occasions.
-- A beneficiary count (persons, households, occasions) does not add over programmes: the same
-- household can get a loan, a house and a card. `applies_to` lists the programme subtrees under
-- which the measure can be reported (NULL: any), so coverage counts only children that could report
-- it. `occasion_of` says what one "lượt" counts (PUPIL, HOUSEHOLD, PERSON, LOAN): kinds never add.
ALTER TABLE "measure" ADD COLUMN "adds_over_programmes" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "measure" ADD COLUMN "applies_to" TEXT[];
ALTER TABLE "measure" ADD COLUMN "occasion_of" TEXT;
