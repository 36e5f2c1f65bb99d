import { describe, expect, it } from "vitest";
import { inTransaction } from "../../src/shared/transaction.ts";
import { withAdmin } from "../support/databases.ts";

describe("src/shared/transaction.ts inTransaction", () => {
  it("opens the transaction at the isolation level asked for, and at the default one otherwise", async () => {
    await withAdmin(async (db) => {
      const level = async () => (await db.query("SHOW transaction_isolation")).rows[0].transaction_isolation;
      expect(await inTransaction(db, level, { isolation: "REPEATABLE READ" })).toBe("repeatable read");
      expect(await inTransaction(db, level)).toBe("read committed");
    });
  });

  it("commits what fn wrote, rolls back and rethrows when fn fails", async () => {
    await withAdmin(async (db) => {
      await db.query("CREATE TEMP TABLE tx_probe (n int)");
      await inTransaction(db, () => db.query("INSERT INTO tx_probe VALUES (1)"));
      await expect(
        inTransaction(db, async () => {
          await db.query("INSERT INTO tx_probe VALUES (2)");
          throw new Error("fn failed");
        }),
      ).rejects.toThrow("fn failed");
      expect((await db.query("SELECT array_agg(n) AS ns FROM tx_probe")).rows[0].ns).toEqual([1]);
      await db.query("DROP TABLE tx_probe");
    });
  });
});
