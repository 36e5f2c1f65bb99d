import { Decimal } from "decimal.js";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function parseDecimalText(text: string): Decimal {
  const s = text.trim();
  if (!DECIMAL_TEXT.test(s)) {
    throw new GraphQLError(`Decimal must be a plain decimal number such as "1234.5" (got "${text}")`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return new Decimal(s);
}

/**
 * Exact decimals. Output is a string ("1000000000000000", "0.75") so that 10^15 VND and exact
 * ratios survive JSON, which would turn them into doubles. Input: a string or an integer; a JSON
 * fractional number is refused because the client has already rounded it.
 */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: "Decimal",
  description:
    'An exact decimal number, serialised as a string (e.g. "3200000000", "0.75"). Input: a string or an integer.',
  serialize(value) {
    if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
    if (typeof value === "string") return parseDecimalText(value).toFixed();
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
    throw new GraphQLError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === "string") return parseDecimalText(value);
    if (typeof value === "number" && Number.isSafeInteger(value)) return new Decimal(value);
    throw new GraphQLError(`Decimal input must be a string or an integer (got ${JSON.stringify(value)})`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseDecimalText(ast.value);
    throw new GraphQLError(`Decimal input must be a string or an integer`, {
      nodes: ast,
      extensions: { code: "BAD_USER_INPUT" },
    });
  },
});
