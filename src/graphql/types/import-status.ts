import { registerEnumType } from "type-graphql";

export enum ImportStatus {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
  ERROR = "ERROR",
}

registerEnumType(ImportStatus, {
  name: "ImportStatus",
  description: "ERROR: nothing was written; the summary lists every error.",
});
