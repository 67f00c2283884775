import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { FollowUpEntity, FollowUpTransferEntity } from "../../entities/inspection/follow-up.entity";

export enum FollowUpActionEnum {
  CORRECTED_ON_SITE = "CORRECTED_ON_SITE",
  RECTIFY_BY_DEADLINE = "RECTIFY_BY_DEADLINE",
  CASE_OPENED = "CASE_OPENED",
  ADMINISTRATIVE_PENALTY = "ADMINISTRATIVE_PENALTY",
  TRANSFER_DEPARTMENT = "TRANSFER_DEPARTMENT",
  TRANSFER_JUDICIAL = "TRANSFER_JUDICIAL",
  CREDIT_LISTING = "CREDIT_LISTING",
  REINSPECTION = "REINSPECTION",
}
registerEnumType(FollowUpActionEnum, {
  name: "FollowUpAction",
  description: "后续处置措施",
  valuesConfig: {
    CORRECTED_ON_SITE: { description: "当场纠正" },
    RECTIFY_BY_DEADLINE: { description: "责令限期整改" },
    CASE_OPENED: { description: "立案查处" },
    ADMINISTRATIVE_PENALTY: { description: "行政处罚" },
    TRANSFER_DEPARTMENT: { description: "移送其他部门" },
    TRANSFER_JUDICIAL: { description: "移送公安/司法机关" },
    CREDIT_LISTING: { description: "列入经营异常名录/严重违法失信名单" },
    REINSPECTION: { description: "复查" },
  },
});

export enum TransferKindEnum {
  TRANSFER = "TRANSFER",
  NOTIFY = "NOTIFY",
}
registerEnumType(TransferKindEnum, {
  name: "TransferKind",
  valuesConfig: { TRANSFER: { description: "移交" }, NOTIFY: { description: "抄告" } },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class OpenFollowUpInput {
  @Field(() => ID) resultId: string;
  @Field(() => FollowUpActionEnum) action: FollowUpActionEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) description?: string | null;
  @Field() @Length(1, 50, { message: "责任人须为 1–50 个字符" }) responsiblePerson: string;
  @Field() @Matches(DATE, { message: "日期应为 YYYY-MM-DD 格式" }) dueDate: string;
  @Field(() => String, { nullable: true, description: "责令限期整改的整改期限" })
  @IsOptional()
  @Matches(DATE, { message: "日期应为 YYYY-MM-DD 格式" })
  rectifyDeadline?: string | null;
}

@InputType({ description: "办结时向其他部门提出风险等级调整建议" })
export class RiskProposalInput {
  @Field() @Length(1, 20) riskClass: string;
  @Field(() => [ID]) departmentIds: string[];
}

@ObjectType("FollowUp", { description: "后续处置台账" })
export class FollowUpType {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true }) resultId: string | null;
  @Field(() => ID) subjectId: string;
  @Field(() => FollowUpActionEnum) action: FollowUpActionEnum;
  @Field() description: string;
  @Field() responsiblePerson: string;
  @Field() dueDate: string;
  @Field(() => String, { nullable: true }) rectifyDeadline: string | null;
  @Field({ description: "OPEN 在办 / CLOSED 已办结" }) status: string;
  @Field(() => ID, { nullable: true, description: "由其他部门移交而来" }) sourceTransferId: string | null;
  @Field(() => String, { nullable: true }) closingNote: string | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true, description: "案件编号" }) caseNumber: string | null;
  @Field(() => String, { nullable: true, description: "行政处罚决定" }) penaltyDecision: string | null;
  @Field(() => String, { nullable: true, description: "处罚决定日期" }) penaltyDecidedOn: string | null;
  @Field(() => String, { nullable: true, description: "行政处罚信息公示日期" }) penaltyPublishedOn: string | null;

  static from(e: FollowUpEntity): FollowUpType {
    return Object.assign(new FollowUpType(), e, { action: e.action as FollowUpActionEnum });
  }
}

@ObjectType("FollowUpPage")
export class FollowUpPage {
  @Field(() => [FollowUpType]) items: FollowUpType[];
  @Field(() => Int) total: number;
}

@ObjectType("FollowUpTransfer", { description: "移交/抄告/风险等级调整建议" })
export class FollowUpTransferType {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: "移出部门" }) fromDepartmentId: string;
  @Field(() => ID, { description: "接收部门" }) toDepartmentId: string;
  @Field({ description: "TRANSFER 移交 / NOTIFY 抄告 / RISK_CLASS_PROPOSAL 风险等级调整建议" }) kind: string;
  @Field(() => ID) subjectId: string;
  @Field() subjectName: string;
  @Field() note: string;
  @Field(() => String, { nullable: true }) proposedRiskClass: string | null;
  @Field({ description: "PENDING 待接收 / ACCEPTED 已接收 / RETURNED 已退回" }) status: string;
  @Field(() => String, { nullable: true }) responseNote: string | null;
  @Field(() => Date, { nullable: true }) respondedAt: Date | null;
  @Field() createdAt: Date;

  static from(e: FollowUpTransferEntity): FollowUpTransferType {
    return Object.assign(new FollowUpTransferType(), e, {
      fromDepartmentId: e.fromTenantId,
      toDepartmentId: e.toTenantId,
    });
  }
}

@ObjectType("FollowUpTransferPage")
export class FollowUpTransferPage {
  @Field(() => [FollowUpTransferType]) items: FollowUpTransferType[];
  @Field(() => Int) total: number;
}
