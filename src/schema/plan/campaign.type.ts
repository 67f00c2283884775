import { Length, Matches } from "class-validator";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { InspectionCampaignEntity } from "../../entities/plan/task.entity";

export enum CampaignKindEnum {
  SPECIAL_CHECK = "SPECIAL_CHECK",
  SPECIAL_RECTIFICATION = "SPECIAL_RECTIFICATION",
}
registerEnumType(CampaignKindEnum, {
  name: "CampaignKind",
  valuesConfig: {
    SPECIAL_CHECK: { description: "专项检查" },
    SPECIAL_RECTIFICATION: { description: "专项整治" },
  },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ObjectType("InspectionCampaign", { description: "专项检查/专项整治：有名称和期间，归集本部门的定向抽查任务" })
export class InspectionCampaignType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => CampaignKindEnum) kind: CampaignKindEnum;
  @Field({ description: "专项开始日期" }) periodFrom: string;
  @Field({ description: "专项结束日期" }) periodTo: string;
  @Field({ description: "依据（上级文件、工作方案等）" }) basis: string;
  @Field(() => Int, { description: "专项内的抽查任务数" }) tasks: number;
  @Field(() => Int, { description: "其中已抽取的任务数" }) tasksDrawn: number;
  @Field(() => Date) createdAt: Date;

  static from(e: InspectionCampaignEntity, tasks = 0, tasksDrawn = 0): InspectionCampaignType {
    return Object.assign(new InspectionCampaignType(), { ...e, kind: e.kind as CampaignKindEnum, tasks, tasksDrawn });
  }
}

@InputType()
export class CampaignInput {
  @Field() @Length(2, 200, { message: "专项名称须为 2–200 个字符" }) name: string;
  @Field(() => CampaignKindEnum) kind: CampaignKindEnum;
  @Field() @Matches(DATE, { message: "日期格式须为 YYYY-MM-DD" }) periodFrom: string;
  @Field() @Matches(DATE, { message: "日期格式须为 YYYY-MM-DD" }) periodTo: string;
  @Field({ defaultValue: "" }) @Length(0, 1000, { message: "依据不得超过 1000 个字符" }) basis: string;
}
