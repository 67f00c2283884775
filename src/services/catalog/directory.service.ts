import type { SelectQueryBuilder } from "typeorm";
import { ctx, currentTenantId } from "../../context/request-context";
import { UNDRAWABLE_STATUSES } from "../../domain/catalog/code-tables";
import { checkDate } from "../../domain/catalog/fields";
import { DirectoryEntryEntity } from "../../entities/catalog/directory-entry.entity";
import { SubjectEntity } from "../../entities/catalog/subject.entity";
import { conflict, notFound } from "../../errors";
import type {
  DirectoryEntryInput,
  DirectoryFilter,
  NewDirectoryEntryInput,
  SubjectInput,
} from "../../schema/catalog/directory.input";
import { audit } from "../audit/audit.service";
import { type KeysetPage, keysetPage, type PageRequest } from "../shared/keyset.query";
import { escapeLike } from "../shared/like.query";
import { optional, requireUuid } from "./catalog.guards";
import { subjectData, subjectPatch, subjectSearch, subjectService } from "./subject.service";

const cleanList = (v: string[] | null | undefined) =>
  v ? [...new Set(v.map((s) => s.trim()).filter((s) => s !== ""))] : undefined;

function entryData(input: DirectoryEntryInput): Partial<DirectoryEntryEntity> {
  const out: Partial<DirectoryEntryEntity> = {};
  if (input.riskClass !== undefined) out.riskClass = input.riskClass?.trim() || null;
  if (input.riskSource !== undefined) out.riskSource = input.riskSource?.trim() || null;
  if (input.riskAssessedOn !== undefined)
    out.riskAssessedOn = optional("riskAssessedOn", input.riskAssessedOn, checkDate);
  if (input.tags !== undefined) out.tags = cleanList(input.tags) ?? [];
  if (input.subLibraries !== undefined) out.subLibraries = cleanList(input.subLibraries) ?? [];
  if (input.supervisedSince !== undefined)
    out.supervisedSince = optional("supervisedSince", input.supervisedSince, checkDate);
  if (input.notes !== undefined) out.notes = input.notes?.trim() || null;
  return out;
}

/** Filters shared by the directory list and its export. */
export function applyDirectoryFilter(
  qb: SelectQueryBuilder<DirectoryEntryEntity>,
  f: DirectoryFilter,
): SelectQueryBuilder<DirectoryEntryEntity> {
  // A left join (every entry has its subject): with no condition on the subject PostgreSQL drops the join, so an
  // unfiltered page and its count read the entries' index alone; a condition on s makes it an inner join again.
  qb.leftJoin(SubjectEntity, "s", "s.id = e.subject_id").where("e.tenant_id = :tenant", { tenant: currentTenantId() });
  if (f.kind) qb.andWhere("s.kind = :kind", { kind: f.kind });
  if (f.status) qb.andWhere("s.status = :status", { status: f.status });
  if (f.drawableOnly) qb.andWhere("s.status NOT IN (:...undrawable)", { undrawable: UNDRAWABLE_STATUSES });
  if (f.regionCode) qb.andWhere("s.region_code LIKE :region", { region: `${escapeLike(f.regionCode)}%` });
  if (f.industryCode) qb.andWhere("s.industry_code LIKE :industry", { industry: `${escapeLike(f.industryCode)}%` });
  if (f.riskClass) qb.andWhere("e.risk_class = :risk", { risk: f.riskClass });
  if (f.tag) qb.andWhere(":tag = ANY (e.tags)", { tag: f.tag });
  if (f.subLibrary) qb.andWhere(":lib = ANY (e.sub_libraries)", { lib: f.subLibrary });
  if (f.search?.trim()) {
    const m = subjectSearch("e.subject_id", f.search);
    qb.andWhere(m.sql, m.params);
  }
  return qb;
}

/** 检查对象名录库 of the caller's department. */
export const directoryService = {
  /** Ordered by the subject's name through the entry's own copy of it (subject_name, migration 0120). */
  async list(filter: DirectoryFilter, page: PageRequest): Promise<KeysetPage<DirectoryEntryEntity>> {
    const { manager } = ctx();
    const qb = applyDirectoryFilter(manager.createQueryBuilder(DirectoryEntryEntity, "e"), filter);
    return keysetPage(manager, qb, page, ["e.subject_name", "e.id"]);
  },

  async get(id: string): Promise<DirectoryEntryEntity> {
    requireUuid(id, "名录库条目");
    const e = await ctx().manager.findOne(DirectoryEntryEntity, { where: { id, tenantId: currentTenantId() } });
    if (!e) throw notFound("名录库条目");
    return e;
  },

  /** Adds a subject to the directory: the shared subject is found by identity (only its empty fields filled) or registered. */
  async create(input: NewDirectoryEntryInput): Promise<DirectoryEntryEntity> {
    const { manager } = ctx();
    const data = subjectData(input.subject);
    const entry = entryData(input.entry ?? {});
    const { subject } = await subjectService.upsert(data);
    const tenantId = currentTenantId();
    // ON CONFLICT: two clerks of this department adding the same subject at once get one entry and a clear answer.
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DirectoryEntryEntity)
      .values({ tags: [], subLibraries: [], ...entry, tenantId, subjectId: subject.id })
      .orIgnore()
      .returning(["id"])
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (!id) throw conflict(`“${subject.name}”已在本部门名录库中`, { field: "subject.creditCode" });
    const saved = await manager.findOneOrFail(DirectoryEntryEntity, { where: { id, tenantId } });
    await audit.record({
      action: "directory_entry.create",
      entityType: "directory_entry",
      entityId: saved.id,
      after: saved,
    });
    return saved;
  },

  async update(id: string, input: DirectoryEntryInput): Promise<DirectoryEntryEntity> {
    const entry = await this.get(id);
    const before = { ...entry };
    Object.assign(entry, entryData(input));
    const saved = await ctx().manager.save(entry);
    await audit.record({
      action: "directory_entry.update",
      entityType: "directory_entry",
      entityId: id,
      before,
      after: saved,
    });
    return saved;
  },

  async remove(id: string): Promise<DirectoryEntryEntity> {
    const entry = await this.get(id);
    await ctx().manager.delete(DirectoryEntryEntity, { id: entry.id, tenantId: entry.tenantId });
    await audit.record({
      action: "directory_entry.remove",
      entityType: "directory_entry",
      entityId: id,
      before: entry,
    });
    return entry;
  },

  /** Changes a subject's shared master data (status changes are kept in its history); it must be in this directory. */
  async updateSubject(entryId: string, input: SubjectInput, note?: string | null): Promise<SubjectEntity> {
    const entry = await this.get(entryId);
    const subject = await subjectService.get(entry.subjectId);
    return subjectService.update(subject, subjectPatch(input), note ?? undefined);
  },
};
