import { IsOptional, Max, Min } from "class-validator";
import { Arg, Args, ArgsType, Field, ID, Int, Query, Resolver, registerEnumType } from "type-graphql";
import { ExportFileType } from "../schema/exchange.type";
import { ConnectionArgs, connectionFields, listComplexity, MAX_PAGE_SIZE, pageRequest } from "../schema/pagination";
import { PublishedResultPage, PublishedResultType } from "../schema/result.type";
import { publicationService } from "../services/publication.service";

export enum FeedFormat {
  JSON = "JSON",
  CSV = "CSV",
}
registerEnumType(FeedFormat, { name: "ResultFeedFormat", description: "公示结果数据交换格式" });

@ArgsType()
class PublicationFilterArgs {
  @Field(() => String, { nullable: true, description: "市场主体名称（模糊）" }) subjectName?: string;
  @Field(() => String, { nullable: true, description: "统一社会信用代码" }) creditCode?: string;
  @Field(() => ID, { nullable: true, description: "抽查部门" }) departmentId?: string;
  @Field(() => String, { nullable: true, description: "检查日期起（YYYY-MM-DD）" }) inspectedFrom?: string;
  @Field(() => String, { nullable: true, description: "检查日期止（YYYY-MM-DD）" }) inspectedTo?: string;
  @Field(() => String, { nullable: true, description: "结果类别代码" }) categoryCode?: string;
}

@ArgsType()
class PublicationSearchArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "市场主体名称（模糊）" }) subjectName?: string;
  @Field(() => String, { nullable: true, description: "统一社会信用代码" }) creditCode?: string;
  @Field(() => ID, { nullable: true, description: "抽查部门" }) departmentId?: string;
  @Field(() => String, { nullable: true, description: "检查日期起（YYYY-MM-DD）" }) inspectedFrom?: string;
  @Field(() => String, { nullable: true, description: "检查日期止（YYYY-MM-DD）" }) inspectedTo?: string;
  @Field(() => String, { nullable: true, description: "结果类别代码" }) categoryCode?: string;
}

@ArgsType()
class ExportArgs extends PublicationFilterArgs {
  @Field(() => FeedFormat) format: FeedFormat;
  @Field(() => Int, { defaultValue: 5000, description: "最多记录数（1–20000）" })
  @IsOptional()
  @Min(1)
  @Max(20_000)
  limit: number = 5000;
}

/** 一公开: published results, open to anonymous callers; redacted snapshots only. */
@Resolver()
export class PublicationResolver {
  @Query(() => PublishedResultPage, {
    complexity: listComplexity,
    description: `已公示的抽查结果（公开，已脱敏；每页最多 ${MAX_PAGE_SIZE} 条；只含现行版本）`,
  })
  async publishedResults(@Args() args: PublicationSearchArgs): Promise<PublishedResultPage> {
    const { limit: _l, offset: _o, first: _f, after: _a, ...f } = args;
    const result = await publicationService.search(f, pageRequest(args));
    return Object.assign(new PublishedResultPage(), connectionFields(result, PublishedResultType.from));
  }

  @Query(() => [PublishedResultType], { description: "一条结果的公示及更正历史（公开）" })
  async publishedResultHistory(@Arg("resultId", () => ID) resultId: string): Promise<PublishedResultType[]> {
    return (await publicationService.history(resultId)).map(PublishedResultType.from);
  }

  @Query(() => ExportFileType, {
    complexity: 50,
    description: "公示结果数据交换（JSON/CSV，含公示及更正历史；见 docs/EXCHANGE.md）",
  })
  async exportPublishedResults(@Args() { format, limit, ...f }: ExportArgs): Promise<ExportFileType> {
    const file = await publicationService.exportFeed(f, format, limit);
    return Object.assign(new ExportFileType(), {
      fileName: file.fileName,
      mimeType: file.mimeType,
      contentBase64: file.content.toString("base64"),
    });
  }
}
