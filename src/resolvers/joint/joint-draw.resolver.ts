import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import { ctx } from "../../context/request-context";
import { JointSubstitutionEntity } from "../../entities/joint/joint-substitution.entity";
import { JointDrawEntity } from "../../entities/joint/joint-visit.entity";
import { JointDrawType, JointTargetType, JointTaskType } from "../../schema/joint/joint.type";
import { JointRecusalInput, JointRecusalResultType } from "../../schema/joint/joint-draw.args";
import { JointSubstitutionType } from "../../schema/joint/joint-team.type";
import { DrawVerificationType } from "../../schema/plan/plan.type";
import { fullJointRecord, verifyJointDraw } from "../../services/joint/joint-record.service";
import { jointRecusalService } from "../../services/joint/joint-recusal.service";
import { jointVisitService } from "../../services/joint/joint-visit.service";
import { jointVoidService } from "../../services/joint/joint-void.service";

@Resolver(() => JointDrawType)
export class JointDrawResolver {
  @Authorized(Role.SUPERVISOR)
  @Mutation(() => JointDrawType, {
    description:
      "发起部门监督人员作废联合抽取（须说明理由；原记录保留；检查对象与联合检查取消；重新承诺随机种子后可再次抽取）",
  })
  async voidJointDraw(@Arg("id", () => ID) id: string, @Arg("reason") reason: string): Promise<JointDrawType> {
    return JointDrawType.from(await jointVoidService.void(id, reason));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => JointRecusalResultType, { description: "批准本部门检查人员在联合检查组中回避，并按本部门原排序递补" })
  async recuseJointInspector(@Arg("input") input: JointRecusalInput): Promise<JointRecusalResultType> {
    const r = await jointRecusalService.recuse({ ...input, reasonCode: input.reason });
    return Object.assign(new JointRecusalResultType(), {
      target: JointTargetType.from(r.target),
      substitution: JointSubstitutionType.from(r.substitution),
    });
  }

  @FieldResolver(() => GraphQLJSON, {
    description: "完整抽取记录（含各部门的回避递补，可用 verify-draw 离线核验）",
  })
  async record(@Root() d: JointDrawType): Promise<unknown> {
    return fullJointRecord(d.entity);
  }

  @FieldResolver(() => DrawVerificationType, { description: "服务器按记录重新计算的核验结果" })
  async verification(@Root() d: JointDrawType): Promise<DrawVerificationType> {
    const r = await verifyJointDraw(d.entity);
    return Object.assign(new DrawVerificationType(), { valid: r.valid, differences: r.differences });
  }

  @FieldResolver(() => [JointSubstitutionType], { description: "回避与递补（按记录顺序）" })
  async substitutions(@Root() d: JointDrawType): Promise<JointSubstitutionType[]> {
    const rows = await ctx().manager.find(JointSubstitutionEntity, {
      where: { drawId: d.id },
      order: { sequence: "ASC" },
    });
    return rows.map(JointSubstitutionType.from);
  }

  @FieldResolver(() => [JointTargetType], { description: "本次抽取的检查对象（作废后为已取消）" })
  async targets(@Root() d: JointDrawType): Promise<JointTargetType[]> {
    return (await jointVisitService.targetsOfDraw(d.id)).map(JointTargetType.from);
  }
}

@Resolver(() => JointTaskType)
export class JointTaskDrawHistoryResolver {
  @FieldResolver(() => [JointDrawType], { description: "联合抽取历史（含已作废的抽取）" })
  async draws(@Root() task: JointTaskType): Promise<JointDrawType[]> {
    const rows = await ctx().manager.find(JointDrawEntity, { where: { taskId: task.id }, order: { sequence: "ASC" } });
    return rows.map(JointDrawType.from);
  }
}
