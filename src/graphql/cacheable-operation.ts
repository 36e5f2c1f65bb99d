import { Kind, parse, type DocumentNode, type SelectionSetNode } from "graphql";

/**
 * Root fields whose answers depend on the database's data alone: the same request gives the same
 * answer until the data changes. (Not rollupStatus: it reads the queue; not apiKeys: it depends on
 * the caller; no mutation.)
 */
export const DATA_ONLY_FIELDS = new Set([
  "compare",
  "figures",
  "places",
  "place",
  "programmes",
  "programme",
  "measures",
  "measure",
  "ethnicGroups",
  // the planners' page's requests: computed answers as costly as compare's (at 1M figures
  // dataAvailability by measure reads every figure), invalidated by the same data_changed triggers
  // (place_group and place_group_member notify too); a relative period needs its day, so no answer
  // moves with the clock
  "analytics",
  "dataAvailability",
  "placeGroups",
  "placeGroup",
  "__typename",
]);

/**
 * What the operation `operationName` of `query` is, for a cache: CACHEABLE when it reads only
 * DATA_ONLY_FIELDS, WRITE for a mutation, OTHER for the rest (and anything unparsable).
 */
export type OperationKind = "CACHEABLE" | "WRITE" | "OTHER";

export function operationKind(query: string, operationName?: string | null): OperationKind {
  let doc: DocumentNode;
  try {
    doc = parse(query, { noLocation: true });
  } catch {
    return "OTHER";
  }
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (op?.operation === "mutation") return "WRITE";
  if (!op || op.operation !== "query") return "OTHER";
  const fragments = new Map(
    doc.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  const rootsAllowed = (set: SelectionSetNode, seen: Set<string>): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return DATA_ONLY_FIELDS.has(s.name.value);
      if (s.kind === Kind.INLINE_FRAGMENT) return rootsAllowed(s.selectionSet, seen);
      const name = s.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      return rootsAllowed(fragment, new Set([...seen, name]));
    });
  return rootsAllowed(op.selectionSet, new Set()) ? "CACHEABLE" : "OTHER";
}
