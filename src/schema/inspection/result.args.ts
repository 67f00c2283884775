import { IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { PageArgs } from "../pagination";
import { ResultStatusEnum } from "./result.type";
import { FeedbackMethodEnum } from "./result-feedback.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/inspection/result.resolver.ts.

@ArgsType()
export class ResultListArgs extends PageArgs {
  @Field(() => ResultStatusEnum, { nullable: true }) status?: ResultStatusEnum;
}

@ArgsType()
export class MappingArgs {
  @Field() code: string;
  @Field() @Length(1, 40, { message: "省级平台代码须为 1–40 个字符" }) provincialCode: string;
}

@ArgsType()
export class NewResultCodeArgs extends MappingArgs {
  @Field({ description: "结果类别名称" }) @Length(2, 60, { message: "结果类别名称须为 2–60 个字符" }) name: string;
  @Field({ description: "是否属于发现问题（计入问题发现率并写入信用记录）" }) problemFound: boolean;
}

@ArgsType()
export class ResultFeedbackArgs {
  @Field(() => ID) assignmentId: string;
  @Field(() => FeedbackMethodEnum, { description: "送达方式：直接送达或邮寄送达" }) method: FeedbackMethodEnum;
  @Field({ description: "送达日期（YYYY-MM-DD）" })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: "送达日期须为 YYYY-MM-DD 格式的日期" })
  deliveredOn: string;
  @Field(() => String, { nullable: true, description: "备注（如邮寄单号）" })
  @IsOptional()
  @Length(0, 500, { message: "备注不超过 500 个字符" })
  note?: string | null;
}
