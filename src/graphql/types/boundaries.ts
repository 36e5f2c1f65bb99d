import { registerEnumType } from "type-graphql";

export enum Boundaries {
  AS_REPORTED = "AS_REPORTED",
  CURRENT = "CURRENT",
}

registerEnumType(Boundaries, {
  name: "Boundaries",
  description:
    "AS_REPORTED: the units of the time; CURRENT: old units re-expressed in today's (after the 2025 mergers).",
});
