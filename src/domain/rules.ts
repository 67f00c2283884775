/**
 * Every named rule a refusal can cite (GraphQL `extensions.rule`), with what it protects in Chinese: one table for
 * clients (the public `ruleCodes` query), the docs and the services. A refusal's own message says what to do in
 * that case; the title here names the rule. test/unit/domain/rules.test.ts fails for a rule cited anywhere in src
 * that is not here, so no rule is a free string.
 */
export const RULES = {
  // Every lifecycle (src/domain/lifecycle.ts): a row moves only by a declared move of its state
  INVALID_TRANSITION: "状态变更须符合该事项的流程（如草稿须先提交审批才能批准）",
  // Plans and tasks (计划与任务)
  PLAN_NOT_APPROVED: "任务须在已批准的计划下新建",
  PLAN_NOT_PUBLISHED: "抽取须在公开的计划下进行",
  PLAN_PUBLISHED_FROZEN: "已公布的计划不得随意修改（修改须说明理由，作为计划修订公开）",
  DRAW_WINDOW_ENDED: "任务期限已过不能再抽取",
  SAMPLING_FLOOR: "抽查比例不得低于本部门规定的下限（降低须记录理由）",
  GENERAL_ITEM_RATIO_CAP: "一般检查事项的抽查比例不得超过其上限",
  // The draw (摇号)
  EMPTY_POPULATION: "筛选和排除后须有可抽取的检查对象",
  DRAW_NOT_LOCKED: "抽取前须先锁定抽取参数",
  DRAW_NOTICE_PERIOD: "锁定后须经过公告期才能抽取（当场抽取须说明理由）",
  DRAW_WITNESS: "现场监督人须为本部门监督人员，且不是操作人或锁定人",
  DRAW_WITNESS_PENDING: "须由现场监督人本人确认后才能抽取",
  DRAW_WITNESS_LAPSED: "确认后的现场监督人在抽取时须仍具备监督资格（在岗、监督人员角色、所在单位仍为指定监督机构）",
  RECUSAL_CAP: "一次抽取的回避递补次数有上限（超限须说明理由并公开）",
  NO_ELIGIBLE_SUBSTITUTE: "递补须有符合条件的人员",
  NO_FEASIBLE_TEAM: "每个检查对象须能组成符合规则的检查组",
  // Teams and assignments (检查组与指派)
  DIRECT_ASSIGNMENT_NOT_ALLOWED: "任务未允许指派",
  NOT_ENFORCEMENT: "检查组成员须为具有执法类别的执法检查人员",
  CATEGORIES_MISSING: "检查组须具备事项要求的执法类别",
  TOO_FEW_ENFORCEMENT: "检查组执法检查人员不得少于规定人数",
  ENFORCEMENT_CATEGORY: "检查人员须具备事项要求的执法类别",
  INSPECTOR_UNAVAILABLE: "检查人员须在岗",
  CONFLICT_OF_INTEREST: "有利害关系的人员须回避",
  ROTATION: "同一人员在轮换期内不得检查同一对象",
  // Inspection and results (检查与结果)
  INSPECTION_DATE: "检查日期须在抽取之后、今天及以前",
  JOINT_VISIT_DATE: "联合检查须在商定的检查日期进行",
  RECORD_INCOMPLETE: "检查记录须填写完整",
  INSPECTOR_SIGNOFF: "检查记录须由组长及规定人数的执法检查人员签字",
  MAKER_CHECKER: "编制与审核须分离",
  FEEDBACK_BEFORE_REPORT: "检查结果须在检查报告完成后向被检查对象反馈",
  FEEDBACK_DATE: "检查结果反馈的送达日期须在检查报告完成之后、今天及以前",
  // Follow-up (后续处置)
  NOT_IN_DIRECTORY: "调整风险等级的对象须在本部门名录库中",
  NOT_A_CASE: "只有立案查处或行政处罚事项有案件编号和处罚决定",
  TRANSFER_PENDING: "移交须被接收或退回后才能办结",
  // Item lists (事项清单)
  NO_DRAFT: "须先新建清单草稿",
  EMPTY_LIST: "发布的清单至少有一个事项",
  PUBLISHED_VERSION_IMMUTABLE: "已发布的清单版本不可修改",
  // Joint inspection (部门联合抽查)
  JOINT_TOO_FEW_DEPARTMENTS: "部门联合抽查须有至少两个部门",
  JOINT_NOT_CONFIRMED: "参与部门确认后才能进行下一步",
  JOINT_PLAN_EMPTY: "公布的联合抽查计划须至少有一个任务",
  CHECKLIST_INVALID: "参与部门的事项须能合并为一张检查清单",
  DATE_IN_PAST: "检查日期不能早于今天",
  INVALID_WINDOW: "任务期限须有效",
  TOO_FEW_PARTICIPANTS: "联合检查须有至少两个参与部门",
  // The inspected firm (检查对象)
  BOOKING_WINDOW_CLOSED: "预约须在部门允许的时间范围内",
} as const satisfies Record<string, string>;

export type RuleCode = keyof typeof RULES;

export const isRuleCode = (code: string): code is RuleCode => Object.hasOwn(RULES, code);
