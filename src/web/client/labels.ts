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

const ASSIGNMENT_CHANGE: Record<string, string> = {
  ASSIGNED: "新分配检查任务",
  SUBSTITUTED_IN: "递补选派检查任务",
  RECUSED: "已回避，退出检查组",
  CANCELLED: "检查任务已取消（抽取作废）",
};

const PROGRESS_EVENT: Record<string, string> = {
  DRAWN: "完成随机抽取",
  VOIDED: "抽取作废",
  SUBSTITUTED: "递补选派",
  FOLLOW_UP_TRANSFER: "收到其他部门移交/抄告",
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

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** One line of Chinese for a live event; unknown shapes fall back to a generic line rather than failing. */
export function describeEvent(e: LiveEvent): string {
  const p = e.payload ?? {};
  switch (e.topic) {
    case "ASSIGNMENT": {
      const what = ASSIGNMENT_CHANGE[str(p.change)] ?? "检查任务有变化";
      const role = p.role === "LEADER" ? "（组长）" : p.role === "MEMBER" ? "（组员）" : "";
      const window = p.windowFrom ? `，检查期 ${str(p.windowFrom)} 至 ${str(p.windowTo)}` : "";
      return `${what}${role}${window}`;
    }
    case "NOTICE": {
      const from = (p.from as { displayName?: string } | undefined)?.displayName;
      return `${from ? `${from}：` : ""}${str(p.message)}`;
    }
    case "TASK_PROGRESS":
      if (p.kind === "NOTICE_SENT") return `已向 ${str(p.recipients)} 人发送通知`;
      if (p.event) return `${PROGRESS_EVENT[str(p.event)] ?? str(p.event)}，涉及 ${str(p.count)} 户`;
      return "任务进度更新";
    case "DEADLINE_ALERT":
      return str(p.message) || str(p.text) || "期限提醒";
    case "JOINT_PROGRESS":
      return str(p.message) || (p.event ? `联合抽查：${str(p.event)}` : "联合抽查进度更新");
    case "PUBLIC_RESULT":
      return str(p.subjectName) || str(p.title) || "新公示抽查结果";
    default:
      return "事件";
  }
}
