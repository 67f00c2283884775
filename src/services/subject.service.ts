import type { EntityManager } from "typeorm";
import { Role } from "../auth/roles";
import { ctx, currentTenantId, requireRole } from "../context/request-context";
import { type Checked, checkCreditCode, checkDate, checkIndustryCode, checkRegionCode } from "../domain/catalog/fields";
import { SubjectEntity } from "../entities/subject";
import { SubjectStatusHistoryEntity } from "../entities/subject-status-history";
import { notFound } from "../errors";
import type { SubjectFilter, SubjectInput } from "../schema/directory.input";
import { now } from "../time";
import { audit } from "./audit.service";
import { must, optional, requireUuid } from "./catalog-guards";
import { type KeysetPage, keysetPage, type PageRequest } from "./keyset";
import { escapeLike } from "./like";

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
  const sql = byCode
    ? `${idExpr} IN (SELECT public.subject_ids_by_name(:search_q) UNION ALL SELECT c.id FROM subject c
        WHERE c.credit_code BETWEEN :code_lo AND :code_hi AND c.credit_code LIKE :code_like)`
    : `${idExpr} IN (SELECT public.subject_ids_by_name(:search_q))`;
  const params: Record<string, string> = { search_q: q };
  if (byCode)
    Object.assign(params, { code_lo: code, code_hi: code + "Z".repeat(18 - code.length), code_like: `${code}%` });
  return { sql, params };
}

/** Master data of a subject after validation. */
export type SubjectData = Omit<SubjectEntity, "id" | "statusChangedAt" | "createdAt" | "updatedAt">;

/** Validates a subject input; each problem is a BAD_USER_INPUT naming the field. */
export function subjectData(input: SubjectInput): SubjectData {
  const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  const checkedOrNull = (field: string, v: string | null | undefined, check: (s: string) => Checked<string>) =>
    optional(field, v, check);
  return {
    kind: input.kind,
    name: must(
      "name",
      input.name.trim() ? { ok: true, value: input.name.trim() } : { ok: false, message: "请填写名称" },
    ),
    creditCode: checkedOrNull("creditCode", input.creditCode, checkCreditCode),
    registrationNo: text(input.registrationNo),
    legalRepresentative: text(input.legalRepresentative),
    address: text(input.address),
    regionCode: checkedOrNull("regionCode", input.regionCode, checkRegionCode),
    industryCode: checkedOrNull("industryCode", input.industryCode, checkIndustryCode),
    status: input.status ?? "ACTIVE",
    abnormalListSince: checkedOrNull("abnormalListSince", input.abnormalListSince, checkDate),
    blacklistSince: checkedOrNull("blacklistSince", input.blacklistSince, checkDate),
  };
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

  /** Finds the subject by credit code (dedup key) or inserts it; existing master data is overwritten by `data`. */
  async upsert(data: SubjectData): Promise<{ subject: SubjectEntity; created: boolean }> {
    requireRole(Role.ADMIN);
    const { manager } = ctx();
    const existing = data.creditCode
      ? await manager.findOne(SubjectEntity, { where: { creditCode: data.creditCode } })
      : null;
    if (existing) return { subject: await this.update(existing, data), created: false };
    const subject = await manager.save(manager.create(SubjectEntity, { ...data, statusChangedAt: now() }));
    if (subject.status !== "ACTIVE") await recordStatus(manager, subject.id, subject.status, "登记时状态");
    await audit.record({ action: "subject.create", entityType: "subject", entityId: subject.id, after: subject });
    return { subject, created: true };
  },

  async update(subject: SubjectEntity, data: Partial<SubjectData>, note?: string): Promise<SubjectEntity> {
    requireRole(Role.ADMIN);
    const { manager } = ctx();
    const statusChanged = data.status !== undefined && data.status !== subject.status;
    const before = { ...subject };
    Object.assign(subject, data);
    if (statusChanged) subject.statusChangedAt = now();
    const saved = await manager.save(subject);
    if (statusChanged) await recordStatus(manager, subject.id, subject.status, note ?? null);
    await audit.record({ action: "subject.update", entityType: "subject", entityId: subject.id, before, after: saved });
    return saved;
  },
};

async function recordStatus(manager: EntityManager, subjectId: string, status: string, note: string | null) {
  const p = ctx().principal;
  await manager.insert(SubjectStatusHistoryEntity, {
    subjectId,
    status,
    changedAt: now(),
    changedByTenantId: currentTenantId(),
    changedBy: p.kind === "user" ? p.userId : null,
    note,
  });
}
