import { ArgsType, Field, Float, ID, Int } from "type-graphql";
import { EstimateScopeEnum, IndustryLevelEnum, RegionLevelEnum } from "./estimate.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/estimates/estimate.resolver.ts.

@ArgsType()
export class EstimateArgs {
  @Field(() => Int, { description: "计划年度" }) year: number;
  @Field(() => EstimateScopeEnum, { defaultValue: EstimateScopeEnum.PUBLIC }) scope: EstimateScopeEnum =
    EstimateScopeEnum.PUBLIC;
  @Field(() => ID, { nullable: true, description: "只看一个部门" }) departmentId?: string | null;
  @Field(() => ID, { nullable: true, description: "只看一个任务" }) taskId?: string | null;
  @Field(() => Float, { defaultValue: 0.95, description: "置信水平（0.5–0.999）" }) confidenceLevel = 0.95;
  @Field(() => IndustryLevelEnum, { defaultValue: IndustryLevelEnum.SECTION }) industryLevel: IndustryLevelEnum =
    IndustryLevelEnum.SECTION;
  @Field(() => RegionLevelEnum, { defaultValue: RegionLevelEnum.TOWNSHIP }) regionLevel: RegionLevelEnum =
    RegionLevelEnum.TOWNSHIP;
}
