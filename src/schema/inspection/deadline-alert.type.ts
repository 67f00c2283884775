import { Field, Int, ObjectType } from "type-graphql";
import { InspectionDeadlineType } from "./result.type";

@ObjectType("DeadlineScan", { description: "期限扫描结果：本次向部门看板推送的期限提醒" })
export class DeadlineScanType {
  @Field({ description: "按此日期计算" }) today: string;
  @Field(() => Int, { description: "即将到期和已逾期的待办事项数" }) flagged: number;
  @Field(() => [InspectionDeadlineType], { description: "本次新推送提醒的事项（每个事项每种状态只提醒一次）" })
  alerted: InspectionDeadlineType[];
  @Field(() => Int, { description: "超出单次上限、留待下次扫描提醒的事项数" }) remaining: number;
}
