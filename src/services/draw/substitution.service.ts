/**
 * 回避/递补, once for department (TASK) and joint (JOINT) draws: who replaces the recused person (the next eligible
 * one in the same ranking of the record: v2 from the pool frozen at the lock, v1 skipping who is not on duty now),
 * the entry appended to the draw's chain, its audit event and the two changes told to the people concerned. Each
 * path keeps only its own I/O: which row holds the team (an assignment, a joint target), which table holds the
 * chain (substitution, joint_substitution), and whom its events reach.
 */
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import {
  DRAW_ALGORITHM_V2,
  type DrawRecord,
  type DrawRecordV2,
  type SubstitutionEntry,
  type SubstitutionEntryV2,
  type SubstitutionReason,
  type SubstitutionReasonCode,
  substitute,
  substituteV2,
} from "../../draw";
import type { AnyDrawRecord } from "../../entities/draw/draw.entity";
import { badInput, conflict, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { personLabel } from "./draw-people.service";

/** What a 回避 asks, on either path (the path adds which team: an assignment or a joint target). */
export interface RecusalFields {
  /** The person recused (an inspector row; 随行专家 are inspector rows of their sub-library). */
  inspectorId: string;
  reasonCode: SubstitutionReasonCode;
  note: string;
  requestedBy: string;
  /** v2: inspectors now unavailable, each with a reason; they stay excluded from this draw's later 递补. */
  unavailable?: Array<{ inspectorId: string; note: string }>;
  /** v2: required beyond the tenant's cap of 递补 per draw. */
  overCapReason?: string | null;
}

export type AnySubstitutionEntry = SubstitutionEntry | SubstitutionEntryV2;

/** The changes a 递补 tells: the substitute is in, the recused person is out. */
export type SubstitutionChange = { inspectorId: string; change: "SUBSTITUTED_IN" | "RECUSED" };

/** The reason of a 回避 (a note is required); checked before anything is read. */
export function recusalReason(input: Pick<RecusalFields, "reasonCode" | "note">): SubstitutionReason {
  if (!input.note.trim()) throw badInput("note", "请填写回避理由");
  return { code: input.reasonCode, note: input.note.trim() };
}

/**
 * The one 递补 of a team of `record` (the complete record, every substitution so far): `departmentId` names the
 * config (a department's inspectors, or its experts: src/domain/plan/experts-draw), the caller has checked that the
 * person is in that team and holds the lock that serialises the draw's substitutions.
 */
export async function decideSubstitution(
  record: AnyDrawRecord,
  targetKey: string,
  departmentId: string,
  input: RecusalFields,
): Promise<AnySubstitutionEntry> {
  const reason = recusalReason(input);
  if (record.algorithm === DRAW_ALGORITHM_V2)
    return substituteFromLock(record as DrawRecordV2, targetKey, { ...input, departmentId }, reason);
  return substituteV1(record as DrawRecord, targetKey, input.inspectorId, reason, departmentId);
}

/**
 * Appends the decided entry and tells everyone: `append` writes the path's chain row, `apply` moves the team on its
 * row, then one audit event (the same facts on both paths, plus the path's own) and `notify` with the two changes.
 */
export async function recordSubstitution<Row>(
  entry: AnySubstitutionEntry,
  input: RecusalFields,
  path: {
    append: () => Promise<Row>;
    apply: () => Promise<void>;
    audit: {
      action: "draw.substitute" | "joint_draw.substitute";
      entityType: "assignment" | "joint_target";
      entityId: string;
      extra?: Record<string, unknown>;
      summary?: Record<string, unknown>;
    };
    notify: (changes: SubstitutionChange[]) => Promise<void>;
  },
): Promise<Row> {
  const row = await path.append();
  await path.apply();
  await audit.record({
    action: path.audit.action,
    entityType: path.audit.entityType,
    entityId: path.audit.entityId,
    after: {
      ...path.audit.extra,
      recused: input.inspectorId,
      substitute: entry.substitute,
      reason: input.reasonCode,
      digest: entry.digest,
      declaredUnavailable: "declaredUnavailable" in entry ? entry.declaredUnavailable : [],
      overCapReason: "overCapReason" in entry ? entry.overCapReason : null,
    },
    ...(path.audit.summary ? { summary: path.audit.summary } : {}),
  });
  await path.notify([
    { inspectorId: entry.substitute, change: "SUBSTITUTED_IN" },
    { inspectorId: input.inspectorId, change: "RECUSED" },
  ]);
  return row;
}

/**
 * v1 records (drawn before issue 11) keep v1 递补: the substitute skips the department's inspectors not on duty now.
 * A v1 record with one config (a department task) names no department, as it was drawn.
 */
async function substituteV1(
  record: DrawRecord,
  targetKey: string,
  inspectorId: string,
  reason: SubstitutionReason,
  departmentId: string,
): Promise<SubstitutionEntry> {
  const unavailable: Array<{ id: string }> = await ctx().manager.query(
    `SELECT id FROM inspector WHERE tenant_id = $1 AND status <> 'ON_DUTY'`,
    [currentTenantId()],
  );
  const result = substitute(record, targetKey, inspectorId, reason, {
    departmentId: record.config.inspectorDraws.length > 1 ? departmentId : undefined,
    recordedAt: now().toISOString(),
    unavailableNow: unavailable.map((u) => u.id),
  });
  if (!result.ok)
    throw ruleViolation(
      "NO_ELIGIBLE_SUBSTITUTE",
      "按本部门原排序找不到符合组队规则的递补人员，请补充执法检查人员后再试",
      { reason: result.failure.code },
    );
  return result.substitution;
}

/**
 * v2 递补 from the pool frozen at the lock: today's inspector statuses are not read; an unavailability is declared
 * in the request (who, why), recorded in the entry with the approver, and holds for the rest of this draw.
 */
async function substituteFromLock(
  record: DrawRecordV2,
  targetKey: string,
  input: Pick<RecusalFields, "inspectorId" | "unavailable" | "overCapReason"> & { departmentId: string },
  reason: SubstitutionReason,
): Promise<SubstitutionEntryV2> {
  const result = substituteV2(record, {
    departmentId: input.departmentId,
    targetKey,
    recused: input.inspectorId,
    reason,
    recordedAt: now().toISOString(),
    approvedBy: await personLabel(currentUserId(), Role.SUPERVISOR),
    declaredUnavailable: (input.unavailable ?? []).map((u) => ({ inspectorKey: u.inspectorId, note: u.note.trim() })),
    overCapReason: input.overCapReason?.trim() || null,
  });
  if (result.ok) return result.substitution;
  switch (result.code) {
    case "OVER_CAP_REASON_REQUIRED":
      throw ruleViolation(
        "RECUSAL_CAP",
        `本次抽取的回避递补已达上限（${record.config.recusalCap} 次），继续递补须填写超限理由（将随记录公开）`,
        { cap: record.config.recusalCap },
      );
    case "OVER_CAP_REASON_UNEXPECTED":
      throw badInput("overCapReason", "未超过回避递补上限，无需填写超限理由");
    case "UNKNOWN_INSPECTOR":
      throw badInput("unavailable", "声明无法参加的人员不在锁定的执法检查人员库中");
    case "ALREADY_UNAVAILABLE":
      throw badInput("unavailable", "该人员已在本次抽取中声明无法参加，不能重复声明");
    case "VOIDED":
      throw conflict("该抽取已被作废");
    case "NOT_A_MEMBER":
      throw badInput("inspectorId", "该人员不在此检查组中");
    default:
      throw ruleViolation("NO_ELIGIBLE_SUBSTITUTE", "按锁定时的人员库和排序找不到符合规则的递补人员", {
        reason: result.code,
      });
  }
}

/**
 * The current record of a draw, department or joint: the sealed record, its chain of 递补 in order and (v2) the
 * void entry. What the public verifies, wherever it may read the draw.
 */
export function withChain(
  sealed: AnyDrawRecord,
  substitutions: AnySubstitutionEntry[],
  voidEntry: DrawRecordV2["voided"] | null,
): AnyDrawRecord {
  return sealed.algorithm === DRAW_ALGORITHM_V2
    ? { ...(sealed as DrawRecordV2), substitutions: substitutions as SubstitutionEntryV2[], voided: voidEntry }
    : { ...(sealed as DrawRecord), substitutions: substitutions as SubstitutionEntry[] };
}
