import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { ResultFeedbackRow } from "../../domain/inspection/result-feedback";

export enum FeedbackMethodEnum {
  DIRECT = "DIRECT",
  MAIL = "MAIL",
}
registerEnumType(FeedbackMethodEnum, {
  name: "FeedbackMethod",
  description: "检查结果反馈的送达方式",
  valuesConfig: { DIRECT: { description: "直接送达" }, MAIL: { description: "邮寄送达" } },
});

@ObjectType("ResultFeedback", { description: "检查结果反馈（检查报告完成后向被检查对象送达检查结果）" })
export class ResultFeedbackType {
  @Field(() => ID) id: string;
  @Field(() => ID) assignmentId: string;
  @Field(() => FeedbackMethodEnum, { description: "送达方式" }) method: FeedbackMethodEnum;
  @Field({ description: "送达日期" }) deliveredOn: string;
  @Field({ description: "备注（如邮寄单号）" }) note: string;
  @Field() recordedAt: Date;

  static from(r: ResultFeedbackRow): ResultFeedbackType {
    return Object.assign(new ResultFeedbackType(), r, { method: r.method as FeedbackMethodEnum });
  }
}
