import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { publishedText } from "../../context/published-text";
import type { PlanChange, PlanRevisionRow } from "../../domain/plan/revision";

export enum PlanChangeKindEnum {
  TASK_ADDED = "TASK_ADDED",
  JOINT_TASK_ADDED = "JOINT_TASK_ADDED",
  CONSOLIDATION_ADDED = "CONSOLIDATION_ADDED",
}
registerEnumType(PlanChangeKindEnum, {
  name: "PlanChangeKind",
  description: "计划修订的内容",
  valuesConfig: {
    TASK_ADDED: { description: "新增抽查任务" },
    JOINT_TASK_ADDED: { description: "新增联合抽查任务" },
    CONSOLIDATION_ADDED: { description: "新增合并检查（重复检查一键合并）" },
  },
});

@ObjectType("PlanChange", { description: "一项修订：修订前后的计划内容（新增时修订前为空）" })
export class PlanChangeType {
  @Field(() => PlanChangeKindEnum) kind: PlanChangeKindEnum;
  @Field(() => ID, { description: "涉及的任务" }) taskId: string;
  @Field({ description: "任务名称" }) name: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "修订前" }) before: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "修订后（事项、期限、抽查比例或户数等）" })
  after: Record<string, unknown> | null;

  static from(c: PlanChange, ownerTenantId: string): PlanChangeType {
    return Object.assign(new PlanChangeType(), { ...c, name: publishedText(c.name, ownerTenantId) });
  }
}

@ObjectType("PlanRevision", { description: "计划修订：已公布计划的每次修改均为一次编号修订，附修订理由，向社会公开" })
export class PlanRevisionType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: "修订序号（每个计划从 1 起）" }) number: number;
  @Field({ description: "修订理由" }) reason: string;
  @Field(() => Date, { description: "修订时间" }) revisedAt: Date;
  @Field(() => [PlanChangeType], { description: "修订内容" }) changes: PlanChangeType[];
  tenantId: string;

  static from(r: PlanRevisionRow): PlanRevisionType {
    return Object.assign(new PlanRevisionType(), {
      id: r.id,
      number: r.number,
      reason: publishedText(r.reason, r.tenantId),
      revisedAt: r.createdAt,
      changes: r.changes.map((c) => PlanChangeType.from(c, r.tenantId)),
      tenantId: r.tenantId,
    });
  }
}
