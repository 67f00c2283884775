import { Length } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../pagination";
import { ResultStatusEnum } from "./result.type";

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
