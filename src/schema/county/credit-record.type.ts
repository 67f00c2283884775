import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { CreditRecordEntity } from "../../entities/county/credit-record.entity";

export enum CreditRecordKindEnum {
  INSPECTION_PROBLEM = "INSPECTION_PROBLEM",
  ABNORMAL_LIST = "ABNORMAL_LIST",
  ADMINISTRATIVE_PENALTY = "ADMINISTRATIVE_PENALTY",
}
registerEnumType(CreditRecordKindEnum, {
  name: "CreditRecordKind",
  description: "信用记录类别",
  valuesConfig: {
    INSPECTION_PROBLEM: { description: "抽查发现问题（已公示的检查结果）" },
    ABNORMAL_LIST: { description: "列入经营异常名录或严重违法失信名单" },
    ADMINISTRATIVE_PENALTY: { description: "行政处罚（已公示）" },
  },
});

@ObjectType("CreditRecord", { description: "信用记录（公开）" })
export class CreditRecordType {
  @Field(() => ID) id: string;
  @Field(() => ID) subjectId: string;
  @Field(() => ID, { description: "记录部门" }) tenantId: string;
  @Field(() => CreditRecordKindEnum) kind: CreditRecordKindEnum;
  @Field({ description: "依据" }) basis: string;
  @Field({ description: "记录日期" }) recordedOn: string;
  @Field(() => ID, { nullable: true, description: "来源：结果公示" }) sourcePublicationId: string | null;
  @Field(() => ID, { nullable: true, description: "来源：后续处置事项" }) sourceFollowUpId: string | null;
  @Field(() => Date, { nullable: true, description: "已被更正取代的时间" }) supersededAt: Date | null;

  static from(e: CreditRecordEntity): CreditRecordType {
    return Object.assign(new CreditRecordType(), e, { kind: e.kind as CreditRecordKindEnum });
  }
}
