import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { drawLifecycle } from "../../domain/plan/draw.lifecycle";
import { expertsDrawId } from "../../domain/plan/experts-draw";
import type { SubstitutionEntry } from "../../draw";
import { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import { JointDrawEntity, JointTargetEntity, JointVisitEntity } from "../../entities/joint/joint-visit.entity";
import { badInput, conflict, forbidden, notFound, ruleViolation } from "../../errors";
import { composeTeam, type DrawnInspector, type JointExpert, type JointTeam, visitLifecycle } from "../../joint";
import { jointTargetLifecycle } from "../../joint/joint-target.lifecycle";
import {
  decideSubstitution,
  type RecusalFields,
  recordSubstitution,
  recusalReason,
} from "../draw/substitution.service";
import { publishJointProgress, targetEvents } from "./joint.events";
import { participationsOf, syncJointParts, visibleJointTask } from "./joint.guards";
import { fullJointRecord } from "./joint-record.service";

/** Whose recusal: an enforcement inspector of the mixed team, or one of its 随行专家/辅助人员 (JointTeam.experts). */
export type JointPersonKind = "INSPECTOR" | "EXPERT";

export interface JointRecusal extends RecusalFields {
  targetId: string;
  kind: JointPersonKind;
}

interface OwnInspector {
  id: string;
  name: string;
  certificate_no: string;
  user_id: string | null;
  leader_eligible: boolean;
}

/**
 * 回避/递补 inside a joint team: a participating department's SUPERVISOR approves the recusal of one of its own
 * inspectors or 随行专家 on a target; the substitute is the next eligible person in that department's ranking of the
 * same record — its inspectors' config, or its experts' config (`<tenant>:experts`, src/domain/plan/experts-draw) —
 * through the one 递补 of department and joint draws (src/services/draw/substitution.service.ts), so the published
 * record with its substitutions still verifies. An inspector's 递补 composes the mixed team again (src/joint, leader from the initiating
 * department); an expert's replaces the department's experts beside the unchanged members.
 */
export const jointRecusalService = {
  async recuse(input: JointRecusal): Promise<{ target: JointTargetEntity; substitution: JointSubstitutionEntity }> {
    recusalReason(input);
    const { manager } = ctx();
    const me = currentTenantId();
    const seen = isUuid(input.targetId)
      ? await manager.findOne(JointTargetEntity, { where: { id: input.targetId } })
      : null;
    if (!seen) throw notFound("联合抽查对象");
    assertMove(jointTargetLifecycle, seen.status, "recuse");
    if (!seen.drawId || !seen.team)
      throw conflict("重复检查合并的对象由各部门沿用自有检查组，请在本部门的抽查任务中办理回避");
    // One substitution at a time per draw: the record's substitutions form one chain.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`joint_draw:${seen.drawId}`]);
    const target = await manager.findOneOrFail(JointTargetEntity, { where: { id: seen.id } });
    assertMove(jointTargetLifecycle, target.status, "recuse");
    if (!target.team || !target.drawId) throw notFound("联合抽查对象");
    const team = target.team;
    const expert = input.kind === "EXPERT";
    const recused = (expert ? (team.experts ?? []) : team.members).find((m) => m.id === input.inspectorId);
    if (!recused)
      throw badInput("inspectorId", expert ? "该人员不是此联合检查组的随行专家" : "该人员不在此联合检查组中");
    if (recused.departmentId !== me)
      throw forbidden(expert ? "只能批准本部门随行专家的回避" : "只能批准本部门执法检查人员的回避");
    const visit = await manager.findOne(JointVisitEntity, { where: { targetId: target.id } });
    if (visit) assertMove(visitLifecycle, visit.status, "RECUSE");
    const draw = await manager.findOneOrFail(JointDrawEntity, { where: { id: target.drawId } });
    assertMove(drawLifecycle, draw.status, "substitute");
    const task = await visibleJointTask(target.taskId);

    const record = await fullJointRecord(draw);
    const inspectors = await ownInspectors();
    // The department's config in the record: its inspectors' (its tenant id) or its experts' (as a department task's).
    const entry = await decideSubstitution(record, target.subjectId, expert ? expertsDrawId(me) : me, input);
    const newTeam = expert
      ? withExperts(team, me, entry.members, inspectors)
      : recomposed(team, entry, task.initiatingTenantId, inspectors);
    const keyOf = (id: string) => {
      const u = inspectors.get(id)?.user_id;
      return u ? `${me}:${u}` : null;
    };
    const substitution = await recordSubstitution(entry, input, {
      append: () =>
        manager.save(
          manager.create(JointSubstitutionEntity, {
            tenantId: me,
            taskId: task.id,
            drawId: draw.id,
            targetId: target.id,
            sequence: record.substitutions.length + 1,
            recusedId: input.inspectorId,
            substituteId: entry.substitute,
            reasonCode: input.reasonCode,
            reasonNote: input.note.trim(),
            requestedBy: input.requestedBy.trim(),
            approvedBy: currentUserId(),
            entry,
          }),
        ),
      apply: async () => {
        const recusedKey = keyOf(input.inspectorId);
        const substituteKey = keyOf(entry.substitute);
        Object.assign(target, {
          team: newTeam,
          memberIds: newTeam.members.map((m) => m.id),
          memberUserKeys: [
            ...target.memberUserKeys.filter((k) => k !== recusedKey),
            ...(substituteKey ? [substituteKey] : []),
          ],
        });
        await manager.save(target);
        await syncJointParts(target.taskId);
      },
      audit: {
        action: "joint_draw.substitute",
        entityType: "joint_target",
        entityId: target.id,
        extra: { kind: input.kind, leader: newTeam.leaderId },
        // Readable without the entity: whose recusal (inspector or 随行专家) and the record's chain digest.
        summary: { kind: input.kind, reason: input.reasonCode, digest: entry.digest },
      },
      notify: async (changes) =>
        publishJointProgress(
          task,
          await participationsOf(task.id),
          { event: "SUBSTITUTED", targetId: target.id, departmentId: me },
          changes.flatMap((c) => targetEvents(keyOf(c.inspectorId), c.change, task.id, target)),
        ),
    });
    return { target, substitution };
  },
};

/** The caller's own people, experts included (names and 执法证号 for the team, user for events). */
async function ownInspectors(): Promise<Map<string, OwnInspector>> {
  const rows: OwnInspector[] = await ctx().manager.query(
    `SELECT id, name, certificate_no, user_id, leader_eligible FROM inspector WHERE tenant_id = $1`,
    [currentTenantId()],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The mixed team with the department's members after 递补 (in its ranking), composed again by src/joint. */
function recomposed(
  team: JointTeam,
  entry: Pick<SubstitutionEntry, "members" | "departmentId">,
  initiatingDepartmentId: string,
  inspectors: Map<string, OwnInspector>,
): JointTeam {
  const strip = ({ role: _role, ...m }: JointTeam["members"][number]): DrawnInspector => m;
  const own = entry.members.map((id, i): DrawnInspector => {
    const known = team.members.find((m) => m.id === id);
    const row = inspectors.get(id);
    return {
      id,
      name: known?.name ?? row?.name ?? "",
      certificateNo: known?.certificateNo ?? row?.certificate_no ?? "",
      departmentId: entry.departmentId,
      rank: i + 1,
      leaderEligible: known?.leaderEligible ?? row?.leader_eligible ?? false,
    };
  });
  const departments = [...new Set([...team.members.map((m) => m.departmentId), entry.departmentId])];
  const result = composeTeam({
    targetId: team.targetId,
    initiatingDepartmentId,
    draws: departments.map((departmentId) => ({
      departmentId,
      inspectors:
        departmentId === entry.departmentId
          ? own
          : team.members.filter((m) => m.departmentId === departmentId).map(strip),
    })),
  });
  if (!result.ok)
    throw ruleViolation(
      "NO_FEASIBLE_TEAM",
      "递补后联合检查组不符合组队规则（每个参与部门至少 1 人、全组至少 2 人、组长来自发起部门），请联系发起部门",
      { reasons: [...new Set(result.error.map((f) => f.code))] },
    );
  // 随行专家 stay beside the team (a member's 递补 does not touch them).
  return team.experts?.length ? { ...result.value, experts: team.experts } : result.value;
}

/**
 * The team after an expert's 递补: the department's experts become the config's members after the substitution (in
 * its order, ranked again), at the place of its former ones; the members and other departments' experts stay.
 */
function withExperts(
  team: JointTeam,
  departmentId: string,
  members: readonly string[],
  inspectors: Map<string, OwnInspector>,
): JointTeam {
  const own = members.map(
    (id, i): JointExpert => ({
      id,
      name: team.experts?.find((e) => e.id === id)?.name ?? inspectors.get(id)?.name ?? "",
      departmentId,
      rank: i + 1,
    }),
  );
  const experts = team.experts ?? [];
  const at = experts.findIndex((e) => e.departmentId === departmentId);
  const others = experts.filter((e) => e.departmentId !== departmentId);
  const before = experts.slice(0, Math.max(at, 0)).filter((e) => e.departmentId !== departmentId);
  return { ...team, experts: [...before, ...own, ...others.slice(before.length)] };
}
