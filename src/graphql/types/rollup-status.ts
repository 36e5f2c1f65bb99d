import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../scalars/index.ts";

@ObjectType()
export class RollupRunInfo {
  @Field(() => String) mode!: string;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => Int, { nullable: true, description: "Rollup rows written." }) rows!: number | null;
  @Field(() => Int, { nullable: true, description: "Slices (measure × kind × period) covered." }) slices!:
    number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType()
export class QueueCounts {
  @Field(() => String, { description: "redis or postgres" }) backend!: string;
  @Field(() => Int) waiting!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int) delayed!: number;
  @Field(() => Int) prioritized!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) completed!: number;
}

@ObjectType()
export class FailedRollupJob {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) reason!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => DateTimeScalar, { nullable: true }) failedAt!: Date | null;
}

@ObjectType()
export class RollupSchedule {
  @Field(() => String, { nullable: true }) pattern!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) next!: Date | null;
}

@ObjectType({ description: "Freshness of the pre-aggregated rollups and the state of their queue." })
export class RollupStatus {
  @Field(() => RollupRunInfo, { nullable: true }) lastFull!: RollupRunInfo | null;
  @Field(() => RollupRunInfo, { nullable: true }) lastIncremental!: RollupRunInfo | null;
  @Field(() => Int, { description: "Rows in the rollup table." }) rows!: number;
  @Field(() => Int, { description: "Slices changed by imports and not yet refreshed (answered from facts meanwhile)." })
  dirtySlices!: number;
  @Field(() => QueueCounts) queue!: QueueCounts;
  @Field(() => [FailedRollupJob]) failedJobs!: FailedRollupJob[];
  @Field(() => RollupSchedule, { nullable: true }) schedule!: RollupSchedule | null;
}
