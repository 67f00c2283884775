import { Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, Int } from "type-graphql";
import { PageArgs } from "../pagination";
import { PlanStatusEnum } from "./plan.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/plan/plan.resolver.ts.

@ArgsType()
export class PlanFilterArgs extends PageArgs {
  @Field(() => Int, { nullable: true }) year?: number;
  @Field(() => ID, { nullable: true, description: "部门（不填则为本部门及可见的已公布计划）" }) tenantId?: string;
  @Field(() => PlanStatusEnum, { nullable: true }) status?: PlanStatusEnum;
  @Field({ nullable: true, description: "按计划名称或其中任务名称搜索" }) @MaxLength(100) search?: string;
}

@ArgsType()
export class NewPlanArgs {
  @Field(() => Int) year: number;
  @Field()
  @Length(1, 200, { message: "计划名称须为 1–200 个字符" })
  title: string;
}
