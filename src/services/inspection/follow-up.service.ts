import { type DueStatus, type IsoDate, isIsoDate } from "../../calendar";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { followUpDeadlines } from "../../domain/inspection/deadlines";
import { followUpLifecycle, transferLifecycle } from "../../domain/inspection/follow-up.lifecycle";
import { assertMove } from "../../domain/lifecycle";
import {
  type FollowUpAction,
  FollowUpEntity,
  FollowUpTransferEntity,
  type TransferKind,
} from "../../entities/inspection/follow-up.entity";
import { InspectionResultEntity } from "../../entities/inspection/inspection-result.entity";
import { badInput, conflict, notFound, ruleViolation } from "../../errors";
import { chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";
import { creditRecords } from "../county/credit-record.service";
import { calendarService } from "../system/calendar.service";
import { inspectionDeadlineRules } from "../system/tenant-settings.service";
import { publishTransferReceived } from "./transfer.events";

export interface OpenFollowUpInput {
  resultId: string;
  action: FollowUpAction;
  description?: string | null;
  responsiblePerson: string;
  dueDate: string;
  rectifyDeadline?: string | null;
}

/**
 * 后续处置台账: one entry per action on a result's findings, open until closed. A 移交/抄告 goes to another
 * department's inbox (follow_up_transfer, visible to sender and receiver only) and is accepted or returned there;
 * closing may propose a risk-class change to other departments, which apply it to their directory on acceptance.
 */
export const followUpService = {
  async open(input: OpenFollowUpInput): Promise<FollowUpEntity> {
    const { manager } = ctx();
    const result = isUuid(input.resultId)
      ? await manager.findOne(InspectionResultEntity, { where: { id: input.resultId, tenantId: currentTenantId() } })
      : null;
    if (!result) throw notFound("检查结果");
    checkDate("dueDate", input.dueDate);
    if (input.action === "RECTIFY_BY_DEADLINE") {
      if (!input.rectifyDeadline) throw badInput("rectifyDeadline", "责令限期整改须填写整改期限");
      checkDate("rectifyDeadline", input.rectifyDeadline);
    }
    const saved = await manager.save(
      manager.create(FollowUpEntity, {
        tenantId: currentTenantId(),
        resultId: result.id,
        subjectId: result.subjectId,
        action: input.action,
        description: input.description?.trim() ?? "",
        responsiblePerson: input.responsiblePerson.trim(),
        dueDate: input.dueDate,
        rectifyDeadline: input.action === "RECTIFY_BY_DEADLINE" ? input.rectifyDeadline! : null,
        status: "OPEN",
        createdBy: currentUserId(),
      }),
    );
    await audit.record({ action: "follow_up.open", entityType: "follow_up", entityId: saved.id, after: saved });
    if (saved.action === "CREDIT_LISTING") await creditRecords.afterFollowUp(saved, "ABNORMAL_LIST");
    return saved;
  },

  async list(status: "OPEN" | "CLOSED" | undefined, limit: number, offset: number) {
    return ctx().manager.findAndCount(FollowUpEntity, {
      where: status ? { status } : {},
      order: { dueDate: "ASC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /**
   * OK / DUE_SOON / OVERDUE of an open entry's due date as of `today` on the department's working-day calendar
   * (the due-soon threshold from its settings); null once closed.
   */
  async dueState(f: { id: string; subjectId: string; dueDate: IsoDate; status: string }, today?: IsoDate) {
    if (f.status !== "OPEN") return null;
    const cal = await calendarService.current(await calendarService.regionFor());
    const [item] = followUpDeadlines(
      [{ followUpId: f.id, assignmentId: null, subjectId: f.subjectId, dueDate: f.dueDate }],
      today ?? chinaToday(),
      cal,
      await inspectionDeadlineRules(),
    );
    return item.state as DueStatus;
  },

  async get(id: string): Promise<FollowUpEntity> {
    const f = isUuid(id) ? await ctx().manager.findOne(FollowUpEntity, { where: { id } }) : null;
    if (!f) throw notFound("后续处置事项");
    return f;
  },

  /** 移交/抄告 to another department. */
  async transfer(id: string, toDepartmentId: string, kind: "TRANSFER" | "NOTIFY", note: string) {
    const f = await lockOwn(id);
    assertMove(followUpLifecycle, f.status, "transfer");
    return sendTransfer(f, toDepartmentId, kind, note, null);
  },

  /** Transfers sent by the caller's department (with their answers), newest first. */
  async outbox(followUpId?: string): Promise<FollowUpTransferEntity[]> {
    return ctx().manager.find(FollowUpTransferEntity, {
      where: { fromTenantId: currentTenantId(), ...(followUpId ? { followUpId } : {}) },
      order: { createdAt: "DESC" },
      take: 500,
    });
  },

  /** The caller's department's inbox (待办移交、抄告和风险等级调整建议). */
  async inbox(status: "PENDING" | "ACCEPTED" | "RETURNED" | undefined, limit: number, offset: number) {
    return ctx().manager.findAndCount(FollowUpTransferEntity, {
      where: { toTenantId: currentTenantId(), ...(status ? { status } : {}) },
      order: { createdAt: "DESC", id: "ASC" },
      take: limit,
      skip: offset,
    });
  },

  /**
   * 接收: a transfer opens the receiver's own follow-up entry; a risk-class proposal sets the receiver's directory
   * entry's risk class; a notification (抄告) is only acknowledged.
   */
  async accept(
    transferId: string,
    input: { note?: string | null; responsiblePerson?: string | null; dueDate?: string | null },
  ): Promise<FollowUpTransferEntity> {
    const t = await lockInbox(transferId);
    const accepted = assertMove(transferLifecycle, t.status, "accept");
    const { manager } = ctx();
    const before = { ...t };
    if (t.kind === "TRANSFER") {
      if (!input.responsiblePerson?.trim()) throw badInput("responsiblePerson", "接收移交须指定责任人");
      if (!input.dueDate) throw badInput("dueDate", "接收移交须填写办理期限");
      checkDate("dueDate", input.dueDate);
      const own = await manager.save(
        manager.create(FollowUpEntity, {
          tenantId: currentTenantId(),
          resultId: null,
          subjectId: t.subjectId,
          action: "CASE_OPENED",
          description: t.note,
          responsiblePerson: input.responsiblePerson.trim(),
          dueDate: input.dueDate,
          status: "OPEN",
          sourceTransferId: t.id,
          createdBy: currentUserId(),
        }),
      );
      await audit.record({ action: "follow_up.open", entityType: "follow_up", entityId: own.id, after: own });
    }
    if (t.kind === "RISK_CLASS_PROPOSAL") {
      const updated: unknown[] = await manager.query(
        `UPDATE directory_entry SET risk_class = $1, risk_source = 'FOLLOW_UP', risk_assessed_on = $4::date,
                updated_at = now()
          WHERE subject_id = $2 AND tenant_id = $3 RETURNING id`,
        [t.proposedRiskClass, t.subjectId, currentTenantId(), chinaToday()],
      );
      if (!(updated[0] as unknown[]).length)
        throw ruleViolation("NOT_IN_DIRECTORY", "该对象不在本部门检查对象名录库中，无法调整风险等级，请退回");
    }
    Object.assign(t, {
      status: accepted,
      responseNote: input.note?.trim() || null,
      respondedBy: currentUserId(),
      respondedAt: now(),
    });
    const saved = await manager.save(t);
    await audit.record({
      action: "follow_up_transfer.accept",
      entityType: "follow_up_transfer",
      entityId: t.id,
      before,
      after: saved,
    });
    return saved;
  },

  /** 退回: the receiver declines with a reason (e.g. not its competence). */
  async returnTransfer(transferId: string, note: string): Promise<FollowUpTransferEntity> {
    if (!note?.trim()) throw badInput("note", "退回移交须说明原因");
    const t = await lockInbox(transferId);
    const returned = assertMove(transferLifecycle, t.status, "return");
    const before = { ...t };
    Object.assign(t, {
      status: returned,
      responseNote: note.trim(),
      respondedBy: currentUserId(),
      respondedAt: now(),
    });
    const saved = await ctx().manager.save(t);
    await audit.record({
      action: "follow_up_transfer.return",
      entityType: "follow_up_transfer",
      entityId: t.id,
      before,
      after: saved,
    });
    return saved;
  },

  /**
   * 立案与处罚 (CASE_OPENED / ADMINISTRATIVE_PENALTY entries): the case number, then the decision and its date (the
   * decision is recorded once; its publication is then due), then the date its 行政处罚信息 was published.
   */
  async recordCase(
    id: string,
    input: {
      caseNumber?: string | null;
      decision?: string | null;
      decidedOn?: string | null;
      publishedOn?: string | null;
    },
  ): Promise<FollowUpEntity> {
    const f = await lockOwn(id);
    if (f.action !== "CASE_OPENED" && f.action !== "ADMINISTRATIVE_PENALTY")
      throw ruleViolation("NOT_A_CASE", "只有立案查处或行政处罚事项可以登记案件编号和处罚决定");
    const before = { ...f };
    if (input.caseNumber !== undefined && input.caseNumber !== null) {
      const n = input.caseNumber.trim();
      if (n.length < 1 || n.length > 60) throw badInput("caseNumber", "案件编号须为 1–60 个字符");
      f.caseNumber = n;
    }
    if (input.decision !== undefined && input.decision !== null) {
      if (f.penaltyDecidedOn) throw conflict("处罚决定已登记，不能重复登记");
      const d = input.decision.trim();
      if (d.length < 1 || d.length > 2000) throw badInput("decision", "处罚决定须为 1–2000 个字符");
      if (!input.decidedOn) throw badInput("decidedOn", "请填写处罚决定日期");
      checkDate("decidedOn", input.decidedOn);
      if (input.decidedOn > chinaToday()) throw badInput("decidedOn", "处罚决定日期不能晚于今天");
      if (!f.caseNumber) throw badInput("caseNumber", "登记处罚决定前须先填写案件编号");
      Object.assign(f, { penaltyDecision: d, penaltyDecidedOn: input.decidedOn });
    }
    if (input.publishedOn !== undefined && input.publishedOn !== null) {
      checkDate("publishedOn", input.publishedOn);
      if (!f.penaltyDecidedOn) throw badInput("publishedOn", "尚未登记处罚决定，不能登记公示");
      if (input.publishedOn < f.penaltyDecidedOn || input.publishedOn > chinaToday())
        throw badInput("publishedOn", "公示日期须在处罚决定日期与今天之间");
      f.penaltyPublishedOn = input.publishedOn;
    }
    const saved = await ctx().manager.save(f);
    if (saved.penaltyPublishedOn && !before.penaltyPublishedOn)
      await creditRecords.afterFollowUp(saved, "ADMINISTRATIVE_PENALTY");
    await audit.record({ action: "follow_up.case", entityType: "follow_up", entityId: f.id, before, after: saved });
    return saved;
  },

  /**
   * 办结. A follow-up that was transferred closes only once every transfer is answered. Optionally proposes a
   * risk class to other departments (each gets a RISK_CLASS_PROPOSAL in its inbox).
   */
  async close(
    id: string,
    note: string,
    proposal?: { riskClass: string; departmentIds: string[] } | null,
  ): Promise<FollowUpEntity> {
    if (!note?.trim()) throw badInput("note", "办结须填写办结情况");
    const f = await lockOwn(id);
    const closed = assertMove(followUpLifecycle, f.status, "close");
    const pending = await ctx().manager.count(FollowUpTransferEntity, {
      where: { followUpId: f.id, fromTenantId: currentTenantId(), status: "PENDING" },
    });
    if (pending) throw ruleViolation("TRANSFER_PENDING", "该事项的移交尚未被接收或退回，不能办结");
    const before = { ...f };
    Object.assign(f, { status: closed, closingNote: note.trim(), closedAt: now(), closedBy: currentUserId() });
    const saved = await ctx().manager.save(f);
    await audit.record({ action: "follow_up.close", entityType: "follow_up", entityId: f.id, before, after: saved });
    if (proposal) {
      if (!proposal.riskClass?.trim()) throw badInput("riskClass", "请填写建议的风险等级");
      for (const d of new Set(proposal.departmentIds))
        await sendTransfer(
          f,
          d,
          "RISK_CLASS_PROPOSAL",
          `建议调整风险等级为 ${proposal.riskClass}：${note.trim()}`,
          proposal.riskClass.trim(),
        );
    }
    return saved;
  },
};

async function sendTransfer(
  f: FollowUpEntity,
  toDepartmentId: string,
  kind: TransferKind,
  note: string,
  riskClass: string | null,
): Promise<FollowUpTransferEntity> {
  if (!note?.trim()) throw badInput("note", "请填写移交或抄告事项说明");
  const { manager } = ctx();
  const [dept]: Array<{ id: string }> = isUuid(toDepartmentId)
    ? await manager.query(`SELECT id FROM tenant WHERE id = $1 AND kind <> 'PLATFORM'`, [toDepartmentId])
    : [];
  if (!dept) throw notFound("接收部门");
  if (dept.id === currentTenantId()) throw badInput("toDepartmentId", "不能移交给本部门");
  const [subject]: Array<{ name: string }> = await manager.query(`SELECT name FROM subject WHERE id = $1`, [
    f.subjectId,
  ]);
  const row = manager.create(FollowUpTransferEntity, {
    fromTenantId: currentTenantId(),
    toTenantId: dept.id,
    followUpId: f.id,
    kind,
    subjectId: f.subjectId,
    subjectName: subject.name,
    note: note.trim(),
    proposedRiskClass: riskClass,
    status: "PENDING",
    createdBy: currentUserId(),
  });
  const saved = await manager.save(row);
  await audit.record({
    action: "follow_up_transfer.send",
    entityType: "follow_up_transfer",
    entityId: saved.id,
    after: saved,
    summary: { kind, toTenantId: dept.id },
  });
  await publishTransferReceived(saved);
  return saved;
}

async function lockOwn(id: string): Promise<FollowUpEntity> {
  const f = isUuid(id)
    ? await ctx().manager.findOne(FollowUpEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!f) throw notFound("后续处置事项");
  return f;
}

async function lockInbox(id: string): Promise<FollowUpTransferEntity> {
  const t = isUuid(id)
    ? await ctx().manager.findOne(FollowUpTransferEntity, {
        where: { id, toTenantId: currentTenantId() },
        lock: { mode: "for_no_key_update" },
      })
    : null;
  if (!t) throw notFound("移交事项");
  return t;
}

function checkDate(field: string, v: string): void {
  if (!isIsoDate(v)) throw badInput(field, "日期应为 YYYY-MM-DD 格式的真实日期");
}
