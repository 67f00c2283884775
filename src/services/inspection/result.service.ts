import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { inspectionRecordLifecycle } from "../../domain/inspection/inspection-record.lifecycle";
import {
  changedFields,
  type PublicContent,
  toPublicContent,
  type WithholdableField,
  type WithholdKind,
} from "../../domain/inspection/redaction";
import { type ResultMove, resultLifecycle } from "../../domain/inspection/result.lifecycle";
import { assertMove } from "../../domain/lifecycle";
import { LiveTopic } from "../../domain/live/topics";
import { assertNotMaker } from "../../domain/maker-checker";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import { InspectionRecordEntity } from "../../entities/inspection/inspection-record.entity";
import {
  InspectionResultEntity,
  ResultCodeEntity,
  ResultPublicationEntity,
  type ResultStatus,
} from "../../entities/inspection/inspection-result.entity";
import { badInput, notFound } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { creditRecords } from "../county/credit-record.service";
import { jointVisitService } from "../joint/joint-visit.service";
import { liveEvents } from "../live/live-events.service";
import { asTeam } from "./inspection.service";
import { resultCodeTable } from "./result-codes.service";

export interface ResultInput {
  categoryCode: string;
  problems?: string | null;
  handling?: string | null;
  withheld?: Array<{ field: WithholdableField; kind: WithholdKind }>;
}

/**
 * 检查结果 and its review: the team leader drafts and submits (谁检查、谁录入), a SUPERVISOR approves or returns with a
 * reason, then it is published (一公开) as a redacted snapshot. A correction after publication adds a new published
 * version with the changed fields and the reason; the old version stays visible, marked superseded.
 */
export const resultService = {
  async get(id: string): Promise<InspectionResultEntity> {
    const r = isUuid(id) ? await ctx().manager.findOne(InspectionResultEntity, { where: { id } }) : null;
    if (!r) throw notFound("检查结果");
    return r;
  },

  async forAssignment(assignmentId: string): Promise<InspectionResultEntity | null> {
    return ctx().manager.findOne(InspectionResultEntity, { where: { assignmentId } });
  },

  async list(status: ResultStatus | undefined, limit: number, offset: number) {
    return ctx().manager.findAndCount(InspectionResultEntity, {
      where: status ? { status } : {},
      order: { updatedAt: "DESC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /** Drafts (or re-drafts a returned) result of a RECORDED assignment: team leader. */
  async saveDraft(assignmentId: string, input: ResultInput): Promise<InspectionResultEntity> {
    const { a } = await asTeam(assignmentId, true);
    assertMove(inspectionRecordLifecycle, a.status, "draftResult");
    await checkInput(input);
    const { manager } = ctx();
    let r = await resultService.forAssignment(a.id);
    const before = r ? { ...r } : undefined;
    if (r) assertMove(resultLifecycle, r.status, "saveDraft");
    if (!r) {
      const rec = await manager.findOneOrFail(InspectionRecordEntity, { where: { assignmentId: a.id } });
      r = manager.create(InspectionResultEntity, {
        tenantId: a.tenantId,
        assignmentId: a.id,
        subjectId: a.subjectId,
        recordId: rec.id,
        status: "DRAFT",
        version: 1,
        createdBy: currentUserId(),
      });
    }
    Object.assign(r, {
      categoryCode: input.categoryCode,
      problems: input.problems?.trim() ?? "",
      handling: input.handling?.trim() ?? "",
      withheld: input.withheld ?? [],
    });
    const saved = await manager.save(r);
    await audit.record({
      action: before ? "result.update" : "result.create",
      entityType: "inspection_result",
      entityId: saved.id,
      before,
      after: saved,
    });
    return saved;
  },

  async submit(id: string): Promise<InspectionResultEntity> {
    const r = await lockOwn(id);
    await asTeam(r.assignmentId, true);
    return move(r, "submit", (x) => {
      x.submittedAt = now();
      x.submittedBy = currentUserId();
    });
  },

  async approve(id: string): Promise<InspectionResultEntity> {
    const r = await lockOwn(id);
    assertNotMaker("inspection_result", r, currentUserId());
    return move(r, "approve", (x) => {
      x.approvedAt = now();
      x.approvedBy = currentUserId();
      x.returnedReason = null;
    });
  },

  /** 退回: with a reason; the team members are told at once (their ASSIGNMENT feed). */
  async return(id: string, reason: string): Promise<InspectionResultEntity> {
    if (!reason?.trim()) throw badInput("reason", "退回检查结果必须填写退回原因");
    const r = await lockOwn(id);
    const saved = await move(r, "return", (x) => {
      x.returnedReason = reason.trim();
    });
    const a = await ctx().manager.findOneByOrFail(AssignmentEntity, { id: r.assignmentId });
    const users: Array<{ id: string; user_id: string }> = await ctx().manager.query(
      `SELECT id, user_id FROM inspector WHERE id = ANY ($1) AND user_id IS NOT NULL`,
      [a.memberIds],
    );
    await liveEvents.publishMany(
      users.map((u) => ({
        topic: LiveTopic.ASSIGNMENT,
        userId: u.user_id,
        payload: {
          change: "RESULT_RETURNED",
          assignmentId: a.id,
          resultId: r.id,
          taskId: a.taskId,
          subjectId: a.subjectId,
          reason: saved.returnedReason,
        },
      })),
    );
    return saved;
  },

  /** 公示: an APPROVED result becomes public as a redacted snapshot. */
  async publish(id: string): Promise<InspectionResultEntity> {
    const r = await lockOwn(id);
    const at = now();
    const saved = await move(r, "publish", (x) => {
      x.publishedAt = at;
      x.firstPublishedAt = x.firstPublishedAt ?? at;
    });
    const pub = await writePublication(saved, null, null);
    await creditRecords.afterPublication(pub, saved.subjectId);
    await announce(saved, pub);
    // A part of a joint visit (JOINT, or consolidated): the department's part is settled (complete once every part is).
    const a = await ctx().manager.findOneByOrFail(AssignmentEntity, { id: saved.assignmentId });
    await jointVisitService.partPublished(a);
    return saved;
  },

  /**
   * 更正: a SUPERVISOR corrects a published result; a new published version records what changed and why, and the
   * previous version stays visible (marked superseded).
   */
  async correct(id: string, input: ResultInput, reason: string): Promise<InspectionResultEntity> {
    if (!reason?.trim()) throw badInput("reason", "更正已公示的结果必须说明更正原因");
    await checkInput(input);
    const r = await lockOwn(id);
    assertMove(resultLifecycle, r.status, "correct");
    assertNotMaker("inspection_result", r, currentUserId());
    const { manager } = ctx();
    const before = { ...r };
    const previous = await manager.findOneOrFail(ResultPublicationEntity, {
      where: { resultId: r.id, version: r.version },
    });
    Object.assign(r, {
      categoryCode: input.categoryCode,
      problems: input.problems?.trim() ?? "",
      handling: input.handling?.trim() ?? "",
      withheld: input.withheld ?? r.withheld,
      version: r.version + 1,
      publishedAt: now(),
      approvedBy: currentUserId(),
      approvedAt: now(),
    });
    const content = await publicContent(r);
    const changes = changedFields(previous.content, content);
    if (!changes.length) throw badInput("categoryCode", "更正内容与已公示内容相同，无需更正");
    const saved = await manager.save(r);
    await manager.update(ResultPublicationEntity, { id: previous.id }, { supersededAt: now() });
    const pub = await writePublication(saved, reason.trim(), changes, content);
    await creditRecords.afterPublication(pub, saved.subjectId, previous.id);
    await audit.record({
      action: "result.correct",
      entityType: "inspection_result",
      entityId: r.id,
      before,
      after: saved,
      summary: { version: saved.version, changes },
    });
    await announce(saved, pub);
    return saved;
  },

  async publications(resultId: string): Promise<ResultPublicationEntity[]> {
    return ctx().manager.find(ResultPublicationEntity, { where: { resultId }, order: { version: "ASC" } });
  },

  /** The codes the caller's department may use (shared and its own); the shared ones for the public. */
  async codes(): Promise<ResultCodeEntity[]> {
    const p = ctx().principal;
    return resultCodeTable.usableBy(p.kind === "anonymous" ? null : p.tenantId);
  },
};

async function checkInput(input: ResultInput): Promise<void> {
  const code = (await resultService.codes()).find((c) => c.code === input.categoryCode);
  if (!code) throw badInput("categoryCode", "检查结果类别不在结果代码表中");
  if (code.problemFound && !input.problems?.trim())
    throw badInput("problems", `结果类别“${code.name}”须填写存在的问题`);
  const fields = new Set<string>();
  for (const w of input.withheld ?? []) {
    if (fields.has(w.field)) throw badInput("withheld", "同一字段不能重复标记");
    fields.add(w.field);
  }
}

async function lockOwn(id: string): Promise<InspectionResultEntity> {
  const r = isUuid(id)
    ? await ctx().manager.findOne(InspectionResultEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!r) throw notFound("检查结果");
  return r;
}

async function move(
  r: InspectionResultEntity,
  action: Exclude<ResultMove, "saveDraft" | "correct">,
  apply: (r: InspectionResultEntity) => void,
): Promise<InspectionResultEntity> {
  const to = assertMove(resultLifecycle, r.status, action);
  const before = { ...r };
  r.status = to;
  apply(r);
  const saved = await ctx().manager.save(r);
  await audit.record({
    action: `result.${action}`,
    entityType: "inspection_result",
    entityId: r.id,
    before,
    after: saved,
  });
  return saved;
}

/** The redacted public snapshot of the result as it stands. */
async function publicContent(r: InspectionResultEntity): Promise<PublicContent> {
  const m = ctx().manager;
  const [row] = await m.query(
    `SELECT s.kind, s.name, s.credit_code, s.legal_representative, s.address, t.name AS department,
            coalesce(k.name, jt.name) AS task, rec.mode, rec.inspected_on::text AS inspected_on, rec.lines, a.member_ids,
            v.id AS joint_visit_id, jt.name AS joint_task,
            (SELECT jsonb_agg(jsonb_build_object('id', d.id, 'name', d.name)
                              ORDER BY d.id <> jt.initiating_tenant_id, d.code)
               FROM tenant d WHERE d.id = ANY (v.participant_ids)) AS joint_departments
       FROM assignment a
       JOIN subject s ON s.id = a.subject_id
       JOIN tenant t ON t.id = a.tenant_id
       LEFT JOIN inspection_task k ON k.id = a.task_id
       LEFT JOIN joint_visit v ON v.target_id = a.joint_target_id
                 OR (v.subject_id = a.subject_id AND v.status <> 'CANCELLED'
                     AND EXISTS (SELECT 1 FROM joint_task c WHERE c.id = v.task_id AND c.origin = 'CONSOLIDATION'
                                    AND a.task_id = ANY (c.consolidated_task_ids)))
       LEFT JOIN joint_task jt ON jt.id = coalesce(a.joint_task_id, v.task_id)
       JOIN inspection_record rec ON rec.assignment_id = a.id
      WHERE a.id = $1`,
    [r.assignmentId],
  );
  const inspectors: Array<{ name: string; certificate_no: string }> = await m.query(
    `SELECT name, certificate_no FROM inspector WHERE id = ANY ($1) ORDER BY name`,
    [row.member_ids],
  );
  return toPublicContent({
    subjectKind: row.kind,
    subjectName: row.name,
    creditCode: row.credit_code,
    legalRepresentative: row.legal_representative,
    address: row.address,
    departmentName: row.department,
    taskName: row.task,
    mode: row.mode,
    inspectedOn: row.inspected_on,
    categoryCode: r.categoryCode,
    categoryName: await resultCodeTable.name(r.categoryCode),
    provincialCode: (await resultCodeTable.mappings([r.tenantId])).get(r.tenantId)?.get(r.categoryCode) ?? null,
    problems: r.problems,
    handling: r.handling,
    items: (row.lines as Array<{ itemName: string; checked: boolean }>).filter((l) => l.checked).map((l) => l.itemName),
    inspectors: inspectors.map((i) => ({ name: i.name, certificateNo: i.certificate_no })),
    withheld: r.withheld,
    jointVisit: row.joint_visit_id
      ? { visitId: row.joint_visit_id, taskName: row.joint_task, departments: row.joint_departments ?? [] }
      : null,
  });
}

async function writePublication(
  r: InspectionResultEntity,
  correctionReason: string | null,
  changes: string[] | null,
  content?: PublicContent,
): Promise<ResultPublicationEntity> {
  const c = content ?? (await publicContent(r));
  const m = ctx().manager;
  return m.save(
    m.create(ResultPublicationEntity, {
      tenantId: r.tenantId,
      resultId: r.id,
      version: r.version,
      subjectName: c.subjectName,
      creditCode: c.creditCode,
      categoryCode: c.categoryCode,
      inspectedOn: c.inspectedOn,
      publishedAt: r.publishedAt ?? now(),
      content: c,
      correctionReason,
      changes,
    }),
  );
}

async function announce(r: InspectionResultEntity, pub: ResultPublicationEntity): Promise<void> {
  const a = await ctx().manager.findOneByOrFail(AssignmentEntity, { id: r.assignmentId });
  await liveEvents.publishMany([
    {
      topic: LiveTopic.PUBLIC_RESULT,
      tenantId: null,
      payload: {
        publicationId: pub.id,
        resultId: r.id,
        version: pub.version,
        subjectName: pub.subjectName,
        categoryCode: pub.categoryCode,
        corrected: pub.version > 1,
      },
    },
    {
      topic: LiveTopic.TASK_PROGRESS,
      payload: { taskId: a.taskId, event: pub.version > 1 ? "RESULT_CORRECTED" : "RESULT_PUBLISHED", count: 1 },
    },
  ]);
}
