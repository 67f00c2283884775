import { createHash } from "node:crypto";
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId, hasRole, requireRole } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { detectMimeType, MAX_ATTACHMENT_BYTES } from "../../domain/inspection/evidence";
import { inspectionDateProblem } from "../../domain/inspection/inspection-date";
import { inspectionRecordLifecycle } from "../../domain/inspection/inspection-record.lifecycle";
import { assertMove } from "../../domain/lifecycle";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import {
  InspectionAttachmentEntity,
  type InspectionMode,
  InspectionRecordEntity,
  type RecordLine,
} from "../../entities/inspection/inspection-record.entity";
import { badInput, conflict, forbidden, notFound, ruleViolation } from "../../errors";
import { chinaDate, chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";

export interface StartInput {
  mode: InspectionMode;
  materialsDue?: string | null;
  thirdPartyOrg?: string | null;
}

export interface RecordInput {
  inspectedOn?: string | null;
  lines?: RecordLine[];
  situation?: string | null;
  handlingOpinion?: string | null;
  identityShown?: boolean | null;
  noticeShown?: boolean | null;
}

export interface TargetSignoffInput {
  signerName?: string | null;
  signerRole?: string | null;
  refusalReason?: string | null;
  refusalWitness?: string | null;
}

export interface AttachmentInput {
  assignmentId: string;
  fileName: string;
  contentBase64: string;
  supersedesId?: string | null;
  takenAt?: Date | null;
  latitude?: number | null;
  longitude?: number | null;
}

/**
 * 抽查情况记录 (seed 004 附件5): team members accept an assignment; the team leader starts it, fills in the record and
 * records it; each inspector signs; the target's responsible person signs or a refusal is recorded with a witness.
 */
export const inspectionService = {
  /** The caller's inspector (名录库 entry linked to the user account), or null. */
  async myInspectorId(): Promise<string | null> {
    const rows: Array<{ id: string }> = await ctx().manager.query(`SELECT id FROM inspector WHERE user_id = $1`, [
      currentUserId(),
    ]);
    return rows[0]?.id ?? null;
  },

  /** Assignments where the caller is a team member (their own work list). */
  async myAssignments(): Promise<AssignmentEntity[]> {
    const me = await inspectionService.myInspectorId();
    if (!me) return [];
    return ctx()
      .manager.createQueryBuilder(AssignmentEntity, "a")
      .where(":me = ANY (a.member_ids)", { me })
      .andWhere("a.tenant_id = :t", { t: currentTenantId() })
      .orderBy("a.window_from", "ASC")
      .addOrderBy("a.id", "ASC")
      .take(500)
      .getMany();
  },

  async recordOf(assignmentId: string): Promise<InspectionRecordEntity | null> {
    return ctx().manager.findOne(InspectionRecordEntity, { where: { assignmentId } });
  },

  /**
   * Need-to-know for the record and its evidence (inspectionRecord, inspectionAttachmentContent, the printed
   * 抽查情况记录表): the assignment's own team, and its department's ADMIN and SUPERVISOR (who review the result).
   * Other staff (PLANNER, VIEWER, inspectors of other teams) get FORBIDDEN; other departments never see the
   * assignment at all (RLS: NOT_FOUND).
   */
  async assertEvidenceReader(a: AssignmentEntity): Promise<void> {
    if (hasRole(Role.ADMIN, Role.SUPERVISOR)) return;
    if (hasRole(Role.INSPECTOR)) {
      const me = await inspectionService.myInspectorId();
      if (me && a.memberIds.includes(me)) return;
    }
    throw forbidden("检查记录和证据材料仅限本检查组成员及本部门管理员、监督/审核人员查阅");
  },

  /** The record of an assignment, for those who may read it (assertEvidenceReader). */
  async readableRecord(assignmentId: string): Promise<InspectionRecordEntity | null> {
    const a = await inspectionService.assignment(assignmentId);
    await inspectionService.assertEvidenceReader(a);
    return inspectionService.recordOf(a.id);
  },

  /** 接收任务: any team member; the assignment becomes ACCEPTED with the first acceptance. */
  async accept(assignmentId: string): Promise<AssignmentEntity> {
    const { a, me } = await asTeam(assignmentId, false);
    const accepted = assertMove(inspectionRecordLifecycle, a.status, "accept");
    const { manager } = ctx();
    let rec = await inspectionService.recordOf(a.id);
    if (!rec) {
      rec = manager.create(InspectionRecordEntity, {
        tenantId: a.tenantId,
        assignmentId: a.id,
        subjectId: a.subjectId,
        acceptedBy: [],
        lines: [],
        inspectorSignoffs: [],
      });
    }
    if (rec.acceptedBy.includes(me)) throw conflict("您已接收该检查任务");
    rec.acceptedBy = [...rec.acceptedBy, me];
    await manager.save(rec);
    const before = { ...a };
    a.status = accepted;
    await manager.save(a);
    await audit.record({
      action: "inspection.accept",
      entityType: "assignment",
      entityId: a.id,
      before,
      after: a,
      summary: { inspectorId: me },
    });
    return a;
  },

  /** 开始检查: the leader, once the assignment is accepted; the mode is chosen here. */
  async start(assignmentId: string, input: StartInput): Promise<AssignmentEntity> {
    const { a } = await asTeam(assignmentId, true);
    const started = assertMove(inspectionRecordLifecycle, a.status, "start");
    if (a.jointTargetId) await agreedVisitDate(a);
    const rec = (await inspectionService.recordOf(a.id))!;
    applyMode(rec, input);
    rec.startedAt = now();
    const before = { ...a };
    a.status = started;
    await ctx().manager.save([rec, a]);
    await audit.record({ action: "inspection.start", entityType: "assignment", entityId: a.id, before, after: a });
    return a;
  },

  /** Fills in the record (leader, while IN_PROGRESS). Lines must be the task's check items. */
  async save(assignmentId: string, input: RecordInput & { mode?: StartInput }): Promise<InspectionRecordEntity> {
    const { a } = await asTeam(assignmentId, true);
    assertMove(inspectionRecordLifecycle, a.status, "saveRecord");
    const rec = (await inspectionService.recordOf(a.id))!;
    const before = { ...rec };
    if (input.mode) applyMode(rec, input.mode);
    if (input.inspectedOn !== undefined) {
      if (input.inspectedOn !== null) await checkInspectionDate(a, input.inspectedOn);
      rec.inspectedOn = input.inspectedOn;
    }
    if (input.lines !== undefined) rec.lines = await checkLines(a, input.lines);
    if (input.situation !== undefined) rec.situation = input.situation;
    if (input.handlingOpinion !== undefined) rec.handlingOpinion = input.handlingOpinion;
    if (input.identityShown !== undefined) rec.identityShown = input.identityShown;
    if (input.noticeShown !== undefined) rec.noticeShown = input.noticeShown;
    rec.inspectorSignoffs = []; // any change invalidates the inspectors' signatures
    await ctx().manager.save(rec);
    await audit.record({
      action: "inspection.record_save",
      entityType: "inspection_record",
      entityId: rec.id,
      before,
      after: rec,
    });
    return rec;
  },

  /** 被检查对象负责人签字, or 拒绝签字 with the reason and a witness (leader, while IN_PROGRESS). */
  async targetSignoff(assignmentId: string, input: TargetSignoffInput): Promise<InspectionRecordEntity> {
    const { a } = await asTeam(assignmentId, true);
    assertMove(inspectionRecordLifecycle, a.status, "targetSignoff");
    const rec = (await inspectionService.recordOf(a.id))!;
    const signed = !!input.signerName?.trim();
    const refused = !!input.refusalReason?.trim();
    if (signed === refused)
      throw badInput("signerName", "请填写签字人姓名，或在对方拒绝签字时填写拒签原因（二者选一）");
    const before = { ...rec };
    if (signed) {
      if (!input.signerRole?.trim()) throw badInput("signerRole", "请填写签字人职务（如法定代表人、负责人）");
      Object.assign(rec, {
        targetSignerName: input.signerName!.trim(),
        targetSignerRole: input.signerRole!.trim(),
        targetSignedAt: now(),
        refusalReason: null,
        refusalWitness: null,
      });
    } else {
      if (!input.refusalWitness?.trim()) throw badInput("refusalWitness", "拒绝签字的，须记录见证人");
      Object.assign(rec, {
        targetSignerName: null,
        targetSignerRole: null,
        targetSignedAt: null,
        refusalReason: input.refusalReason!.trim(),
        refusalWitness: input.refusalWitness!.trim(),
      });
    }
    await ctx().manager.save(rec);
    await audit.record({
      action: signed ? "inspection.target_sign" : "inspection.target_refuse",
      entityType: "inspection_record",
      entityId: rec.id,
      before,
      after: rec,
    });
    return rec;
  },

  /** 执法检查人员签字: each team member signs the record as it stands. */
  async sign(assignmentId: string): Promise<InspectionRecordEntity> {
    const { a, me } = await asTeam(assignmentId, false);
    assertMove(inspectionRecordLifecycle, a.status, "inspectorSign");
    const rec = (await inspectionService.recordOf(a.id))!;
    if (rec.inspectorSignoffs.some((s) => s.inspectorId === me)) throw conflict("您已在该记录上签字");
    rec.inspectorSignoffs = [...rec.inspectorSignoffs, { inspectorId: me, signedAt: now().toISOString() }];
    await ctx().manager.save(rec);
    await audit.record({
      action: "inspection.inspector_sign",
      entityType: "inspection_record",
      entityId: rec.id,
      summary: { inspectorId: me },
    });
    return rec;
  },

  /** 完成记录: the leader, once the record is complete and signed. The assignment becomes RECORDED. */
  async complete(assignmentId: string): Promise<AssignmentEntity> {
    const { a } = await asTeam(assignmentId, true);
    const recorded = assertMove(inspectionRecordLifecycle, a.status, "complete");
    const rec = (await inspectionService.recordOf(a.id))!;
    const missing: string[] = [];
    if (!rec.mode) missing.push("检查方式");
    if (!rec.inspectedOn) missing.push("检查日期");
    if (!rec.situation?.trim()) missing.push("检查情况");
    if (!rec.handlingOpinion?.trim()) missing.push("处理意见");
    if (rec.identityShown === null) missing.push("是否出示执法证件");
    if (!rec.lines.length) missing.push("检查项目");
    if (!rec.targetSignedAt && !rec.refusalReason) missing.push("被检查对象负责人签字或拒签记录");
    if (missing.length) throw ruleViolation("RECORD_INCOMPLETE", `记录尚不完整，请补充：${missing.join("、")}`);
    if (a.jointTargetId) {
      const date = await agreedVisitDate(a);
      if (rec.inspectedOn !== date)
        throw ruleViolation("JOINT_VISIT_DATE", `部门联合抽查一次上门：检查日期须为商定的联合检查日期 ${date}`);
    }
    const needed = Math.min(2, a.memberIds.length);
    const signers = new Set(rec.inspectorSignoffs.map((s) => s.inspectorId));
    if (!signers.has(a.leaderId) || signers.size < needed)
      throw ruleViolation("INSPECTOR_SIGNOFF", `须由组长及至少 ${needed} 名执法检查人员在记录上签字`);
    const before = { ...a };
    rec.recordedAt = now();
    a.status = recorded;
    a.inspectedOn = rec.inspectedOn;
    await ctx().manager.save([rec, a]);
    await audit.record({ action: "inspection.complete", entityType: "assignment", entityId: a.id, before, after: a });
    return a;
  },

  /** 证据材料: checked by magic bytes, hashed, never replaced (a new version supersedes an old one). */
  async addAttachment(input: AttachmentInput): Promise<InspectionAttachmentEntity> {
    const { a } = await asTeam(input.assignmentId, false);
    assertMove(inspectionRecordLifecycle, a.status, "addEvidence");
    const rec = (await inspectionService.recordOf(a.id))!;
    const content = Buffer.from(input.contentBase64, "base64");
    if (!content.length) throw badInput("contentBase64", "文件内容为空或不是有效的 Base64");
    if (content.length > MAX_ATTACHMENT_BYTES)
      throw badInput("contentBase64", `文件超过 ${Math.floor(MAX_ATTACHMENT_BYTES / 1000)} KB 上限，请压缩后再上传`);
    const mimeType = detectMimeType(content);
    if (!mimeType)
      throw badInput("contentBase64", "不支持的文件类型：仅限 JPEG、PNG、PDF、MP3、WAV、MP4 及 Office 文档");
    const { manager } = ctx();
    let version = 1;
    if (input.supersedesId) {
      const old = isUuid(input.supersedesId)
        ? await manager.findOne(InspectionAttachmentEntity, { where: { id: input.supersedesId, recordId: rec.id } })
        : null;
      if (!old) throw notFound("证据材料");
      const newer = await manager.findOne(InspectionAttachmentEntity, { where: { supersedesId: old.id } });
      if (newer) throw conflict("该证据材料已有更新版本，请在最新版本上追加");
      version = old.version + 1;
    }
    const row = manager.create(InspectionAttachmentEntity, {
      tenantId: currentTenantId(),
      recordId: rec.id,
      fileName: input.fileName,
      mimeType,
      sizeBytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      content,
      version,
      supersedesId: input.supersedesId ?? null,
      takenAt: input.takenAt ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      uploadedBy: currentUserId(),
    });
    const saved = await manager.save(row);
    await audit.record({
      action: "inspection.attachment_add",
      entityType: "inspection_attachment",
      entityId: saved.id,
      summary: { sha256: saved.sha256, version, supersedesId: saved.supersedesId },
    });
    return saved;
  },

  async attachments(recordId: string): Promise<InspectionAttachmentEntity[]> {
    return ctx().manager.find(InspectionAttachmentEntity, {
      where: { recordId },
      order: { createdAt: "ASC", version: "ASC" },
    });
  },

  /** An attachment's bytes, for those who may read its record (assertEvidenceReader). */
  async attachmentContent(id: string): Promise<{ att: InspectionAttachmentEntity; content: Buffer }> {
    const att = isUuid(id) ? await ctx().manager.findOne(InspectionAttachmentEntity, { where: { id } }) : null;
    if (!att) throw notFound("证据材料");
    const [{ assignment_id: assignmentId }]: Array<{ assignment_id: string }> = await ctx().manager.query(
      `SELECT assignment_id FROM inspection_record WHERE id = $1`,
      [att.recordId],
    );
    await inspectionService.assertEvidenceReader(await inspectionService.assignment(assignmentId));
    const rows: Array<{ content: Buffer }> = await ctx().manager.query(
      `SELECT content FROM inspection_attachment WHERE id = $1`,
      [id],
    );
    return { att, content: rows[0].content };
  },

  /**
   * What the assignment checks: its task's name and items. A JOINT part checks its department's confirmed items of the
   * joint task (joint_participation, the department's own row), under the joint task's name.
   */
  async taskOf(a: AssignmentEntity): Promise<{ name: string; itemIds: string[] }> {
    const [row]: Array<{ name: string; item_ids: string[] }> = a.taskId
      ? await ctx().manager.query(`SELECT name, item_ids FROM inspection_task WHERE id = $1`, [a.taskId])
      : await ctx().manager.query(
          `SELECT t.name, p.item_ids FROM joint_task t
             JOIN joint_participation p ON p.task_id = t.id AND p.tenant_id = $2
            WHERE t.id = $1`,
          [a.jointTaskId, a.tenantId],
        );
    if (!row) throw notFound("抽查任务");
    return { name: row.name, itemIds: row.item_ids };
  },

  async assignment(id: string): Promise<AssignmentEntity> {
    const a = isUuid(id) ? await ctx().manager.findOne(AssignmentEntity, { where: { id } }) : null;
    if (!a) throw notFound("检查任务");
    return a;
  },
};

function applyMode(rec: InspectionRecordEntity, input: StartInput): void {
  if (input.mode === "POSTAL" && !input.materialsDue)
    throw badInput("materialsDue", "邮寄专用信函方式须填写被检查对象提交材料的截止日期");
  if (input.mode === "THIRD_PARTY" && !input.thirdPartyOrg?.trim())
    throw badInput("thirdPartyOrg", "委托第三方检查须填写受托机构名称");
  rec.mode = input.mode;
  rec.materialsDue = input.mode === "POSTAL" ? input.materialsDue! : null;
  rec.thirdPartyOrg = input.mode === "THIRD_PARTY" ? input.thirdPartyOrg!.trim() : null;
}

/** Locks the assignment and checks that the caller is on its team (the leader when `leaderOnly`). */
export async function asTeam(assignmentId: string, leaderOnly: boolean): Promise<{ a: AssignmentEntity; me: string }> {
  requireRole(Role.INSPECTOR);
  const a = isUuid(assignmentId)
    ? await ctx().manager.findOne(AssignmentEntity, {
        where: { id: assignmentId, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!a) throw notFound("检查任务");
  const me = await inspectionService.myInspectorId();
  if (!me || !a.memberIds.includes(me)) throw forbidden("您不是该检查组成员");
  if (leaderOnly && a.leaderId !== me) throw forbidden("此操作须由检查组组长执行");
  return { a, me };
}

/** The inspection date lies between the draw (or the direct assignment) and today, both China dates. */
async function checkInspectionDate(a: AssignmentEntity, date: string): Promise<void> {
  // A JOINT part was drawn by the initiator's joint draw (its row is created by the parts' sync, not by the draw).
  const [draw]: Array<{ drawn_at: Date }> = a.drawId
    ? await ctx().manager.query(`SELECT drawn_at FROM draw WHERE id = $1`, [a.drawId])
    : a.jointTargetId
      ? await ctx().manager.query(
          `SELECT d.drawn_at FROM joint_target t JOIN joint_draw d ON d.id = t.draw_id WHERE t.id = $1`,
          [a.jointTargetId],
        )
      : [];
  const problem = inspectionDateProblem(date, {
    assignedOn: chinaDate(draw?.drawn_at ?? a.createdAt),
    today: chinaToday(),
  });
  if (problem) throw badInput("inspectedOn", problem, { rule: "INSPECTION_DATE" });
}

/** A JOINT part is inspected on the joint visit's agreed date (一次上门); before it is agreed the part cannot start. */
async function agreedVisitDate(a: AssignmentEntity): Promise<string> {
  const [v]: Array<{ agreed_date: string | null; status: string }> = await ctx().manager.query(
    `SELECT agreed_date::text AS agreed_date, status FROM joint_visit WHERE target_id = $1`,
    [a.jointTargetId],
  );
  if (!v?.agreed_date || v.status === "CANCELLED")
    throw conflict("联合检查日期尚未商定，请待牵头协调部门确定检查日期后再开始检查");
  return v.agreed_date;
}

/** Each line must be one of the task's check items, once; the item's name and legal basis are filled in. */
async function checkLines(a: AssignmentEntity, lines: RecordLine[]): Promise<RecordLine[]> {
  const task = await inspectionService.taskOf(a);
  const items: Array<{ id: string; name: string; legal_basis: Array<{ title?: string; articles?: string }> }> =
    await ctx().manager.query(`SELECT id, name, legal_basis FROM check_item WHERE id = ANY ($1)`, [task.itemIds]);
  const byId = new Map(items.map((i) => [i.id, i]));
  const seen = new Set<string>();
  return lines.map((l, n) => {
    const item = byId.get(l.checkItemId);
    if (!item) throw badInput(`lines[${n}].checkItemId`, "检查项目不属于本次抽查任务的抽查事项");
    if (seen.has(l.checkItemId)) throw badInput(`lines[${n}].checkItemId`, `检查项目“${item.name}”重复`);
    seen.add(l.checkItemId);
    if (!l.checked && !l.notCheckedReason?.trim())
      throw badInput(`lines[${n}].notCheckedReason`, `未检查“${item.name}”的，须说明原因`);
    if (l.rectified && !l.rectificationOrdered)
      throw badInput(`lines[${n}].rectified`, "未下达责令整改的项目不能标记为已整改");
    const basis =
      l.legalBasis?.trim() || item.legal_basis.map((b) => `《${b.title ?? ""}》${b.articles ?? ""}`).join("；") || null;
    return { ...l, itemName: item.name, legalBasis: basis };
  });
}
