import { Arg, Authorized, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import { isIsoDate } from "../../calendar";
import { badInput } from "../../errors";
import { FileFormat } from "../../schema/catalog/catalog.enum";
import { ExportFileType } from "../../schema/catalog/exchange.type";
import { InspectionSummaryType, SummaryRowType } from "../../schema/inspection/result.type";
import { inspectionReportService } from "../../services/inspection/inspection-report.service";

@Resolver(() => InspectionSummaryType)
export class InspectionReportResolver {
  @FieldResolver(() => [SummaryRowType], {
    description: "汇总表明细（每户一行；指标在 SQL 中汇总，明细仅在查询本字段时读取）",
  })
  async rows(@Root() s: InspectionSummaryType): Promise<SummaryRowType[]> {
    return (await inspectionReportService.summaryRows(s.year, s.taskId ?? undefined)).map((r) =>
      Object.assign(new SummaryRowType(), r),
    );
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => InspectionSummaryType, { complexity: 100, description: "抽查情况汇总表（附件7）及考核指标" })
  async inspectionSummary(
    @Arg("year", () => Int) year: number,
    @Arg("taskId", () => ID, { nullable: true }) taskId?: string,
    @Arg("today", () => String, { nullable: true, description: "按指定日期统计逾期（默认今天）" }) today?: string,
  ): Promise<InspectionSummaryType> {
    if (today && !isIsoDate(today)) throw badInput("today", "日期应为 YYYY-MM-DD 格式");
    return Object.assign(
      new InspectionSummaryType(),
      await inspectionReportService.summary(year, taskId ?? undefined, today ?? undefined),
    );
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER)
  @Query(() => ExportFileType, { complexity: 100, description: "导出抽查情况汇总表（CSV/XLSX）" })
  async exportInspectionSummary(
    @Arg("year", () => Int) year: number,
    @Arg("format", () => FileFormat) format: FileFormat,
    @Arg("taskId", () => ID, { nullable: true }) taskId?: string,
  ): Promise<ExportFileType> {
    const f = await inspectionReportService.exportSummary(year, taskId ?? undefined, format);
    return Object.assign(new ExportFileType(), {
      fileName: f.fileName,
      mimeType: f.mimeType,
      contentBase64: f.content.toString("base64"),
    });
  }
}
