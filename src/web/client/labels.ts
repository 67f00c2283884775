import type { LiveEvent } from "./api";

const ROLE_LABEL: Record<string, string> = {
  ADMIN: "部门管理员",
  PLANNER: "计划制定人员",
  SUPERVISOR: "监督/审核人员",
  INSPECTOR: "执法检查人员",
  VIEWER: "只读",
  PLATFORM_ADMIN: "平台管理员",
};

export const roleLabel = (r: string) => ROLE_LABEL[r] ?? r;

/** An inspector's own feed (topic ASSIGNMENT, payload.change). */
export const ASSIGNMENT_CHANGE: Record<string, string> = {
  ASSIGNED: "新分配检查任务",
  SUBSTITUTED_IN: "递补选派检查任务",
  RECUSED: "已回避，退出检查组",
  CANCELLED: "检查任务已取消（抽取作废）",
  RESULT_RETURNED: "检查结果被退回，请修改后重新提交",
  DATE_AGREED: "联合检查日期已确定",
  VISIT_DATE_AGREED: "与企业预约的检查日期已确定",
};

/** Department progress (topic TASK_PROGRESS, payload.event or payload.kind). */
export const PROGRESS_EVENT: Record<string, string> = {
  DRAWN: "完成随机抽取",
  VOIDED: "抽取作废",
  SUBSTITUTED: "递补选派",
  FOLLOW_UP_TRANSFER: "收到其他部门移交/抄告",
};

/** Joint progress (topic JOINT_PROGRESS, payload.event). */
export const JOINT_EVENT: Record<string, string> = {
  INVITED: "发出联合抽查邀请",
  CONFIRMED: "部门确认参与",
  DECLINED: "部门拒绝参与",
  APPROVED: "发起部门批准任务，已公布随机种子承诺值",
  DRAWN: "完成联合抽取",
  VOIDED: "联合抽取作废",
  SUBSTITUTED: "联合检查组回避递补",
  CONSOLIDATED: "重复检查合并为联合检查",
  VISIT_PROPOSE: "提出联合检查日期",
  VISIT_ACCEPT: "部门接受联合检查日期",
  VISIT_PROPOSE_OTHER: "部门另提联合检查日期",
  VISIT_RESOLVE: "牵头协调部门裁定联合检查日期",
  VISIT_PUBLISH: "部门登记已公示检查结果",
  VISIT_NOT_PUBLISHED: "部门登记检查结果不予公示（附原因）",
};

const IMPORT_PHASE: Record<string, string> = { VALIDATE: "读取并校验", MATCH: "匹配已登记对象", WRITE: "写入" };
const IMPORT_STATUS: Record<string, string> = {
  RUNNING: "进行中",
  SUCCEEDED: "已导入",
  REJECTED: "有错误，未导入",
  FAILED: "失败",
};

const TOPIC_LABEL: Record<string, string> = {
  ASSIGNMENT: "任务",
  NOTICE: "通知",
  TASK_PROGRESS: "进度",
  DEADLINE_ALERT: "期限",
  JOINT_PROGRESS: "联合",
  PUBLIC_RESULT: "公示",
};

export const topicLabel = (t: string | null) => (t && TOPIC_LABEL[t]) || "事件";

/** Names of the tasks and departments events refer to by id (filled by the page; absent names are left out). */
export interface EventNames {
  task(id: string): string | undefined;
  department(id: string): string | undefined;
}
const NO_NAMES: EventNames = { task: () => undefined, department: () => undefined };

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const idOf = (v: unknown) => (typeof v === "string" ? v : "");

/** The task ids and department ids an event names, so that the page can load their names first. */
export function referencedIds(e: LiveEvent): { tasks: string[]; jointTasks: string[]; departments: string[] } {
  const p = e.payload ?? {};
  return {
    tasks: [idOf(p.taskId)].filter(Boolean),
    jointTasks: [idOf(p.jointTaskId)].filter(Boolean),
    departments: [idOf(p.departmentId), idOf(p.fromDepartmentId), idOf(p.toDepartmentId)].filter(Boolean),
  };
}

/**
 * One line of Chinese for a live event, naming its task and department where the event carries them. Every
 * kind the server sends has a label here (test/unit/live/event-labels.test.ts); an unknown kind falls back to a
 * generic Chinese line, never to the raw code.
 */
export function describeEvent(e: LiveEvent, names: EventNames = NO_NAMES): string {
  const p = e.payload ?? {};
  const task = names.task(idOf(p.taskId)) ?? names.task(idOf(p.jointTaskId));
  const dept = names.department(idOf(p.departmentId));
  const where = [task ? `“${task}”` : "", dept ?? ""].filter(Boolean).join(" · ");
  const suffix = where ? `（${where}）` : "";
  switch (e.topic) {
    case "ASSIGNMENT": {
      const what = ASSIGNMENT_CHANGE[str(p.change)] ?? "检查任务有变化";
      const role = p.role === "LEADER" ? "（组长）" : p.role === "MEMBER" ? "（组员）" : "";
      const window = p.windowFrom ? `，检查期 ${str(p.windowFrom)} 至 ${str(p.windowTo)}` : "";
      const date = p.change === "DATE_AGREED" && p.date ? `：${str(p.date)}` : "";
      return `${what}${role}${date}${window}${suffix}`;
    }
    case "NOTICE": {
      const from = (p.from as { displayName?: string } | undefined)?.displayName;
      return `${from ? `${from}：` : ""}${str(p.message)}`;
    }
    case "TASK_PROGRESS":
      if (p.kind === "NOTICE_SENT") return `已向 ${str(p.recipients)} 人发送通知`;
      if (p.kind === "IMPORT") {
        const status = IMPORT_STATUS[str(p.status)] ?? "进行中";
        const phase = p.phase ? `，${IMPORT_PHASE[str(p.phase)] ?? "处理中"}` : "";
        const rows = p.rows_read !== undefined ? `，已读 ${str(p.rows_read)} 行` : "";
        return `名录导入${status}${phase}${rows}`;
      }
      if (p.event) return `${PROGRESS_EVENT[str(p.event)] ?? "任务进度更新"}，涉及 ${str(p.count)} 户${suffix}`;
      return `任务进度更新${suffix}`;
    case "DEADLINE_ALERT":
      return `${str(p.message) || str(p.text) || "期限提醒"}${suffix}`;
    case "JOINT_PROGRESS": {
      const what = JOINT_EVENT[str(p.event)] ?? "联合抽查进度更新";
      const date = p.agreedDate ? `，检查日期 ${str(p.agreedDate)}` : "";
      const count = p.targets !== undefined ? `，${str(p.targets)} 户` : "";
      return `联合抽查：${what}${count}${date}${suffix}`;
    }
    case "PUBLIC_RESULT":
      return `${p.corrected ? "更正公示" : "新公示抽查结果"}：${str(p.subjectName) || "检查对象"}`;
    default:
      return "事件";
  }
}
