import { AssignmentEntity, DrawEntity } from "../entities/draw";
import { AnnualPlanEntity } from "../entities/plan";
import { InspectionCampaignEntity, InspectionTaskEntity } from "../entities/task";
import { CampaignResolver } from "../resolvers/campaign.resolver";
import { DrawResolver, TaskDrawsResolver } from "../resolvers/draw.resolver";
import { PlanResolver, TaskResolver } from "../resolvers/plan.resolver";
import { PlanRevisionResolver } from "../resolvers/plan-revision.resolver";
import type { Area } from "./area";

/** Annual plans, tasks and the verifiable draw (issue: plans and the double-random draw). */
export const planArea: Area = {
  entities: [AnnualPlanEntity, InspectionTaskEntity, InspectionCampaignEntity, DrawEntity, AssignmentEntity],
  resolvers: [CampaignResolver, PlanResolver, PlanRevisionResolver, TaskResolver, DrawResolver, TaskDrawsResolver],
};
