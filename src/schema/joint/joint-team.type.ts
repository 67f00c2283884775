import { Field, ID, Int, ObjectType } from "type-graphql";
import { isExpertsDrawId } from "../../domain/plan/experts-draw";
import type { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import type { JointTeam } from "../../joint";

@ObjectType("JointTeamMember", { description: "联合检查组成员" })
export class JointTeamMemberType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: "执法证号" }) certificateNo: string;
  @Field(() => ID, { description: "所属部门" }) departmentId: string;
  @Field({ description: "LEADER 组长 / MEMBER 组员" }) role: string;
  @Field(() => Int, { description: "在本部门排序中的位次（1 为最前）" }) rank: number;
  @Field({ description: "可任组长" }) leaderEligible: boolean;
}

@ObjectType("JointTeamExpert", { description: "随行专家/辅助人员（不属于执法检查人员，无执法证号）" })
export class JointTeamExpertType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { description: "所属部门" }) departmentId: string;
  @Field(() => Int, { description: "在本部门专家抽取中的位次（1 为最前）" }) rank: number;
}

@ObjectType("JointTeam", { description: "联合检查组：组长（来自发起部门）在前，其余按部门" })
export class JointTeamType {
  @Field(() => ID) leaderId: string;
  @Field(() => [JointTeamMemberType]) members: JointTeamMemberType[];
  @Field(() => [JointTeamExpertType], { description: "各部门随行专家/辅助人员（不计入检查组成员）" })
  experts: JointTeamExpertType[];

  static from(t: JointTeam): JointTeamType {
    return Object.assign(new JointTeamType(), {
      leaderId: t.leaderId,
      members: t.members.map((m) => Object.assign(new JointTeamMemberType(), m)),
      experts: (t.experts ?? []).map((e) => Object.assign(new JointTeamExpertType(), e)),
    });
  }
}

@ObjectType("JointSubstitution", { description: "联合检查组的回避与递补（记入抽取记录，可核验）" })
export class JointSubstitutionType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: "抽取记录中的递补序号" }) sequence: number;
  @Field(() => ID) targetId: string;
  @Field(() => ID, { description: "批准回避的部门（回避人员所属部门）" }) departmentId: string;
  @Field({ description: "回避人员类别：INSPECTOR 执法检查人员 / EXPERT 随行专家" }) personKind: string;
  @Field(() => ID, { description: "回避人员" }) recusedId: string;
  @Field(() => ID, { description: "递补人员" }) substituteId: string;
  @Field({ description: "回避原因类别" }) reasonCode: string;
  @Field({ description: "回避理由" }) reasonNote: string;
  @Field() createdAt: Date;

  static from(e: JointSubstitutionEntity): JointSubstitutionType {
    return Object.assign(new JointSubstitutionType(), {
      id: e.id,
      sequence: e.sequence,
      targetId: e.targetId,
      departmentId: e.tenantId,
      personKind: isExpertsDrawId(e.entry.departmentId ?? "") ? "EXPERT" : "INSPECTOR",
      recusedId: e.recusedId,
      substituteId: e.substituteId,
      reasonCode: e.reasonCode,
      reasonNote: e.reasonNote,
      createdAt: e.createdAt,
    });
  }
}
