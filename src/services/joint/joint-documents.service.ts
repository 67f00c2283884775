import { tenantLoader } from "../../context/loaders";
import { ctx, type RequestContext } from "../../context/request-context";
import type { JointParticipationEntity } from "../../entities/joint/joint-participation.entity";
import type { JointTaskEntity } from "../../entities/joint/joint-task.entity";
import type { JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { ruleViolation } from "../../errors";
import {
  buildInspectionForm,
  buildVisitNotice,
  type InspectionForm,
  type JointDepartment,
  type JointTeam,
  type MergedChecklist,
  mergeChecklist,
  type TargetFacts,
  type VisitNotice,
} from "../../joint";
import { confirmedOf } from "./joint.guards";
import { checkItemsForChecklist, jointEquivalences } from "./joint-items.service";

/**
 * 合并检查清单 of a joint task: the confirmed departments' items, merged where they are the same matter (the joint
 * list's equivalence keys). Without a target it is the task-wide list; a visit checks only the items that apply to
 * its target (src/joint/applicability.ts, the rule the population follows too).
 */
export function mergedChecklistFor(
  task: JointTaskEntity,
  participations: JointParticipationEntity[],
  target: TargetFacts | null = null,
): Promise<MergedChecklist> {
  // Targets of one kind and industry share a list: within one request it is merged once per (task, kind, industry).
  const c = ctx();
  const byKey = checklists.get(c) ?? new Map<string, Promise<MergedChecklist>>();
  checklists.set(c, byKey);
  const key = target ? `${task.id}|${target.kind}|${target.industryCode ?? ""}` : task.id;
  const list = byKey.get(key) ?? mergeFor(task, participations, target);
  byKey.set(key, list);
  return list;
}

const checklists = new WeakMap<RequestContext, Map<string, Promise<MergedChecklist>>>();

async function mergeFor(
  task: JointTaskEntity,
  participations: JointParticipationEntity[],
  target: TargetFacts | null,
): Promise<MergedChecklist> {
  const confirmed = confirmedOf(participations);
  const departments = await jointDepartments(confirmed.map((p) => p.tenantId));
  const itemIds = [...new Set(confirmed.flatMap((p) => p.itemIds))];
  const items = await checkItemsForChecklist(itemIds);
  const result = mergeChecklist({
    departments,
    initiatingDepartmentId: task.initiatingTenantId,
    items,
    equivalences: await jointEquivalences(task.tenantId, itemIds),
    target,
  });
  if (!result.ok)
    throw ruleViolation("CHECKLIST_INVALID", "参与部门的抽查事项无法合并为一张检查清单，请核对各部门确认的事项", {
      errors: result.error.map((e) => e.code),
    });
  return result.value;
}

export async function jointDepartments(ids: string[]): Promise<JointDepartment[]> {
  const tenants = await tenantLoader().loadMany(ids);
  return tenants.flatMap((t) => (t && !(t instanceof Error) ? [{ id: t.id, name: t.name, code: t.code }] : []));
}

export interface VisitDocuments {
  checklist: MergedChecklist;
  form: InspectionForm;
  notice: VisitNotice;
}

/** 抽查情况记录表 and 检查通知（双清单） of one visit, as JSON-ready values (render with the *Html functions). */
export async function visitDocuments(
  visit: JointVisitEntity,
  task: JointTaskEntity,
  target: JointTargetEntity,
  participations: JointParticipationEntity[],
): Promise<VisitDocuments> {
  const [s] = await ctx().manager.query(
    `SELECT name, coalesce(credit_code, registration_no) AS credit_code, coalesce(address, '') AS address,
            legal_representative, kind, industry_code FROM subject WHERE id = $1`,
    [visit.subjectId],
  );
  const checklist = await mergedChecklistFor(task, participations, { kind: s.kind, industryCode: s.industry_code });
  const subject = {
    name: s.name,
    creditCode: s.credit_code,
    address: s.address,
    legalRepresentative: s.legal_representative,
  };
  const team: JointTeam = target.team ?? { targetId: target.subjectId, leaderId: "", members: [] };
  const date = visit.agreedDate ?? visit.proposedDate;
  return {
    checklist,
    form: buildInspectionForm({ target: subject, inspectionDate: visit.agreedDate, checklist, team }),
    notice: buildVisitNotice({
      target: subject,
      proposedDate: date ?? task.windowFrom,
      checklist,
      team,
      materials: task.materials,
    }),
  };
}
