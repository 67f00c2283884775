import { tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId } from "../../context/request-context";
import { JointItemEntryEntity } from "../../entities/catalog/joint-item-entry.entity";
import { conflict, forbidden, notFound } from "../../errors";
import type { JointItemEntryInput } from "../../schema/catalog/item-list.input";
import { audit } from "../audit/audit.service";
import { requireUuid } from "../catalog/catalog.guards";
import { itemListService } from "../catalog/item-list.service";

/** 部门联合随机抽查事项清单, kept by the coordinator (联席会议办公室); public (seed 001: 向社会公开). */
export const jointItemService = {
  async list(industry?: string | null): Promise<JointItemEntryEntity[]> {
    return ctx().manager.find(JointItemEntryEntity, {
      where: industry ? { industry } : {},
      order: { industry: "ASC", sortOrder: "ASC", createdAt: "ASC" },
    });
  },

  async add(input: JointItemEntryInput): Promise<JointItemEntryEntity> {
    await requireCoordinator();
    const item = await itemListService.publishedItem(input.checkItemId);
    const { manager } = ctx();
    const tenantId = currentTenantId();
    const industry = input.industry.trim();
    if (await manager.exists(JointItemEntryEntity, { where: { tenantId, industry, checkItemId: item.id } }))
      throw conflict("该事项已在此行业的联合清单中", { field: "checkItemId" });
    const count = await manager.count(JointItemEntryEntity, { where: { tenantId, industry } });
    const saved = await manager.save(
      manager.create(JointItemEntryEntity, {
        tenantId,
        industry,
        checkItemId: item.id,
        departmentTenantId: item.tenantId,
        equivalenceKey: input.equivalenceKey.trim(),
        sortOrder: count + 1,
      }),
    );
    await audit.record({ action: "joint_item.add", entityType: "joint_item_entry", entityId: saved.id, after: saved });
    return saved;
  },

  async remove(id: string): Promise<JointItemEntryEntity> {
    requireUuid(id, "联合清单条目");
    const { manager } = ctx();
    const e = await manager.findOne(JointItemEntryEntity, { where: { id, tenantId: currentTenantId() } });
    if (!e) throw notFound("联合清单条目");
    await manager.delete(JointItemEntryEntity, { id, tenantId: e.tenantId });
    await audit.record({ action: "joint_item.remove", entityType: "joint_item_entry", entityId: id, before: e });
    return e;
  },
};

async function requireCoordinator(): Promise<void> {
  const t = await tenantLoader().load(currentTenantId());
  if (!t?.isCoordinator) throw forbidden("只有牵头协调部门（联席会议办公室）可以维护部门联合抽查事项清单");
}
