import { registerEnumType } from "type-graphql";

export enum FigureKind {
  ACTUAL = "ACTUAL",
  PLAN = "PLAN",
  TARGET = "TARGET",
}

registerEnumType(FigureKind, {
  name: "FigureKind",
  description: "What was achieved, what was planned, or a target to reach.",
});
