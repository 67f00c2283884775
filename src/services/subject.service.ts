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
import { escapeLike } from "./like";

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
  async search(f: SubjectFilter, limit: number, offset: number): Promise<[SubjectEntity[], number]> {
    currentTenantId();
    const qb = ctx().manager.createQueryBuilder(SubjectEntity, "s").where("true");
    if (f.kind) qb.andWhere("s.kind = :kind", { kind: f.kind });
    if (f.status) qb.andWhere("s.status = :status", { status: f.status });
    if (f.regionCode) qb.andWhere("s.region_code LIKE :region", { region: `${escapeLike(f.regionCode)}%` });
    if (f.industryCode) qb.andWhere("s.industry_code LIKE :industry", { industry: `${escapeLike(f.industryCode)}%` });
    if (f.search?.trim())
      qb.andWhere("(s.name ILIKE :q OR s.credit_code LIKE :code)", {
        q: `%${escapeLike(f.search.trim())}%`,
        code: `${escapeLike(f.search.trim().toUpperCase())}%`,
      });
    return qb.orderBy("s.name", "ASC").addOrderBy("s.id", "ASC").limit(limit).offset(offset).getManyAndCount();
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
