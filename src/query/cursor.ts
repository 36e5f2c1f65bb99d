import { badInput } from "./errors.ts";

/**
 * The opaque cursors of a keyset-paged list: a row's id after the list's `prefix`, in base64url. `decode` gives the
 * id back, refusing a cursor of another list or one whose id does not match `id` (bad input, never a query error).
 */
export function cursorCodec(prefix: string, id: RegExp) {
  return {
    encode: (rowId: string | number): string => Buffer.from(`${prefix}${rowId}`, "utf8").toString("base64url"),
    decode(cursor: string): string {
      const text = Buffer.from(cursor, "base64url").toString("utf8");
      const rowId = text.startsWith(prefix) ? text.slice(prefix.length) : "";
      if (!id.test(rowId)) throw badInput(`"${cursor}" is not a cursor of this list`);
      return rowId;
    },
  };
}
