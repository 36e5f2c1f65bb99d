import type pg from "pg";

/**
 * The member keys of a place group (the poor districts of Decision 353/QĐ-TTg, …), or null when no
 * group has that code. Groups are never edges of the place tree, so never added into a parent.
 */
export async function placeGroupMembers(db: Pick<pg.Pool, "query">, code: string): Promise<string[] | null> {
  try {
    const r = await db.query<{ member: string | null }>(
      `SELECT m.place_key AS member FROM place_group g LEFT JOIN place_group_member m ON m.group_code = g.code
        WHERE upper(g.code) = upper($1) ORDER BY m.place_key`,
      [code.trim()],
    );
    return r.rows.length ? r.rows.flatMap((x) => (x.member ? [x.member] : [])) : null;
  } catch (e) {
    // A database migrated before place groups existed (42P01: undefined table) has none.
    if ((e as { code?: string }).code === "42P01") return null;
    throw e;
  }
}
