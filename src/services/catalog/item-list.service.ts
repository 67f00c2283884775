import { In } from "typeorm";
import { defineLoader, tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { checkItemRatios } from "../../domain/catalog/check-item-rules";
import { draftStaleLimit, isDraftChangeStale } from "../../domain/catalog/draft-staleness";
import { checkDate, checkIndustryCode } from "../../domain/catalog/fields";
import { diffItemLists, type ItemListDiff } from "../../domain/catalog/item-list-diff";
import { itemListVersionLifecycle } from "../../domain/catalog/item-list-version.lifecycle";
import { isUuid } from "../../domain/ids";
import { assertMove } from "../../domain/lifecycle";
import { CheckItemEntity } from "../../entities/catalog/check-item.entity";
import { ItemListVersionEntity } from "../../entities/catalog/item-list-version.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { badInput, notFound, ruleViolation } from "../../errors";
import type { CheckItemInput } from "../../schema/catalog/item-list.input";
import { chinaDate, chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";
import { must, requireUuid } from "./catalog.guards";

/** Fields compared by the version diff. */
export const DIFF_FIELDS = [
  "category",
  "name",
  "content",
  "methods",
  "legalBasis",
  "targetKinds",
  "targetIndustryCodes",
  "targetDescription",
  "itemClass",
  "ratioCap",
  "defaultRatio",
  "frequency",
  "requiredCategories",
  "initiatingTenantId",
  "cooperatingTenantIds",
] as const;

/** A check item by id, batched per request (under RLS: null where the caller may not read it). */
export const checkItemLoader = defineLoader<string, CheckItemEntity | null>("checkItem", async (m, ids) => {
  const rows = await m.find(CheckItemEntity, { where: { id: In([...ids]) } });
  return ids.map((id) => rows.find((r) => r.id === id) ?? null);
});

export const itemsByVersionLoader = defineLoader<string, CheckItemEntity[]>("checkItemsByVersion", async (m, ids) => {
  const rows = await m.find(CheckItemEntity, {
    where: { listVersionId: In([...ids]) },
    order: { sortOrder: "ASC", code: "ASC" },
  });
  return ids.map((id) => rows.filter((r) => r.listVersionId === id));
});

/** A validated item ready to store (departments resolved to tenant ids). */
export type ItemData = Omit<CheckItemEntity, "id" | "tenantId" | "listVersionId" | "sortOrder" | "updatedAt">;

/** Resolves a department named by code or full name. */
async function tenantIdOf(field: string, nameOrCode: string): Promise<string> {
  const t = await ctx().manager.findOne(TenantEntity, {
    where: [{ code: nameOrCode.trim() }, { name: nameOrCode.trim() }],
  });
  if (!t) throw badInput(field, `部门“${nameOrCode}”不存在，请填写部门代码或全称`);
  return t.id;
}

/** Validates a check item: code, class/ratio rules, departments. Each problem names the field. */
export async function itemData(input: CheckItemInput): Promise<ItemData> {
  const code = input.code.normalize("NFKC").trim();
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(code))
    throw badInput("code", "抽查事项编码只能含字母、数字、点、下划线或连字符（1–40 位）");
  const problems = checkItemRatios(input);
  if (problems.length) throw badInput(problems[0].field, problems[0].message);
  const tenantId = currentTenantId();
  const initiatingTenantId = input.initiatingTenantCode
    ? await tenantIdOf("initiatingTenantCode", input.initiatingTenantCode)
    : tenantId;
  const cooperatingTenantIds: string[] = [];
  for (const c of input.cooperatingTenantCodes) {
    const id = await tenantIdOf("cooperatingTenantCodes", c);
    if (!cooperatingTenantIds.includes(id)) cooperatingTenantIds.push(id);
  }
  return {
    code,
    category: input.category.trim(),
    name: input.name.trim(),
    content: input.content,
    methods: [...new Set(input.methods)],
    legalBasis: input.legalBasis.map((b) => ({
      kind: b.kind,
      title: b.title.trim(),
      articles: b.articles.trim(),
      text: b.text.trim(),
    })),
    targetKinds: [...new Set(input.targetKinds)],
    targetIndustryCodes: industryCodes(input.targetIndustryCodes ?? []),
    targetDescription: input.targetDescription?.trim() || null,
    itemClass: input.itemClass,
    ratioCap: input.ratioCap ?? null,
    defaultRatio: input.defaultRatio ?? null,
    frequency: input.frequency?.trim() || null,
    requiredCategories: [...new Set(input.requiredCategories.map((c) => c.trim()).filter(Boolean))],
    initiatingTenantId,
    cooperatingTenantIds,
  };
}

/** A department's current list among its published versions (newest first): the newest in effect, else the oldest. */
function currentOf(publishedNewestFirst: ItemListVersionEntity[], today: string): ItemListVersionEntity | null {
  return (
    publishedNewestFirst.find((v) => (v.effectiveDate ?? "") <= today) ??
    publishedNewestFirst[publishedNewestFirst.length - 1] ??
    null
  );
}

/** 适用行业 codes, validated and normalised like the directory's (C, C13, 1311), without duplicates. */
function industryCodes(codes: string[]): string[] {
  const out: string[] = [];
  for (const c of codes) {
    const v = checkIndustryCode(c);
    if (!v.ok) throw badInput("targetIndustryCodes", v.message);
    if (!out.includes(v.value)) out.push(v.value);
  }
  return out;
}

/** 随机抽查事项清单: one draft per department, published as numbered versions that never change. */
export const itemListService = {
  /** The check items of the ids the caller may read, by code. */
  async byIds(ids: string[]): Promise<CheckItemEntity[]> {
    if (!ids.length) return [];
    return ctx().manager.find(CheckItemEntity, { where: { id: In(ids) }, order: { code: "ASC" } });
  },

  /** Versions of a department: published ones for everybody, the draft too for the department itself. */
  async versions(tenantCode: string): Promise<ItemListVersionEntity[]> {
    const { manager } = ctx();
    const tenant = await manager.findOne(TenantEntity, { where: { code: tenantCode } });
    if (!tenant) return [];
    return manager.find(ItemListVersionEntity, { where: { tenantId: tenant.id }, order: { versionNo: "DESC" } });
  },

  /** Visible under RLS: any published version, or the caller's own draft. */
  async version(id: string): Promise<ItemListVersionEntity> {
    requireUuid(id, "清单版本");
    const v = await ctx().manager.findOne(ItemListVersionEntity, { where: { id } });
    if (!v) throw notFound("清单版本");
    return v;
  },

  async current(tenantCode: string): Promise<ItemListVersionEntity | null> {
    return currentOf(
      (await this.versions(tenantCode)).filter((v) => v.status === "PUBLISHED"),
      chinaToday(),
    );
  },

  /**
   * 公示查询: the items of every department's current list whose name or code contains `text`, in one query for all
   * departments (the public page used to load each department's list by an alias of its own: one request that grew
   * with the number of departments until the body limit refused it). Published versions only; `current` picks each.
   */
  async searchCurrent(text: string, limit: number): Promise<CheckItemEntity[]> {
    const needle = text.trim().toLowerCase();
    if (!needle) return [];
    const { manager } = ctx();
    const published = await manager.find(ItemListVersionEntity, {
      select: { id: true, tenantId: true, versionNo: true, effectiveDate: true, status: true },
      where: { status: "PUBLISHED" },
      order: { tenantId: "ASC", versionNo: "DESC" },
    });
    const byTenant = new Map<string, ItemListVersionEntity[]>();
    for (const v of published) byTenant.set(v.tenantId, [...(byTenant.get(v.tenantId) ?? []), v]);
    const today = chinaToday();
    const ids = [...byTenant.values()].flatMap((vs) => currentOf(vs, today)?.id ?? []);
    if (!ids.length) return [];
    return manager
      .createQueryBuilder(CheckItemEntity, "i")
      .where("i.list_version_id = ANY (:ids)", { ids })
      .andWhere("(strpos(lower(i.name), :q) > 0 OR strpos(lower(i.code), :q) > 0)", { q: needle })
      .orderBy("i.tenantId", "ASC")
      .addOrderBy("i.sortOrder", "ASC")
      .addOrderBy("i.code", "ASC")
      .limit(limit)
      .getMany();
  },

  async draft(): Promise<ItemListVersionEntity | null> {
    return ctx().manager.findOne(ItemListVersionEntity, { where: { tenantId: currentTenantId(), status: "DRAFT" } });
  },

  /** Starts a draft from the latest published version (or empty). */
  async createDraft(): Promise<ItemListVersionEntity> {
    const { manager } = ctx();
    const tenantId = currentTenantId();
    const existing = await manager.findOne(ItemListVersionEntity, { where: { tenantId, status: "DRAFT" } });
    if (existing) return existing;
    const latest = await manager.findOne(ItemListVersionEntity, {
      where: { tenantId, status: "PUBLISHED" },
      order: { versionNo: "DESC" },
    });
    const draft = await manager.save(
      manager.create(ItemListVersionEntity, { tenantId, versionNo: (latest?.versionNo ?? 0) + 1, status: "DRAFT" }),
    );
    if (latest) {
      await manager.query(
        `INSERT INTO check_item (tenant_id, list_version_id, code, category, name, content, methods, legal_basis,
           target_kinds, target_industry_codes, target_description, item_class, ratio_cap, default_ratio, frequency,
           required_categories, initiating_tenant_id, cooperating_tenant_ids, sort_order)
         SELECT tenant_id, $1, code, category, name, content, methods, legal_basis, target_kinds, target_industry_codes,
           target_description,
           item_class, ratio_cap, default_ratio, frequency, required_categories, initiating_tenant_id,
           cooperating_tenant_ids, sort_order
         FROM check_item WHERE list_version_id = $2 AND tenant_id = $3`,
        [draft.id, latest.id, tenantId],
      );
    }
    await audit.record({
      action: "item_list.draft_create",
      entityType: "item_list_version",
      entityId: draft.id,
      after: draft,
    });
    return draft;
  },

  /** Adds or replaces (by code) an item of the draft, creating the draft when there is none. */
  async saveItem(input: CheckItemInput): Promise<CheckItemEntity> {
    const data = await itemData(input);
    return (await this.saveItemData(data)).item;
  },

  async saveItemData(data: ItemData): Promise<{ item: CheckItemEntity; created: boolean }> {
    const { manager } = ctx();
    const draft = await this.createDraft();
    const existing = await manager.findOne(CheckItemEntity, { where: { listVersionId: draft.id, code: data.code } });
    const before = existing ? { ...existing } : undefined;
    let saved: CheckItemEntity;
    if (existing) saved = await manager.save(Object.assign(existing, data));
    else {
      const count = await manager.count(CheckItemEntity, { where: { listVersionId: draft.id } });
      saved = await manager.save(
        manager.create(CheckItemEntity, {
          ...data,
          tenantId: draft.tenantId,
          listVersionId: draft.id,
          sortOrder: count + 1,
        }),
      );
    }
    await touchDraft(draft.id);
    await audit.record({
      action: existing ? "check_item.update" : "check_item.create",
      entityType: "check_item",
      entityId: saved.id,
      before,
      after: saved,
    });
    return { item: saved, created: !existing };
  },

  /** Replaces an item by id; only items of this department's draft can change. */
  async updateItem(id: string, input: CheckItemInput): Promise<CheckItemEntity> {
    const item = await ownDraftItem(id);
    const data = await itemData(input);
    if (data.code !== item.code) {
      const taken = await ctx().manager.exists(CheckItemEntity, {
        where: { listVersionId: item.listVersionId, code: data.code },
      });
      if (taken) throw badInput("code", `抽查事项编码“${data.code}”已在草稿中`);
    }
    const before = { ...item };
    const saved = await ctx().manager.save(Object.assign(item, data));
    await touchDraft(item.listVersionId);
    await audit.record({ action: "check_item.update", entityType: "check_item", entityId: id, before, after: saved });
    return saved;
  },

  async removeItem(id: string): Promise<CheckItemEntity> {
    const item = await ownDraftItem(id);
    await ctx().manager.delete(CheckItemEntity, { id: item.id, tenantId: item.tenantId });
    await touchDraft(item.listVersionId);
    await audit.record({ action: "check_item.remove", entityType: "check_item", entityId: id, before: item });
    return item;
  },

  /** Publishes the draft as the next numbered version with its effective date; it never changes again. */
  async publish(effectiveDate: string): Promise<ItemListVersionEntity> {
    const date = must("effectiveDate", checkDate(effectiveDate));
    const { manager, principal } = ctx();
    const draft = await manager.findOne(ItemListVersionEntity, {
      where: { tenantId: currentTenantId(), status: "DRAFT" },
    });
    if (!draft) throw ruleViolation("NO_DRAFT", "没有待发布的草稿，请先新建草稿并添加事项");
    const items = await manager.count(CheckItemEntity, { where: { listVersionId: draft.id } });
    if (items === 0) throw ruleViolation("EMPTY_LIST", "清单草稿中没有事项，不能发布");
    Object.assign(draft, {
      status: assertMove(itemListVersionLifecycle, draft.status, "publish"),
      effectiveDate: date,
      publishedAt: now(),
      publishedBy: principal.kind === "user" ? principal.userId : null,
    });
    const published = await manager.save(draft);
    await audit.record({
      action: "item_list.publish",
      entityType: "item_list_version",
      entityId: published.id,
      after: published,
      summary: { versionNo: published.versionNo, items, effectiveDate: date },
    });
    return published;
  },

  async discardDraft(): Promise<boolean> {
    const { manager } = ctx();
    const draft = await manager.findOne(ItemListVersionEntity, {
      where: { tenantId: currentTenantId(), status: "DRAFT" },
    });
    if (!draft) return false;
    await manager.delete(CheckItemEntity, { listVersionId: draft.id, tenantId: draft.tenantId });
    await manager.delete(ItemListVersionEntity, { id: draft.id, tenantId: draft.tenantId });
    await audit.record({
      action: "item_list.draft_discard",
      entityType: "item_list_version",
      entityId: draft.id,
      before: draft,
    });
    return true;
  },

  /** Differences between two versions of the same department (by item code). */
  async diff(
    fromId: string,
    toId: string,
  ): Promise<{ from: ItemListVersionEntity; to: ItemListVersionEntity; diff: ItemListDiff<CheckItemEntity> }> {
    const from = await this.version(fromId);
    const to = await this.version(toId);
    if (from.tenantId !== to.tenantId) throw badInput("toVersionId", "只能比较同一部门清单的两个版本");
    const [a, b] = await Promise.all([itemsByVersionLoader().load(from.id), itemsByVersionLoader().load(to.id)]);
    type Diffable = CheckItemEntity & Record<string, unknown>;
    const diff = diffItemLists(a as Diffable[], b as Diffable[], DIFF_FIELDS);
    return { from, to, diff };
  },

  /** True when the draft's last change has stayed unpublished beyond the department's working-day setting. */
  async draftChangeOverdue(v: ItemListVersionEntity): Promise<boolean> {
    if (v.status !== "DRAFT" || !v.draftChangedAt) return false;
    const tenant = await tenantLoader().load(v.tenantId);
    return isDraftChangeStale(chinaDate(v.draftChangedAt), chinaToday(), draftStaleLimit(tenant?.settings ?? {}));
  },

  /** A task's items, in the task's order (the task's own department reads them under RLS). */
  async itemsOfTask(itemIds: readonly string[]): Promise<CheckItemEntity[]> {
    if (!itemIds.length) return [];
    const rows = await ctx().manager.find(CheckItemEntity, { where: { id: In([...itemIds]) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return itemIds.flatMap((id) => byId.get(id) ?? []);
  },

  /** A published item of any department (public), for references such as the joint list. */
  async publishedItem(id: string): Promise<CheckItemEntity> {
    if (!isUuid(id)) throw notFound("抽查事项");
    const item = await ctx().manager.findOne(CheckItemEntity, { where: { id } });
    if (!item) throw notFound("抽查事项");
    const v = await this.version(item.listVersionId);
    assertMove(itemListVersionLifecycle, v.status, "reference");
    return item;
  },
};

/** An item of this department's draft; another department's item is not found, a published one is immutable. */
async function ownDraftItem(id: string): Promise<CheckItemEntity> {
  requireUuid(id, "抽查事项");
  const { manager } = ctx();
  const item = await manager.findOne(CheckItemEntity, { where: { id, tenantId: currentTenantId() } });
  if (!item) throw notFound("抽查事项");
  const v = await manager.findOneOrFail(ItemListVersionEntity, { where: { id: item.listVersionId } });
  assertMove(itemListVersionLifecycle, v.status, "editItems");
  return item;
}

async function touchDraft(versionId: string): Promise<void> {
  await ctx().manager.update(ItemListVersionEntity, { id: versionId, status: "DRAFT" }, { draftChangedAt: now() });
}
