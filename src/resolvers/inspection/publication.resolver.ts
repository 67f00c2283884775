import { Arg, Args, ID, Query, Resolver } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { ExportFileType } from "../../schema/catalog/exchange.type";
import { ExportArgs, PublicationSearchArgs } from "../../schema/inspection/publication.args";
import { PublishedResultPage, PublishedResultType } from "../../schema/inspection/result.type";
import { connectionFields, listComplexity, MAX_PAGE_SIZE, pageRequest } from "../../schema/pagination";
import { publicationService } from "../../services/inspection/publication.service";

/** 一公开: published results, open to anonymous callers; redacted snapshots only. */
@Resolver()
export class PublicationResolver {
  @Public()
  @Query(() => PublishedResultPage, {
    complexity: listComplexity,
    description: `已公示的抽查结果（公开，已脱敏；每页最多 ${MAX_PAGE_SIZE} 条；只含现行版本）`,
  })
  async publishedResults(@Args() args: PublicationSearchArgs): Promise<PublishedResultPage> {
    const { limit: _l, offset: _o, first: _f, after: _a, ...f } = args;
    const result = await publicationService.search(f, pageRequest(args));
    return Object.assign(new PublishedResultPage(), connectionFields(result, PublishedResultType.from));
  }

  @Public()
  @Query(() => [PublishedResultType], { description: "一条结果的公示及更正历史（公开）" })
  async publishedResultHistory(@Arg("resultId", () => ID) resultId: string): Promise<PublishedResultType[]> {
    return (await publicationService.history(resultId)).map(PublishedResultType.from);
  }

  @Public()
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
