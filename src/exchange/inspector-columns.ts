import { GENDERS, INSPECTOR_POSTS, INSPECTOR_STATUSES } from "../domain/catalog/code-tables";
import { checkDate, checkRegionCode, checkYesNo } from "../domain/catalog/fields";
import { validateIdNumber } from "../domain/id-number";
import { code, formatCode, formatList, formatText, formatYesNo, list, text } from "./cells";
import type { Column } from "./columns";

/** One row of a 执法检查人员名录库 file. `idNumber` exists only while importing; it is never stored or exported. */
export interface InspectorRecord {
  name: string;
  gender: string | null;
  idNumber: string | null;
  certificateNo: string;
  enforcementCategories: string[];
  post: string;
  position: string | null;
  expertise: string[];
  regionCode: string | null;
  status: string;
  statusSince: string | null;
  isExternalExpert: boolean;
  organisation: string | null;
  username: string | null;
  leaderEligible: boolean;
  subLibraries: string[];
}

/** Export shows only the last four characters of the identity number. */
export interface InspectorExportRecord extends Omit<InspectorRecord, "idNumber"> {
  idNumber: string | null;
}

export const INSPECTOR_COLUMNS: readonly Column<InspectorRecord>[] = [
  { key: "name", header: "姓名", required: true, parse: text(50), format: formatText },
  { key: "gender", header: "性别", parse: code(GENDERS, "性别"), format: formatCode(GENDERS) },
  {
    key: "idNumber",
    header: "身份证号码",
    aliases: ["身份证号"],
    // The message never echoes the number (personal data). An exported “尾号1234” re-imports as “unchanged”.
    parse: (cell) => {
      if (/^尾号[0-9]{3}[0-9Xx]$/.test(cell)) return { ok: true, value: null };
      const r = validateIdNumber(cell);
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
    },
    // Export passes only the last four (“尾号1234”); sample templates pass a full (fictitious) number.
    format: (v) => (!v ? "" : String(v).length === 4 ? `尾号${v}` : String(v)),
  },
  { key: "certificateNo", header: "执法证号", required: true, parse: text(40), format: formatText },
  { key: "enforcementCategories", header: "执法类别", parse: list, empty: [], format: formatList },
  {
    key: "post",
    header: "岗位",
    aliases: ["执法岗位"],
    parse: code(INSPECTOR_POSTS, "岗位"),
    empty: "ENFORCEMENT",
    format: formatCode(INSPECTOR_POSTS),
  },
  { key: "position", header: "职务", parse: text(50), format: formatText },
  {
    key: "expertise",
    header: "专业特长",
    aliases: ["业务专长", "擅长领域"],
    parse: list,
    empty: [],
    format: formatList,
  },
  { key: "regionCode", header: "执法区域", aliases: ["行政区划代码"], parse: checkRegionCode, format: formatText },
  {
    key: "status",
    header: "状态",
    parse: code(INSPECTOR_STATUSES, "状态"),
    empty: "ON_DUTY",
    format: formatCode(INSPECTOR_STATUSES),
  },
  { key: "statusSince", header: "状态起始日期", parse: checkDate, format: formatText },
  { key: "isExternalExpert", header: "是否外部专家", parse: checkYesNo, empty: false, format: formatYesNo },
  { key: "organisation", header: "所在单位", aliases: ["单位"], parse: text(100), format: formatText },
  { key: "username", header: "登录名", parse: text(40), format: formatText },
  { key: "leaderEligible", header: "可任组长", parse: checkYesNo, empty: true, format: formatYesNo },
  { key: "subLibraries", header: "子库", parse: list, empty: [], format: formatList },
];
