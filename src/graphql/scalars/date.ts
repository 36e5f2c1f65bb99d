import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

/** "YYYY-MM-DD" that names a real day. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function parseIsoDate(value: unknown): string {
  if (typeof value === "string" && isIsoDate(value)) return value;
  throw new GraphQLError(`Date must be a day written YYYY-MM-DD (got ${JSON.stringify(value)})`, {
    extensions: { code: "BAD_USER_INPUT" },
  });
}

/**
 * A calendar day, "YYYY-MM-DD", with no time zone: validity and period bounds are days, and a
 * JS Date would shift them with the server's zone. Resolvers pass and receive strings.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar day, YYYY-MM-DD.",
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseIsoDate(value);
  },
  parseValue: parseIsoDate,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parseIsoDate(ast.value);
    throw new GraphQLError(`Date must be a string YYYY-MM-DD`, { nodes: ast, extensions: { code: "BAD_USER_INPUT" } });
  },
});
