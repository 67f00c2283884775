import {
  CHECK_METHOD_ALIASES,
  CHECK_METHODS,
  ITEM_CLASS_ALIASES,
  ITEM_CLASSES,
  SUBJECT_KINDS,
  splitList,
} from "../domain/catalog/code-tables";
import { checkIndustryCode } from "../domain/catalog/fields";
import { formatLegalBasisCell, type LegalBasisCitation, parseLegalBasisCell } from "../domain/catalog/legal-basis-text";
import { formatRatio, parseRatio } from "../domain/catalog/ratio";
import { code, codes, formatCode, formatCodes, formatList, formatText, list, text } from "./cells";
import type { Column } from "./columns";

/** One row of a 随机抽查事项清单 file. Departments are named by tenant code or full name. */
export interface ItemRecord {
  code: string;
  category: string;
  name: string;
  content: string;
  methods: string[];
  legalBasis: LegalBasisCitation[];
  targetKinds: string[];
  /** 适用行业: 国民经济行业分类 codes (a section letter or 2–4 digits); empty = every industry. */
  targetIndustryCodes: string[];
  targetDescription: string | null;
  itemClass: string;
  ratioCap: number | null;
  defaultRatio: number | null;
  frequency: string | null;
  requiredCategories: string[];
  initiatingDepartment: string | null;
  cooperatingDepartments: string[];
}

const ratio = (cell: string) => parseRatio(cell);

/** "C13、C14" or "C13,1311": each a 国民经济行业分类 code, the first bad one named. */
function industries(cell: string) {
  const out: string[] = [];
  for (const part of splitList(cell)) {
    const v = checkIndustryCode(part);
    if (!v.ok) return { ok: false as const, message: `“${part}”：${v.message}` };
    if (!out.includes(v.value)) out.push(v.value);
  }
  return { ok: true as const, value: out };
}

export const ITEM_COLUMNS: readonly Column<ItemRecord>[] = [
  {
    key: "code",
    header: "抽查事项编码",
    aliases: ["事项编码", "序号"],
    required: true,
    parse: (c) =>
      /^[A-Za-z0-9._-]{1,40}$/.test(c)
        ? { ok: true, value: c }
        : { ok: false, message: "编码只能含字母、数字、点、下划线或连字符（1–40 位）" },
    format: formatText,
  },
  { key: "category", header: "抽查类别", aliases: ["检查项目"], required: true, parse: text(200), format: formatText },
  {
    key: "name",
    header: "抽查事项",
    aliases: ["检查事项名称", "事项名称"],
    required: true,
    parse: text(300),
    format: formatText,
  },
  { key: "content", header: "抽查内容", aliases: ["检查内容"], parse: text(20000), empty: "", format: formatText },
  {
    key: "methods",
    header: "检查方式",
    aliases: ["抽查方式"],
    required: true,
    parse: codes(CHECK_METHODS, "检查方式", CHECK_METHOD_ALIASES),
    format: formatCodes(CHECK_METHODS),
  },
  {
    key: "legalBasis",
    header: "检查依据",
    aliases: ["抽查依据"],
    required: true,
    parse: (c) => {
      const r = parseLegalBasisCell(c);
      return r.ok && r.value.length === 0 ? { ok: false, message: "至少填写一条检查依据" } : r;
    },
    format: (v) => formatLegalBasisCell((v ?? []) as LegalBasisCitation[]),
  },
  {
    key: "targetKinds",
    header: "检查对象类型",
    parse: codes(SUBJECT_KINDS, "检查对象类型"),
    empty: [],
    format: formatCodes(SUBJECT_KINDS),
  },
  {
    key: "targetIndustryCodes",
    header: "适用行业",
    aliases: ["适用行业代码", "行业代码"],
    parse: industries,
    empty: [],
    format: formatList,
  },
  { key: "targetDescription", header: "检查对象", aliases: ["抽查对象"], parse: text(300), format: formatText },
  {
    key: "itemClass",
    header: "事项类别",
    required: true,
    parse: code(ITEM_CLASSES, "事项类别", ITEM_CLASS_ALIASES),
    format: formatCode(ITEM_CLASSES),
  },
  { key: "ratioCap", header: "抽查比例上限", parse: ratio, format: (v) => formatRatio(v as number | null) },
  {
    key: "defaultRatio",
    header: "抽查比例",
    aliases: ["默认抽查比例"],
    parse: ratio,
    format: (v) => formatRatio(v as number | null),
  },
  { key: "frequency", header: "抽查频次", parse: text(100), format: formatText },
  { key: "requiredCategories", header: "执法类别要求", parse: list, empty: [], format: formatList },
  { key: "initiatingDepartment", header: "发起部门", parse: text(100), format: formatText },
  { key: "cooperatingDepartments", header: "配合部门", parse: list, empty: [], format: formatList },
];
