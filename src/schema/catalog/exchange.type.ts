import { Field, Int, ObjectType } from "type-graphql";
import { ExchangeKind, ImportMode } from "./catalog.enum";

@ObjectType("ImportRejection", { description: "被拒绝的行：行号（表头为第 1 行）、列和原因" })
export class ImportRejectionType {
  @Field(() => Int) row: number;
  @Field() column: string;
  @Field() reason: string;
}

@ObjectType("ImportReport", { description: "导入结果" })
export class ImportReportType {
  @Field(() => ExchangeKind) kind: ExchangeKind;
  @Field(() => ImportMode) mode: ImportMode;
  @Field(() => Int, { description: "数据行数（不含表头和空行）" }) totalRows: number;
  @Field(() => Int) inserted: number;
  @Field(() => Int) updated: number;
  @Field({ description: "是否已写入；全部成功才导入模式下有错误时为 false，且未写入任何行" }) committed: boolean;
  @Field(() => [ImportRejectionType]) rejections: ImportRejectionType[];
}

@ObjectType("ExportFile", { description: "导出的文件（Base64）" })
export class ExportFileType {
  @Field() fileName: string;
  @Field() mimeType: string;
  @Field() contentBase64: string;
}
