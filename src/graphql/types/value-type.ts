import { registerEnumType } from "type-graphql";

export enum ValueType {
  LEVEL = "LEVEL",
  CHANGE = "CHANGE",
  RELATIVE_CHANGE = "RELATIVE_CHANGE",
  ANNUAL_AVERAGE = "ANNUAL_AVERAGE",
  ANNUAL_AVERAGE_CHANGE = "ANNUAL_AVERAGE_CHANGE",
  SHARE = "SHARE",
  COUNT_OF_TOTAL = "COUNT_OF_TOTAL",
  MULTIPLE = "MULTIPLE",
}

registerEnumType(ValueType, {
  name: "ValueType",
  description:
    "What the number is: a level of the measure (the only kind comparisons add up), a change over the period " +
    "(signed; percentage points for a rate), a change in percent of its base, an average per year over the period, " +
    "an average change per year, a share of a named base, a count out of a total, or a multiple of a base.",
});

export enum FundingSource {
  CENTRAL = "CENTRAL",
  LOCAL = "LOCAL",
  MOBILISED = "MOBILISED",
}

registerEnumType(FundingSource, {
  name: "FundingSource",
  description: "Where money came from: central budget, local budget, mobilised.",
});

export enum CapitalType {
  INVESTMENT = "INVESTMENT",
  RECURRENT = "RECURRENT",
}

registerEnumType(CapitalType, {
  name: "CapitalType",
  description: "Development investment (đầu tư phát triển) or recurrent (sự nghiệp) capital.",
});
