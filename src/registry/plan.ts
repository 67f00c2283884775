import { AnnualPlanEntity } from "../entities/plan/plan.entity";
import { InspectionCampaignEntity, InspectionTaskEntity } from "../entities/plan/task.entity";
import { CampaignResolver } from "../resolvers/plan/campaign.resolver";
import { PlanResolver, TaskResolver } from "../resolvers/plan/plan.resolver";
import { PlanRevisionResolver } from "../resolvers/plan/plan-revision.resolver";
import type { Area } from "./area";

/** Annual plans (年度抽查计划), their tasks and campaigns (专项). */
export const planArea: Area = {
  entities: [AnnualPlanEntity, InspectionTaskEntity, InspectionCampaignEntity],
  resolvers: [CampaignResolver, PlanResolver, PlanRevisionResolver, TaskResolver],
};
