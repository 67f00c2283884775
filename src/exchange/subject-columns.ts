import { SUBJECT_KINDS, SUBJECT_STATUSES } from "../domain/catalog/code-tables";
import { checkCreditCode, checkDate, checkIndustryCode, checkRegionCode } from "../domain/catalog/fields";
import { code, formatCode, formatList, formatText, list, text } from "./cells";
import type { Column } from "./columns";

/** One row of a 检查对象名录库 file: the shared subject and this department's directory entry. */
export interface SubjectRecord {
  kind: string;
  name: string;
  creditCode: string | null;
  registrationNo: string | null;
  legalRepresentative: string | null;
  address: string | null;
  regionCode: string | null;
  industryCode: string | null;
  status: string | null;
  abnormalListSince: string | null;
  blacklistSince: string | null;
  riskClass: string | null;
  riskSource: string | null;
  riskAssessedOn: string | null;
  tags: string[];
  subLibraries: string[];
  supervisedSince: string | null;
  notes: string | null;
}

export const SUBJECT_COLUMNS: readonly Column<SubjectRecord>[] = [
  {
    key: "kind",
    header: "对象类型",
    aliases: ["主体类型"],
    required: true,
    parse: code(SUBJECT_KINDS, "对象类型"),
    format: formatCode(SUBJECT_KINDS),
  },
  {
    key: "name",
    header: "名称",
    aliases: ["市场主体名称", "检查对象名称"],
    required: true,
    parse: text(200),
    format: formatText,
  },
  { key: "creditCode", header: "统一社会信用代码", parse: checkCreditCode, format: formatText },
  { key: "registrationNo", header: "注册号", parse: text(50), format: formatText },
  {
    key: "legalRepresentative",
    header: "法定代表人（负责人）",
    aliases: ["法定代表人", "负责人"],
    parse: text(50),
    format: formatText,
  },
  { key: "address", header: "地址", aliases: ["住所", "经营场所"], parse: text(300), format: formatText },
  { key: "regionCode", header: "行政区划代码", parse: checkRegionCode, format: formatText },
  { key: "industryCode", header: "行业代码", aliases: ["所属行业"], parse: checkIndustryCode, format: formatText },
  {
    key: "status",
    header: "状态",
    aliases: ["登记状态"],
    parse: code(SUBJECT_STATUSES, "状态"),
    // Empty = not given: a new subject is registered ACTIVE, a registered one keeps its status.
    format: formatCode(SUBJECT_STATUSES),
  },
  { key: "abnormalListSince", header: "列入经营异常名录日期", parse: checkDate, format: formatText },
  {
    key: "blacklistSince",
    header: "列入严重违法失信名单日期",
    aliases: ["列入黑名单日期"],
    parse: checkDate,
    format: formatText,
  },
  { key: "riskClass", header: "风险等级", aliases: ["信用风险分类"], parse: text(20), format: formatText },
  { key: "riskSource", header: "风险等级来源", parse: text(100), format: formatText },
  { key: "riskAssessedOn", header: "风险评定日期", parse: checkDate, format: formatText },
  { key: "tags", header: "行业标签", parse: list, empty: [], format: formatList },
  { key: "subLibraries", header: "子库", aliases: ["分库"], parse: list, empty: [], format: formatList },
  { key: "supervisedSince", header: "纳入监管日期", parse: checkDate, format: formatText },
  { key: "notes", header: "备注", parse: text(1000), format: formatText },
];
