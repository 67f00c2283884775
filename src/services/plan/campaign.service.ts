import { isIsoDate } from "../../calendar";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { type CampaignKind, InspectionCampaignEntity } from "../../entities/plan/task.entity";
import { badInput, conflict } from "../../errors";
import { audit } from "../audit/audit.service";

export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  periodFrom: string;
  periodTo: string;
  basis: string;
}

/** 专项检查 / 专项整治 (SAMR 专项任务; FIRE "按照上级要求生成专项任务"): a department's named campaign with its period. */
export const campaignService = {
  async create(input: CampaignInput): Promise<InspectionCampaignEntity> {
    const name = input.name.trim();
    if (name.length < 2 || name.length > 200) throw badInput("name", "专项名称须为 2–200 个字符");
    if (!isIsoDate(input.periodFrom)) throw badInput("periodFrom", "专项开始日期无效");
    if (!isIsoDate(input.periodTo)) throw badInput("periodTo", "专项结束日期无效");
    if (input.periodTo < input.periodFrom) throw badInput("periodTo", "专项结束日期不能早于开始日期");
    const { manager } = ctx();
    if (await manager.exists(InspectionCampaignEntity, { where: { tenantId: currentTenantId(), name } }))
      throw conflict("本部门已有同名专项", { field: "name" });
    const saved = await manager.save(
      manager.create(InspectionCampaignEntity, {
        tenantId: currentTenantId(),
        name,
        kind: input.kind,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        basis: input.basis.trim(),
        createdBy: currentUserId(),
      }),
    );
    await audit.record({
      action: "campaign.create",
      entityType: "inspection_campaign",
      entityId: saved.id,
      after: saved,
    });
    return saved;
  },

  /** The department's campaigns with their task counts, newest period first. */
  async list(): Promise<Array<{ campaign: InspectionCampaignEntity; tasks: number; tasksDrawn: number }>> {
    const { manager } = ctx();
    const campaigns = await manager.find(InspectionCampaignEntity, {
      where: { tenantId: currentTenantId() },
      order: { periodFrom: "DESC", name: "ASC" },
    });
    const counts = (await manager.query(
      `SELECT campaign_id, count(*)::int AS tasks, count(*) FILTER (WHERE status IN ('DRAWN','CLOSED'))::int AS drawn
         FROM inspection_task WHERE tenant_id = $1 AND campaign_id IS NOT NULL GROUP BY campaign_id`,
      [currentTenantId()],
    )) as Array<{ campaign_id: string; tasks: number; drawn: number }>;
    return campaigns.map((campaign) => {
      const c = counts.find((x) => x.campaign_id === campaign.id);
      return { campaign, tasks: c?.tasks ?? 0, tasksDrawn: c?.drawn ?? 0 };
    });
  },
};
