import { Arg, Authorized, Mutation, Query, Resolver } from "type-graphql";
import { Role } from "../../auth/roles";
import type { CampaignKind } from "../../entities/plan/task.entity";
import { CampaignInput, InspectionCampaignType } from "../../schema/plan/campaign.type";
import { campaignService } from "../../services/plan/campaign.service";

@Resolver(() => InspectionCampaignType)
export class CampaignResolver {
  @Authorized()
  @Query(() => [InspectionCampaignType], { description: "本部门的专项检查/专项整治" })
  async inspectionCampaigns(): Promise<InspectionCampaignType[]> {
    return (await campaignService.list()).map((c) => InspectionCampaignType.from(c.campaign, c.tasks, c.tasksDrawn));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => InspectionCampaignType, { description: "新建专项检查/专项整治（名称、期间、依据）" })
  async createInspectionCampaign(@Arg("input") input: CampaignInput): Promise<InspectionCampaignType> {
    return InspectionCampaignType.from(await campaignService.create({ ...input, kind: input.kind as CampaignKind }));
  }
}
