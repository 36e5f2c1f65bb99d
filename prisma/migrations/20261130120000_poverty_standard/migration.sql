-- The poverty standard a figure was measured under, when its import states it (src/rules/poverty-standard.ts).
-- NULL: the standard in force during the figure's period (income 2011-2015, multidimensional 2016-2020
-- through 2021, multidimensional 2022-2025).
CREATE TYPE "PovertyStandard" AS ENUM ('INCOME_2011_2015', 'MULTIDIMENSIONAL_2016_2020', 'MULTIDIMENSIONAL_2022_2025');
ALTER TABLE "figure" ADD COLUMN "poverty_standard" "PovertyStandard";
