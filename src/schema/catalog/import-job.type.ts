import { Field, ID, Int, ObjectType } from "type-graphql";
import type { ImportJobEntity } from "../../entities/catalog/import-job.entity";
import { ExchangeKind, FileFormat, ImportJobStatus, ImportMode, ImportPhase } from "./catalog.enum";
import { ImportRejectionType } from "./exchange.type";

@ObjectType("ImportJob", { description: "导入任务（后台导入的进度与结果）" })
export class ImportJobType {
  @Field(() => ID) id: string;
  @Field(() => ExchangeKind) kind: ExchangeKind;
  @Field(() => ImportMode) mode: ImportMode;
  @Field(() => FileFormat) format: FileFormat;
  @Field(() => Int, { description: "文件大小（字节）" }) bytes: number;
  @Field(() => ImportJobStatus) status: ImportJobStatus;
  @Field(() => ImportPhase, { nullable: true, description: "当前阶段（进行中时）" }) phase: ImportPhase | null;
  @Field(() => Int, { description: "已读取的数据行数" }) rowsRead: number;
  @Field(() => Int, { nullable: true, description: "数据行数（完成后）" }) totalRows: number | null;
  @Field(() => Int, { nullable: true }) inserted: number | null;
  @Field(() => Int, { nullable: true }) updated: number | null;
  @Field(() => Int, { nullable: true, description: "被拒绝的行（格）数" }) rejected: number | null;
  @Field(() => [ImportRejectionType], { description: "被拒绝的行（最多前 1000 条）" })
  rejections: ImportRejectionType[];
  @Field(() => String, { nullable: true, description: "失败原因" }) error: string | null;
  @Field() startedAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;

  static from(e: ImportJobEntity): ImportJobType {
    return Object.assign(new ImportJobType(), {
      id: e.id,
      kind: e.kind,
      mode: e.mode,
      format: e.format,
      bytes: e.bytes,
      status: e.status,
      phase: e.phase,
      rowsRead: e.rowsRead,
      totalRows: e.totalRows,
      inserted: e.inserted,
      updated: e.updated,
      rejected: e.rejected,
      rejections: e.rejections,
      error: e.error,
      startedAt: e.startedAt,
      updatedAt: e.updatedAt,
      finishedAt: e.finishedAt,
    });
  }
}
