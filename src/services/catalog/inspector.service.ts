import { Role } from "../../auth/roles";
import { ctx, currentTenantId, hasRole } from "../../context/request-context";
import { checkDate, checkRegionCode } from "../../domain/catalog/fields";
import { idNumberLast4, validateIdNumber } from "../../domain/id-number";
import { InspectorEntity } from "../../entities/catalog/inspector.entity";
import { InspectorShareEntity } from "../../entities/catalog/inspector-share.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { UserEntity } from "../../entities/system/user.entity";
import { badInput, conflict, notFound } from "../../errors";
import type { InspectorFilter, InspectorInput, InspectorShareInput } from "../../schema/catalog/inspector.input";
import { chinaToday } from "../../time";
import { audit } from "../audit/audit.service";
import { escapeLike } from "../shared/like.query";
import { optional, requireUuid } from "./catalog.guards";
import { idNumberHash } from "./id-number-hash.service";

const clean = (v: readonly string[]) => [...new Set(v.map((s) => s.trim()).filter((s) => s !== ""))];

/** Validated columns of an inspector; the identity number is reduced to its keyed hash and last four. */
export async function inspectorData(
  input: InspectorInput,
): Promise<Omit<InspectorEntity, "id" | "tenantId" | "createdAt" | "updatedAt">> {
  let idNumberHashValue: string | null = null;
  let last4: string | null = null;
  if (input.idNumber?.trim()) {
    const r = validateIdNumber(input.idNumber);
    if (!r.ok) throw badInput("idNumber", r.message);
    idNumberHashValue = idNumberHash(r.value);
    last4 = idNumberLast4(r.value);
  }
  if (input.userId) {
    requireUuid(input.userId, "用户");
    const user = await ctx().manager.findOne(UserEntity, { where: { id: input.userId, tenantId: currentTenantId() } });
    if (!user) throw badInput("userId", "关联的用户不存在或不属于本部门");
  }
  return {
    name: input.name.trim(),
    gender: input.gender ?? null,
    idNumberHash: idNumberHashValue,
    idNumberLast4: last4,
    certificateNo: input.certificateNo.normalize("NFKC").trim(),
    enforcementCategories: clean(input.enforcementCategories),
    post: input.post,
    position: input.position?.trim() || null,
    expertise: clean(input.expertise),
    regionCode: optional("regionCode", input.regionCode, checkRegionCode),
    status: input.status,
    statusSince: optional("statusSince", input.statusSince, checkDate) ?? chinaToday(),
    isExternalExpert: input.isExternalExpert,
    organisation: input.organisation?.trim() || null,
    userId: input.userId ?? null,
    leaderEligible: input.leaderEligible,
    subLibraries: clean(input.subLibraries),
  };
}

/** 执法检查人员名录库 of the caller's department (plus inspectors other departments lent to it, read-only). */
export const inspectorService = {
  async list(filter: InspectorFilter, limit: number, offset: number): Promise<[InspectorEntity[], number]> {
    const qb = ctx().manager.createQueryBuilder(InspectorEntity, "i");
    if (filter.includeLent)
      qb.where("true"); // RLS shows own inspectors and those lent to this department
    else qb.where("i.tenant_id = :tenant", { tenant: currentTenantId() });
    if (filter.status) qb.andWhere("i.status = :status", { status: filter.status });
    if (filter.post) qb.andWhere("i.post = :post", { post: filter.post });
    if (filter.category) qb.andWhere(":cat = ANY (i.enforcement_categories)", { cat: filter.category });
    if (filter.subLibrary) qb.andWhere(":lib = ANY (i.sub_libraries)", { lib: filter.subLibrary });
    if (filter.regionCode) qb.andWhere("i.region_code LIKE :region", { region: `${escapeLike(filter.regionCode)}%` });
    if (filter.search?.trim())
      qb.andWhere("(i.name ILIKE :q OR i.certificate_no ILIKE :q)", { q: `%${escapeLike(filter.search.trim())}%` });
    return qb.orderBy("i.name", "ASC").addOrderBy("i.id", "ASC").limit(limit).offset(offset).getManyAndCount();
  },

  /** An inspector of this department (`allowLent`: or one lent to it, for reading). */
  async get(id: string, allowLent = false): Promise<InspectorEntity> {
    requireUuid(id, "执法检查人员");
    const where = allowLent ? { id } : { id, tenantId: currentTenantId() };
    const i = await ctx().manager.findOne(InspectorEntity, { where });
    if (!i) throw notFound("执法检查人员");
    return i;
  },

  async create(input: InspectorInput): Promise<InspectorEntity> {
    const { manager } = ctx();
    const data = await inspectorData(input);
    const tenantId = currentTenantId();
    await assertCertificateFree(data.certificateNo);
    await assertIdNumberFree(data.idNumberHash, null);
    const saved = await manager.save(manager.create(InspectorEntity, { ...data, tenantId }));
    await audit.record({ action: "inspector.create", entityType: "inspector", entityId: saved.id, after: saved });
    return saved;
  },

  async update(id: string, input: InspectorInput): Promise<InspectorEntity> {
    const inspector = await this.get(id);
    const data = await inspectorData(input);
    if (data.certificateNo !== inspector.certificateNo) await assertCertificateFree(data.certificateNo);
    // An update without an identity number keeps the stored hash (it is never sent back to be re-submitted).
    if (!input.idNumber?.trim()) {
      delete (data as Partial<typeof data>).idNumberHash;
      delete (data as Partial<typeof data>).idNumberLast4;
    } else await assertIdNumberFree(data.idNumberHash, inspector.id);
    if (data.status === inspector.status && !input.statusSince) data.statusSince = inspector.statusSince;
    const before = { ...inspector };
    Object.assign(inspector, data);
    await ctx().manager.save(inspector);
    const after = await this.get(id);
    await audit.record({ action: "inspector.update", entityType: "inspector", entityId: id, before, after });
    return after;
  },

  /** Lends an inspector to another department's sub-library (联合抽查); the partner can read, never change. */
  async share(input: InspectorShareInput): Promise<InspectorShareEntity> {
    const { manager } = ctx();
    const inspector = await this.get(input.inspectorId);
    const partner = await manager.findOne(TenantEntity, { where: { code: input.partnerTenantCode } });
    if (!partner) throw badInput("partnerTenantCode", `部门代码“${input.partnerTenantCode}”不存在`);
    if (partner.id === inspector.tenantId) throw badInput("partnerTenantCode", "不能借给本部门");
    const validTo = optional("validTo", input.validTo, checkDate);
    const exists = await manager.exists(InspectorShareEntity, {
      where: { inspectorId: inspector.id, partnerTenantId: partner.id, subLibrary: input.subLibrary.trim() },
    });
    if (exists) throw conflict("该人员已在对方的这个子库中", { field: "subLibrary" });
    const share = await manager.save(
      manager.create(InspectorShareEntity, {
        tenantId: inspector.tenantId,
        inspectorId: inspector.id,
        partnerTenantId: partner.id,
        subLibrary: input.subLibrary.trim(),
        validFrom: chinaToday(),
        validTo,
      }),
    );
    await audit.record({ action: "inspector.share", entityType: "inspector_share", entityId: share.id, after: share });
    return share;
  },

  async unshare(id: string): Promise<InspectorShareEntity> {
    requireUuid(id, "借调记录");
    const { manager } = ctx();
    const share = await manager.findOne(InspectorShareEntity, { where: { id, tenantId: currentTenantId() } });
    if (!share) throw notFound("借调记录");
    await manager.delete(InspectorShareEntity, { id, tenantId: share.tenantId });
    await audit.record({ action: "inspector.unshare", entityType: "inspector_share", entityId: id, before: share });
    return share;
  },

  async shares(inspectorId: string): Promise<InspectorShareEntity[]> {
    return ctx().manager.find(InspectorShareEntity, {
      where: { inspectorId, tenantId: currentTenantId() },
      order: { createdAt: "ASC" },
    });
  },

  /** The inspector record linked to the signed-in user, if any. */
  async ofCurrentUser(): Promise<InspectorEntity | null> {
    const p = ctx().principal;
    if (p.kind !== "user") return null;
    return ctx().manager.findOne(InspectorEntity, { where: { userId: p.userId, tenantId: p.tenantId } });
  },

  canManage(): boolean {
    return hasRole(Role.ADMIN);
  },
};

/** 一人一档: one inspector entry per person (身份证号) in a department; lending to another department is apart. */
export async function assertIdNumberFree(hash: string | null, exceptId: string | null): Promise<void> {
  if (!hash) return;
  const [taken]: Array<{ id: string }> = await ctx().manager.query(
    `SELECT id FROM inspector WHERE tenant_id = $1 AND id_number_hash = $2 AND ($3::uuid IS NULL OR id <> $3)`,
    [currentTenantId(), hash, exceptId],
  );
  if (taken) throw conflict("该身份证号已在本部门执法检查人员名录库中（一人只能登记一次）", { field: "idNumber" });
}

async function assertCertificateFree(certificateNo: string): Promise<void> {
  const taken = await ctx().manager.exists(InspectorEntity, { where: { tenantId: currentTenantId(), certificateNo } });
  if (taken) throw conflict(`执法证号“${certificateNo}”已在本部门名录库中`, { field: "certificateNo" });
}
