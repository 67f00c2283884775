import { registerEnumType } from "type-graphql";
import {
  CHECK_METHODS,
  CONFLICT_REASONS,
  type CodeTable,
  GENDERS,
  INSPECTOR_POSTS,
  INSPECTOR_STATUSES,
  ITEM_CLASSES,
  LEGAL_BASIS_KINDS,
  SUBJECT_KINDS,
  SUBJECT_STATUSES,
} from "../../domain/catalog/code-tables";

/** A GraphQL enum from a code table: values are the codes, descriptions the Chinese labels. */
function enumOf<C extends string>(name: string, description: string, table: CodeTable<C>): { [K in C]: K } {
  const e = Object.fromEntries(Object.keys(table).map((k) => [k, k])) as { [K in C]: K };
  registerEnumType(e, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.entries<string>(table).map(([k, label]) => [k, { description: label }]),
    ) as Partial<Record<C, { description: string }>>,
  });
  return e;
}

export const SubjectKind = enumOf("SubjectKind", "检查对象类型", SUBJECT_KINDS);
export const SubjectStatus = enumOf("SubjectStatus", "检查对象登记状态", SUBJECT_STATUSES);
export const CheckMethod = enumOf("CheckMethod", "检查方式", CHECK_METHODS);
export const LegalBasisKind = enumOf("LegalBasisKind", "检查依据的效力层级", LEGAL_BASIS_KINDS);
export const ItemClass = enumOf("ItemClass", "事项类别：重点（不设比例上限）或一般（须设比例上限）", ITEM_CLASSES);
export const InspectorPost = enumOf("InspectorPost", "岗位", INSPECTOR_POSTS);
export const InspectorStatus = enumOf("InspectorStatus", "执法检查人员状态", INSPECTOR_STATUSES);
export const Gender = enumOf("Gender", "性别", GENDERS);
export const ConflictReason = enumOf("ConflictReason", "回避事由", CONFLICT_REASONS);
export const ItemListStatus = enumOf("ItemListStatus", "清单版本状态", { DRAFT: "草稿", PUBLISHED: "已发布" });
export const ExchangeKind = enumOf("ExchangeKind", "导入导出的数据种类", {
  SUBJECTS: "检查对象名录库",
  INSPECTORS: "执法检查人员名录库",
  ITEMS: "随机抽查事项清单",
});
export const FileFormat = enumOf("FileFormat", "文件格式", { CSV: "CSV（UTF-8）", XLSX: "Excel 工作簿" });
export const ImportMode = enumOf("ImportMode", "导入方式", {
  ALL_OR_NOTHING: "全部成功才导入（有任一错误则不导入任何行）",
  VALID_ROWS: "只导入正确的行，报告错误行",
});

export const ImportJobStatus = enumOf("ImportJobStatus", "导入任务状态", {
  RUNNING: "进行中",
  SUCCEEDED: "已导入",
  REJECTED: "有错误，未导入（全部成功才导入）",
  FAILED: "失败（未导入）",
});
export const ImportPhase = enumOf("ImportPhase", "导入阶段", {
  VALIDATE: "读取并校验",
  MATCH: "匹配已登记对象",
  WRITE: "写入",
});

export type SubjectKind = keyof typeof SubjectKind;
export type SubjectStatus = keyof typeof SubjectStatus;
export type CheckMethod = keyof typeof CheckMethod;
export type LegalBasisKind = keyof typeof LegalBasisKind;
export type ItemClass = keyof typeof ItemClass;
export type InspectorPost = keyof typeof InspectorPost;
export type InspectorStatus = keyof typeof InspectorStatus;
export type Gender = keyof typeof Gender;
export type ConflictReason = keyof typeof ConflictReason;
export type ItemListStatus = keyof typeof ItemListStatus;
export type ExchangeKind = keyof typeof ExchangeKind;
export type FileFormat = keyof typeof FileFormat;
export type ImportMode = keyof typeof ImportMode;
export type ImportJobStatus = keyof typeof ImportJobStatus;
export type ImportPhase = keyof typeof ImportPhase;
