import { ctx, currentTenantId } from "../../context/request-context";
import {
  type Checked,
  checkCreditCode,
  checkDate,
  checkIndustryCode,
  checkRegionCode,
} from "../../domain/catalog/fields";
import { SubjectEntity } from "../../entities/catalog/subject.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { badInput, conflict, forbidden, notFound } from "../../errors";
import type { SubjectFilter, SubjectInput } from "../../schema/catalog/directory.input";
import { audit } from "../audit/audit.service";
import { type KeysetPage, keysetPage, type PageRequest } from "../shared/keyset.query";
import { escapeLike } from "../shared/like.query";
import { must, optional, requireUuid } from "./catalog.guards";
import {
  MASTER_FIELDS,
  type SubjectPatch,
  type SubjectValues,
  subjectRegistry,
  withChangeNote,
} from "./subject-registry.service";

/** Validates a subject input; each problem is a BAD_USER_INPUT naming the field. Absent fields are null. */
export function subjectData(input: SubjectInput): SubjectValues {
  const patch = subjectPatch(input);
  const values = Object.fromEntries(MASTER_FIELDS.map(([k]) => [k, patch[k] ?? null])) as SubjectValues;
  return values;
}

/**
 * "Name contains … or credit code starts with …" as a condition on a subject id, in the form that uses an index under
 * RLS: ILIKE and array containment are not leakproof, so on the subject table (whose policy is a security qual)
 * PostgreSQL would test them row by row after the policy over the whole registry. The name part goes through
 * subject_ids_by_name() (bigram GIN index on an RLS-free copy of the names, migration 0120); the code part is a
 * range on the credit-code index (comparisons are leakproof), rechecked with LIKE.
 */
export function subjectSearch(idExpr: string, search: string): { sql: string; params: Record<string, string> } {
  const q = search.trim();
  const code = q.normalize("NFKC").toUpperCase();
  const byCode = /^[0-9A-Z]{2,18}$/.test(code);
  // = ANY (ARRAY(…)): the ids are computed once (an init plan). As `IN (SELECT …)` the planner may run the search once
  // per candidate row when the statistics are stale, e.g. right after an import (25,000 calls: about a minute).
  const sql = byCode
    ? `${idExpr} = ANY (ARRAY(SELECT public.subject_ids_by_name(:search_q) UNION ALL SELECT c.id FROM subject c
        WHERE c.credit_code BETWEEN :code_lo AND :code_hi AND c.credit_code LIKE :code_like))`
    : `${idExpr} = ANY (ARRAY(SELECT public.subject_ids_by_name(:search_q)))`;
  const params: Record<string, string> = { search_q: q };
  if (byCode)
    Object.assign(params, { code_lo: code, code_hi: code + "Z".repeat(18 - code.length), code_like: `${code}%` });
  return { sql, params };
}

/**
 * The fields an input mentions, validated: a field the input omits stays undefined (kept as it is); an explicit
 * null or blank erases (docs/REGISTRY.md: nothing the input did not mention is erased).
 */
export function subjectPatch(input: SubjectInput): SubjectPatch {
  const text = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() ? v.trim() : null);
  const checked = (field: string, v: string | null | undefined, check: (s: string) => Checked<string>) =>
    v === undefined ? undefined : optional(field, v, check);
  const patch: SubjectPatch = {
    kind: input.kind,
    name: must(
      "name",
      input.name.trim() ? { ok: true, value: input.name.trim() } : { ok: false, message: "请填写名称" },
    ),
    creditCode: checked("creditCode", input.creditCode, checkCreditCode),
    registrationNo: text(input.registrationNo),
    legalRepresentative: text(input.legalRepresentative),
    address: text(input.address),
    regionCode: checked("regionCode", input.regionCode, checkRegionCode),
    industryCode: checked("industryCode", input.industryCode, checkIndustryCode),
    // A status is never erased: null means "not given".
    status: input.status ?? undefined,
    abnormalListSince: checked("abnormalListSince", input.abnormalListSince, checkDate),
    blacklistSince: checked("blacklistSince", input.blacklistSince, checkDate),
  };
  return patch;
}

/**
 * 检查对象 registry writes (shared master data). Only called by the directory services, which check that the caller
 * is an ADMIN of a department that lists the subject. Status changes leave a history row.
 */
export const subjectService = {
  /** The shared registry, for any signed-in department (e.g. to find a subject before adding it). */
  async search(f: SubjectFilter, page: PageRequest): Promise<KeysetPage<SubjectEntity>> {
    currentTenantId();
    const { manager } = ctx();
    const qb = manager.createQueryBuilder(SubjectEntity, "s").where("true");
    if (f.kind) qb.andWhere("s.kind = :kind", { kind: f.kind });
    if (f.status) qb.andWhere("s.status = :status", { status: f.status });
    if (f.regionCode) qb.andWhere("s.region_code LIKE :region", { region: `${escapeLike(f.regionCode)}%` });
    if (f.industryCode) qb.andWhere("s.industry_code LIKE :industry", { industry: `${escapeLike(f.industryCode)}%` });
    if (f.search?.trim()) {
      const m = subjectSearch("s.id", f.search);
      qb.andWhere(m.sql, m.params);
    }
    return keysetPage(manager, qb, page, ["s.name", "s.id"]);
  },

  async get(id: string): Promise<SubjectEntity> {
    requireUuid(id, "检查对象");
    const s = await ctx().manager.findOne(SubjectEntity, { where: { id } });
    if (!s) throw notFound("检查对象");
    return s;
  },

  /**
   * Finds the subject by identity (credit code; registration number; kind + name + address) or registers it. A
   * found subject keeps its set fields; only empty ones are filled (docs/REGISTRY.md).
   */
  async upsert(data: SubjectValues): Promise<{ subject: SubjectEntity; created: boolean }> {
    const { subject, created, before } = await subjectRegistry.register(data);
    if (created)
      await audit.record({ action: "subject.create", entityType: "subject", entityId: subject.id, after: subject });
    else if (before && subject !== before)
      await audit.record({
        action: "subject.fill",
        entityType: "subject",
        entityId: subject.id,
        before,
        after: subject,
      });
    return { subject, created };
  },

  /**
   * 移交维护部门: the coordinator (联席会议办公室) hands a subject's stewardship to another department of its region,
   * for instance when the firm's business moved to another department's remit. The database allows only the
   * coordinator to change the steward and writes the change with the note to the subject's history (migration 0040).
   */
  async handOverStewardship(subjectId: string, toTenantId: string, note: string): Promise<SubjectEntity> {
    const { manager } = ctx();
    const me = await manager.findOneBy(TenantEntity, { id: currentTenantId() });
    if (!me?.isCoordinator) throw forbidden("只有联席会议办公室可以移交检查对象的维护部门");
    if (!note.trim()) throw badInput("note", "移交维护部门须说明理由");
    const subject = await this.get(subjectId);
    const to = await manager.findOneBy(TenantEntity, { id: toTenantId });
    if (!to || to.kind === "PLATFORM") throw notFound("接收部门");
    if (to.regionCode !== me.regionCode)
      throw badInput("toDepartmentId", `接收部门“${to.name}”不在本联席会议的行政区划内`);
    if (subject.stewardTenantId === to.id) throw conflict(`“${to.name}”已是该检查对象的维护部门`);
    const from = subject.stewardTenantId;
    const rows: Array<{ id: string }> = await withChangeNote(note.trim(), async () =>
      manager.query(`UPDATE subject SET steward_tenant_id = $2, updated_at = now() WHERE id = $1 RETURNING id`, [
        subject.id,
        to.id,
      ]),
    );
    if (!rows.length) throw notFound("检查对象");
    await audit.record({
      action: "subject.steward_handover",
      entityType: "subject",
      entityId: subject.id,
      before: { stewardTenantId: from },
      after: { stewardTenantId: to.id, note: note.trim() },
    });
    return this.get(subject.id);
  },

  /** Sets the fields the patch mentions (the steward or the coordinator for set fields; anyone for empty ones). */
  async update(subject: SubjectEntity, patch: SubjectPatch, note?: string): Promise<SubjectEntity> {
    const saved = await subjectRegistry.change(subject, patch, note ?? null);
    if (saved !== subject)
      await audit.record({
        action: "subject.update",
        entityType: "subject",
        entityId: subject.id,
        before: subject,
        after: saved,
      });
    return saved;
  },
};
