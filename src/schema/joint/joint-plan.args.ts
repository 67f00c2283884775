import { IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field, ID, Int } from "type-graphql";
import { PageArgs } from "../pagination";
import { JointTaskStatusEnum } from "./joint.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/joint/joint-plan.resolver.ts.

@ArgsType()
export class JointPlanArgs extends PageArgs {
  @Field(() => Int, { nullable: true }) year?: number;
}

@ArgsType()
export class JointTaskArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) planId?: string;
  @Field(() => JointTaskStatusEnum, { nullable: true }) status?: JointTaskStatusEnum;
}

@ArgsType()
export class NewJointPlanArgs {
  @Field(() => Int) year: number;

  @Field()
  @Length(1, 200, { message: "计划名称须为 1–200 个字符" })
  title: string;

  @Field(() => String, { nullable: true, description: "计划应制定完成日期（默认当年 3 月 31 日）" })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: "日期格式应为 YYYY-MM-DD" })
  dueDate?: string | null;
}
