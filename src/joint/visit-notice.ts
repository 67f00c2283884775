import type { MergedChecklist } from "./checklist";
import {
  type InspectionTarget,
  type PrintedExpert,
  type PrintedInspector,
  type PrintedTarget,
  printedExperts,
  printedInspectors,
  printedTarget,
} from "./document-parts";
import type { IsoDate } from "./iso-date";
import type { JointTeam } from "./team";

export interface VisitNoticeInput {
  readonly target: InspectionTarget;
  /** The visit date announced to the target (the agreed date once there is one). */
  readonly proposedDate: IsoDate;
  readonly checklist: MergedChecklist;
  readonly team: JointTeam;
  /** 需准备的材料, in the order to print; blanks and repeats are dropped. */
  readonly materials: readonly string[];
  readonly contact?: { readonly name: string; readonly phone: string } | null;
  readonly noticeNo?: string | null;
  /** 落款日期; null leaves it blank. */
  readonly issueDate?: IsoDate | null;
}

export interface NoticeItem {
  readonly no: number;
  readonly matter: string;
  readonly content: string;
  readonly departments: readonly string[];
}

/** 检查通知 with the 双清单: what will be checked (事项清单) and by whom (人员清单), plus the materials. */
export interface VisitNotice {
  readonly kind: "VISIT_NOTICE";
  readonly title: string;
  readonly noticeNo: string | null;
  readonly target: PrintedTarget;
  readonly proposedDate: IsoDate;
  /** The initiating department, which issues the notice. */
  readonly issuer: string;
  /** 检查部门, initiating department first. */
  readonly departments: readonly string[];
  readonly items: readonly NoticeItem[];
  readonly inspectors: readonly PrintedInspector[];
  /** 随行专家/辅助人员, apart from the inspectors (no 执法证号); empty when none were drawn. */
  readonly experts: readonly PrintedExpert[];
  readonly materials: readonly string[];
  readonly contact: { readonly name: string; readonly phone: string } | null;
  readonly issueDate: IsoDate | null;
}

export function buildVisitNotice(input: VisitNoticeInput): VisitNotice {
  const { checklist } = input;
  const issuer = checklist.departments.find((d) => d.id === checklist.initiatingDepartmentId);
  return {
    kind: "VISIT_NOTICE",
    title: "部门联合抽查检查通知书",
    noticeNo: input.noticeNo ?? null,
    target: printedTarget(input.target),
    proposedDate: input.proposedDate,
    issuer: issuer?.name ?? checklist.initiatingDepartmentId,
    departments: checklist.departments.map((d) => d.name),
    items: checklist.lines.map((line) => ({
      no: line.lineNo,
      matter: line.name,
      content: line.content,
      departments: [...new Set(line.owners.map((o) => o.departmentName))],
    })),
    inspectors: printedInspectors(input.team, checklist.departments),
    experts: printedExperts(input.team, checklist.departments),
    materials: [...new Set(input.materials.map((m) => m.trim()).filter((m) => m !== ""))],
    contact: input.contact ?? null,
    issueDate: input.issueDate ?? null,
  };
}
