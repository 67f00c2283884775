import QRCode from "qrcode";
import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { SUBJECT_KINDS } from "../../domain/catalog/code-tables";
import { formatCode, visitCheckUrl } from "../../domain/firm";
import { isUuid } from "../../domain/ids";
import { AssignmentEntity } from "../../entities/draw/draw.entity";
import { badInput, notFound } from "../../errors";
import { itemsApplyingTo, renderVisitNoticeHtml, richTextToPlain } from "../../joint";
import { chinaToday } from "../../time";
import { itemListService } from "../catalog/item-list.service";
import { subjectService } from "../catalog/subject.service";
import { countyService } from "../county/county.service";
import { renderCountyReportHtml } from "../county/county-report.service";
import { drawService } from "../draw/draw.service";
import { drawRecordSheet } from "../draw/draw-record-sheet.service";
import { firmDepartmentService } from "../firm/department.service";
import { participationsOf, visibleJointTask } from "../joint/joint.guards";
import { visitDocuments } from "../joint/joint-documents.service";
import { jointVisitService } from "../joint/joint-visit.service";
import { inspectionService } from "./inspection.service";
import {
  type AssignmentFacts,
  type NoticeCodes,
  noticeCodesHtml,
  renderAssignmentNoticeHtml,
  renderAssignmentRecordHtml,
  renderSummaryHtml,
} from "./inspection-forms.html";
import { inspectionReportService } from "./inspection-report.service";

/** The forms a department prints, each at its own URL (/forms/<kind>/<id>, src/web/forms-route.ts). */
export const FORM_KINDS = ["notice", "joint-notice", "record", "draw-record", "summary", "county-report"] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const isFormKind = (k: string): k is FormKind => (FORM_KINDS as readonly string[]).includes(k);

const INSPECTION_MODES: Record<string, string> = {
  ON_SITE: "实地检查",
  ONLINE_MONITORING: "网络监测",
  POSTAL: "邮寄专用信函",
  SELF_INSPECTION: "企业自查报告",
  THIRD_PARTY: "委托第三方",
};

/**
 * 可打印表单: 检查通知书 and 抽查情况记录表 of one assignment, the 选派（抽取）记录单 of a draw and the 抽查情况汇总表
 * of a year (id = the year; `taskId` narrows it). Reads run in the caller's tenant transaction, so RLS decides
 * what exists: another department's assignment is not found.
 */
export const printableFormsService = {
  async render(
    kind: FormKind,
    id: string,
    opts: { taskId?: string; origin?: string } = {},
  ): Promise<{ title: string; html: string }> {
    switch (kind) {
      case "notice": {
        const facts = await assignmentFacts(id);
        const codes = await noticeCodes(await inspectionService.assignment(id), opts.origin ?? "");
        return { title: "检查通知书", html: renderAssignmentNoticeHtml(facts, chinaToday(), codes) };
      }
      case "joint-notice":
        return jointNotice(id, opts.origin ?? "");
      case "record":
        return { title: "抽查情况记录表", html: await recordHtml(id) };
      case "draw-record":
        if (!isUuid(id)) throw notFound("抽取记录");
        return { title: "选派（抽取）记录单", html: await drawRecordSheet(await drawService.get(id)) };
      case "county-report": {
        const year = Number(id);
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year", "年度不正确");
        return { title: "年度工作通报", html: renderCountyReportHtml(await countyService.rollup(year), chinaToday()) };
      }
      case "summary": {
        const year = Number(id);
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year", "年度不正确");
        const rows = await inspectionReportService.summaryRows(year, opts.taskId);
        const tenant = await tenantLoader().load(currentTenantId());
        return {
          title: "抽查情况汇总表",
          html: renderSummaryHtml({ department: tenant?.name ?? "", year, filledOn: chinaToday(), rows }),
        };
      }
    }
  },
};

/**
 * 部门联合抽查检查通知书 of one joint visit (id = the joint visit). The initiating department issues it, so its print
 * carries the codes of the initiating department's part: a scan opens the whole joint visit (firm/joint-parts.ts).
 * Another participant prints it without codes.
 */
async function jointNotice(visitId: string, origin: string): Promise<{ title: string; html: string }> {
  const visit = await jointVisitService.get(visitId);
  const task = await visibleJointTask(visit.taskId);
  const target = await jointVisitService.target(visit.targetId);
  const { notice } = await visitDocuments(visit, task, target, await participationsOf(task.id));
  const part =
    currentTenantId() === task.initiatingTenantId
      ? await ctx().manager.findOne(AssignmentEntity, {
          where: { jointTargetId: visit.targetId, tenantId: currentTenantId() },
        })
      : null;
  const codes = part
    ? noticeCodesHtml(await noticeCodes(part, origin), `${notice.contact ? "五" : "四"}、扫码核验与预约`)
    : null;
  return { title: notice.title, html: renderVisitNoticeHtml(notice, codes) };
}

/** The notice's codes (issued on first print, the same on every reprint) and the QR code of the check page. */
async function noticeCodes(a: AssignmentEntity, origin: string): Promise<NoticeCodes> {
  const c = await firmDepartmentService.codes(a);
  const verifyUrl = visitCheckUrl(origin, c.verifyCode);
  const svg = await QRCode.toString(verifyUrl, { type: "svg", margin: 1 });
  return {
    verifyUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    verifyCode: formatCode(c.verifyCode),
    firmCode: formatCode(c.firmCode),
    expiresOn: c.expiresOn,
  };
}

async function assignmentFacts(assignmentId: string): Promise<AssignmentFacts> {
  const a = await inspectionService.assignment(assignmentId);
  const [task, subject, tenant] = await Promise.all([
    inspectionService.taskOf(a),
    subjectService.get(a.subjectId),
    tenantLoader().load(a.tenantId),
  ]);
  const items = await itemListService.itemsOfTask(task.itemIds);
  const people: Array<{ id: string; name: string; certificate_no: string; organisation: string | null }> =
    await ctx().manager.query(`SELECT id, name, certificate_no, organisation FROM inspector WHERE id = ANY ($1)`, [
      [...a.memberIds, ...(a.expertIds ?? [])],
    ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const ordered = [a.leaderId, ...a.memberIds.filter((m) => m !== a.leaderId)];
  return {
    department: tenant?.name ?? "",
    taskName: task.name,
    windowFrom: a.windowFrom,
    windowTo: a.windowTo,
    target: {
      name: subject.name,
      code: subject.creditCode ?? subject.registrationNo ?? "",
      legalRepresentative: subject.legalRepresentative ?? "",
      address: subject.address ?? "",
      kind: SUBJECT_KINDS[subject.kind as keyof typeof SUBJECT_KINDS] ?? "",
    },
    // Only the task's items that apply to this target (the rule the population follows), contents as plain text.
    items: itemsApplyingTo(items, { kind: subject.kind, industryCode: subject.industryCode }).map((i) => ({
      code: i.code,
      name: i.name,
      content: richTextToPlain(i.content),
      basis: i.legalBasis.map((b) => `《${b.title}》${b.articles ?? ""}`).join("；"),
    })),
    inspectors: ordered.flatMap((id) => {
      const p = byId.get(id);
      return p
        ? [{ name: p.name, certificateNo: p.certificate_no, role: id === a.leaderId ? "组长" : "组员" } as const]
        : [];
    }),
    experts: (a.expertIds ?? []).flatMap((id) => {
      const p = byId.get(id);
      return p ? [{ name: p.name, organisation: p.organisation }] : [];
    }),
  };
}

async function recordHtml(assignmentId: string): Promise<string> {
  const facts = await assignmentFacts(assignmentId);
  const rec = await inspectionService.readableRecord(assignmentId);
  const a = await inspectionService.assignment(assignmentId);
  const names = new Map(
    (
      (await ctx().manager.query(`SELECT id, name FROM inspector WHERE id = ANY ($1)`, [a.memberIds])) as Array<{
        id: string;
        name: string;
      }>
    ).map((p) => [p.id, p.name]),
  );
  return renderAssignmentRecordHtml({
    ...facts,
    inspectedOn: rec?.inspectedOn ?? null,
    mode: rec?.mode ? (INSPECTION_MODES[rec.mode] ?? rec.mode) : null,
    lines: rec?.lines ?? [],
    situation: rec?.situation ?? "",
    handlingOpinion: rec?.handlingOpinion ?? "",
    targetSigner: rec?.targetSignerName
      ? `${rec.targetSignerName}${rec.targetSignerRole ? `（${rec.targetSignerRole}）` : ""}`
      : "",
    refusal: rec?.refusalReason ? `被检查对象拒绝签字：${rec.refusalReason}；见证人：${rec.refusalWitness ?? ""}` : "",
    signedInspectors: (rec?.inspectorSignoffs ?? []).map((s) => names.get(s.inspectorId) ?? ""),
  });
}
