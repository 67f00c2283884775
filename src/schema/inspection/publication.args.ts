import { IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, ID, Int, registerEnumType } from "type-graphql";
import { ConnectionArgs } from "../pagination";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/inspection/publication.resolver.ts.

export enum FeedFormat {
  JSON = "JSON",
  CSV = "CSV",
}

registerEnumType(FeedFormat, { name: "ResultFeedFormat", description: "公示结果数据交换格式" });

@ArgsType()
export class PublicationFilterArgs {
  @Field(() => String, { nullable: true, description: "市场主体名称（模糊）" }) subjectName?: string;
  @Field(() => String, { nullable: true, description: "统一社会信用代码" }) creditCode?: string;
  @Field(() => ID, { nullable: true, description: "抽查部门" }) departmentId?: string;
  @Field(() => String, { nullable: true, description: "检查日期起（YYYY-MM-DD）" }) inspectedFrom?: string;
  @Field(() => String, { nullable: true, description: "检查日期止（YYYY-MM-DD）" }) inspectedTo?: string;
  @Field(() => String, { nullable: true, description: "结果类别代码" }) categoryCode?: string;
}

@ArgsType()
export class PublicationSearchArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "市场主体名称（模糊）" }) subjectName?: string;
  @Field(() => String, { nullable: true, description: "统一社会信用代码" }) creditCode?: string;
  @Field(() => ID, { nullable: true, description: "抽查部门" }) departmentId?: string;
  @Field(() => String, { nullable: true, description: "检查日期起（YYYY-MM-DD）" }) inspectedFrom?: string;
  @Field(() => String, { nullable: true, description: "检查日期止（YYYY-MM-DD）" }) inspectedTo?: string;
  @Field(() => String, { nullable: true, description: "结果类别代码" }) categoryCode?: string;
}

@ArgsType()
export class ExportArgs extends PublicationFilterArgs {
  @Field(() => FeedFormat) format: FeedFormat;
  @Field(() => Int, { defaultValue: 5000, description: "最多记录数（1–20000）" })
  @IsOptional()
  @Min(1)
  @Max(20_000)
  limit: number = 5000;
}
