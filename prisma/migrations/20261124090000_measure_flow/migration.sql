-- AlterTable: whether a measure is a flow (adds up over time: cards issued in Q1 + Q2) or a stock
-- (households, loans outstanding: never added over time). Calendar-year rollups use it.
ALTER TABLE "measure" ADD COLUMN "flow" BOOLEAN NOT NULL DEFAULT true;
