import type { MergedChecklist } from "./checklist";
import {
  type InspectionTarget,
  type PrintedInspector,
  type PrintedTarget,
  printedInspectors,
  printedTarget,
} from "./document-parts";
import type { IsoDate } from "./iso-date";
import { formatLegalBasis } from "./legal-basis";
import type { JointTeam } from "./team";

export interface InspectionFormInput {
  readonly target: InspectionTarget;
  /** 检查时间; null leaves it blank to be filled in by hand. */
  readonly inspectionDate: IsoDate | null;
  readonly checklist: MergedChecklist;
  readonly team: JointTeam;
}

/** One merged item on the form; the 是否检查 … 备注 columns are left for the inspectors to fill in. */
export interface InspectionFormRow {
  /** 序号 = the checklist line number. */
  readonly no: number;
  /** 抽查事项 */
  readonly matter: string;
  /** 抽查内容 */
  readonly content: string;
  /** 检查依据, one citation per entry. */
  readonly basis: readonly string[];
  /** The departments that own the item, with their own item codes: each records its own result. */
  readonly owners: readonly { readonly departmentName: string; readonly itemCode: string }[];
}

/** 抽查情况记录表 for one joint visit ("一企一表"), covering every merged item. */
export interface InspectionForm {
  readonly kind: "INSPECTION_RECORD";
  readonly title: string;
  readonly target: PrintedTarget;
  readonly inspectionDate: IsoDate | null;
  /** 检查部门, initiating department first. */
  readonly departments: readonly string[];
  readonly rows: readonly InspectionFormRow[];
  /** 检查人员 signature lines: name and 执法证号 printed, signature by hand. */
  readonly inspectors: readonly PrintedInspector[];
}

export function buildInspectionForm(input: InspectionFormInput): InspectionForm {
  const { checklist } = input;
  return {
    kind: "INSPECTION_RECORD",
    title: "“双随机、一公开”部门联合抽查情况记录表",
    target: printedTarget(input.target),
    inspectionDate: input.inspectionDate,
    departments: checklist.departments.map((d) => d.name),
    rows: checklist.lines.map((line) => ({
      no: line.lineNo,
      matter: line.name,
      content: line.content,
      basis: line.legalBasis.map(formatLegalBasis),
      owners: line.owners.map((o) => ({ departmentName: o.departmentName, itemCode: o.itemCode })),
    })),
    inspectors: printedInspectors(input.team, checklist.departments),
  };
}
