import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" that names a real day (proleptic Gregorian, as JavaScript's Date). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Every period bound of every row is checked on its way out: arithmetic, not a Date per value.
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : 28;
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
