import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import type { GqlContext } from "../../context/app-context";
import { badInput } from "../../errors";
import { readTable } from "../../exchange";
import { ExchangeKind, FileFormat } from "../../schema/catalog/catalog.enum";
import { ImportFileInput } from "../../schema/catalog/exchange.args";
import { ExportFileType, ImportReportType } from "../../schema/catalog/exchange.type";
import { ImportJobType } from "../../schema/catalog/import-job.type";
import { type ExportedFile, exportService } from "../../services/catalog/export.service";
import { importService, rowsOf } from "../../services/catalog/import.service";
import { importJobService } from "../../services/catalog/import-job.service";

const toType = (f: ExportedFile) =>
  Object.assign(new ExportFileType(), {
    fileName: f.fileName,
    mimeType: f.mimeType,
    contentBase64: f.content.toString("base64"),
  });

@Resolver()
export class ExchangeResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => ImportReportType, {
    description: "导入 CSV/XLSX：检查对象名录库、执法检查人员名录库或事项清单（写入草稿）",
  })
  async importFile(@Arg("input") input: ImportFileInput): Promise<ImportReportType> {
    const { table } = await readUpload(input);
    const outcome = await importService.importRows(input.kind, rowsOf(table), input.mode === "ALL_OR_NOTHING");
    return Object.assign(new ImportReportType(), { kind: input.kind, mode: input.mode, ...outcome });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ImportJobType, {
    description:
      "在后台导入 CSV/XLSX（与 importFile 相同的规则）：立即返回导入任务，用 importJob 查询进度，或订阅部门看板的 TASK_PROGRESS 事件",
  })
  async startImport(@Arg("input") input: ImportFileInput, @Ctx() { app }: GqlContext): Promise<ImportJobType> {
    const { table, bytes } = await readUpload(input);
    const job = await importJobService.start(
      { kind: input.kind, mode: input.mode, format: input.format, bytes, table },
      app,
    );
    return ImportJobType.from(job);
  }

  @Authorized(Role.ADMIN)
  @Query(() => ImportJobType, { description: "导入任务的进度与结果（本部门）" })
  async importJob(@Arg("id", () => ID) id: string): Promise<ImportJobType> {
    return ImportJobType.from(await importJobService.get(id));
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR)
  @Query(() => ExportFileType, { description: "导出本部门名录库（中文表头）" })
  async exportDirectory(
    @Arg("kind", () => ExchangeKind) kind: ExchangeKind,
    @Arg("format", () => FileFormat) format: FileFormat,
  ): Promise<ExportFileType> {
    if (kind === "ITEMS") throw badInput("kind", "事项清单请用 exportItemList 导出");
    return toType(await exportService.directory(kind, format));
  }

  @Public()
  @Query(() => ExportFileType, { description: "导出事项清单版本（公开：已发布版本）" })
  async exportItemList(
    @Arg("versionId", () => ID) versionId: string,
    @Arg("format", () => FileFormat) format: FileFormat,
  ): Promise<ExportFileType> {
    return toType(await exportService.itemList(versionId, format));
  }
}

/** Decodes and reads an uploaded file; a file that cannot be read is a BAD_USER_INPUT naming contentBase64. */
async function readUpload(input: ImportFileInput): Promise<{ table: string[][]; bytes: number }> {
  const buffer = Buffer.from(input.contentBase64, "base64");
  try {
    return { table: await readTable(input.format, buffer), bytes: buffer.length };
  } catch {
    throw badInput("contentBase64", `无法读取该${input.format}文件，请确认文件格式`);
  }
}
