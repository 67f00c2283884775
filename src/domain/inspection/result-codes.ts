/**
 * 检查结果类别: the seeded code table (result_code), in the provincial platform's usual order. Departments map the
 * codes to the provincial platform's own codes (result_code_mapping).
 */
export const RESULT_CODES = [
  { code: "NO_PROBLEM", name: "未发现问题", problemFound: false },
  { code: "NOT_DISCLOSED", name: "未按规定公示应当公示的信息", problemFound: true },
  { code: "FALSE_DISCLOSURE", name: "公示信息隐瞒真实情况、弄虚作假", problemFound: true },
  { code: "UNREACHABLE", name: "通过登记的住所（经营场所）无法联系", problemFound: true },
  { code: "OBSTRUCTED", name: "不配合检查情节严重", problemFound: true },
  { code: "NO_RELEVANT_ACTIVITY", name: "未发现开展本次抽查涉及的经营活动", problemFound: false },
  { code: "CORRECTED", name: "发现问题已责令改正", problemFound: true },
  { code: "PENDING_FOLLOW_UP", name: "发现问题待后续处理", problemFound: true },
  { code: "DEREGISTERED", name: "已注销/已吊销", problemFound: false },
  { code: "OTHER", name: "其他", problemFound: false },
] as const;

export type ResultCode = (typeof RESULT_CODES)[number]["code"];

export const resultCodeName = (code: string): string => RESULT_CODES.find((c) => c.code === code)?.name ?? code;
