export { DateScalar, isIsoDate } from "./date.ts";
export { DecimalScalar } from "./decimal.ts";
// Timestamps and free-form JSON come from graphql-scalars.
export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar } from "graphql-scalars";
