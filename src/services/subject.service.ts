import { Role } from "../auth/roles";
import { ctx, currentTenantId, requireRole } from "../context/request-context";
import { type Checked, checkCreditCode, checkDate, checkIndustryCode, checkRegionCode } from "../domain/catalog/fields";
import { SubjectEntity } from "../entities/subject";
import { notFound } from "../errors";
import type { SubjectFilter, SubjectInput } from "../schema/directory.input";
import { audit } from "./audit.service";
import { must, optional, requireUuid } from "./catalog-guards";
import { escapeLike } from "./like";
import { MASTER_FIELDS, type SubjectPatch, type SubjectValues, subjectRegistry } from "./subject-registry";

/** Validates a subject input; each problem is a BAD_USER_INPUT naming the field. Absent fields are null. */
export function subjectData(input: SubjectInput): SubjectValues {
  const patch = subjectPatch(input);
  const values = Object.fromEntries(MASTER_FIELDS.map(([k]) => [k, patch[k] ?? null])) as SubjectValues;
  return values;
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

  /**
   * Finds the subject by identity (credit code; registration number; kind + name + address) or registers it. A
   * found subject keeps its set fields; only empty ones are filled (docs/REGISTRY.md).
   */
  async upsert(data: SubjectValues): Promise<{ subject: SubjectEntity; created: boolean }> {
    requireRole(Role.ADMIN);
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

  /** Sets the fields the patch mentions (the steward or the coordinator for set fields; anyone for empty ones). */
  async update(subject: SubjectEntity, patch: SubjectPatch, note?: string): Promise<SubjectEntity> {
    requireRole(Role.ADMIN);
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
