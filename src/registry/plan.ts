import { AssignmentEntity, DrawEntity } from "../entities/draw/draw.entity";
import { AnnualPlanEntity } from "../entities/plan/plan.entity";
import { InspectionCampaignEntity, InspectionTaskEntity } from "../entities/plan/task.entity";
import { DrawResolver, TaskDrawsResolver } from "../resolvers/draw/draw.resolver";
import { CampaignResolver } from "../resolvers/plan/campaign.resolver";
import { PlanResolver, TaskResolver } from "../resolvers/plan/plan.resolver";
import { PlanRevisionResolver } from "../resolvers/plan/plan-revision.resolver";
import type { Area } from "./area";

/** Annual plans, tasks and the verifiable draw (issue: plans and the double-random draw). */
export const planArea: Area = {
  entities: [AnnualPlanEntity, InspectionTaskEntity, InspectionCampaignEntity, DrawEntity, AssignmentEntity],
  resolvers: [CampaignResolver, PlanResolver, PlanRevisionResolver, TaskResolver, DrawResolver, TaskDrawsResolver],
};
