import { Args, Query, Resolver } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { ExportFileType } from "../../schema/catalog/exchange.type";
import { EstimateArgs } from "../../schema/estimates/estimate.args";
import { ComplianceReportType } from "../../schema/estimates/estimate.type";
import { estimatesService, type ReportRequest } from "../../services/estimates/estimates.service";
import { exportReport } from "../../services/estimates/export.service";

const request = (a: EstimateArgs): ReportRequest => ({ ...a });

/** 合规估计: public (anonymous) for published data; a department's own; the coordinator's county. */
@Resolver()
export class EstimateResolver {
  @Public()
  @Query(() => ComplianceReportType, {
    complexity: 200,
    description:
      "合规估计：按抽取记录分层加权估计存在问题的对象比例及其置信区间（公开范围无需登录；见 docs/ESTIMATES.md）",
  })
  async complianceEstimates(@Args() args: EstimateArgs): Promise<ComplianceReportType> {
    return (await estimatesService.report(request(args))) as ComplianceReportType;
  }

  @Public()
  @Query(() => ExportFileType, { complexity: 200, description: "导出合规估计（XLSX，参数同 complianceEstimates）" })
  async exportComplianceEstimates(@Args() args: EstimateArgs): Promise<ExportFileType> {
    const f = await exportReport(await estimatesService.report(request(args)));
    return Object.assign(new ExportFileType(), {
      fileName: f.fileName,
      mimeType: f.mimeType,
      contentBase64: f.content.toString("base64"),
    });
  }
}
