import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Role } from "../../auth/roles";
import { JointDrawType, JointTargetType, JointTaskType } from "../../schema/joint/joint.type";
import { JointRecusalInput, JointRecusalResultType } from "../../schema/joint/joint-draw.args";
import { JointSubstitutionType } from "../../schema/joint/joint-team.type";
import { DrawInput } from "../../schema/plan/plan.input";
import { DrawLockType, DrawVerificationType } from "../../schema/plan/plan.type";
import { drawWitness } from "../../services/draw/draw-witness.service";
import { jointDrawService } from "../../services/joint/joint-draw.service";
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
  @Mutation(() => JointRecusalResultType, {
    description: "批准本部门检查人员或随行专家在联合检查组中回避，并按本部门原排序递补（kind 区分人员类别）",
  })
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
    return (await jointDrawService.substitutions(d.id)).map(JointSubstitutionType.from);
  }

  @FieldResolver(() => [JointTargetType], { description: "本次抽取的检查对象（作废后为已取消）" })
  async targets(@Root() d: JointDrawType): Promise<JointTargetType[]> {
    return (await jointVisitService.targetsOfDraw(d.id)).map(JointTargetType.from);
  }
}

/** The joint draw of a task: the draw, its lock and witness, and its history (voided draws included). */
@Resolver(() => JointTaskType)
export class JointTaskDrawResolver {
  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => JointDrawType, {
    description: "发起部门联合抽取：抽取检查对象，各参与部门按同一种子从本部门名录选派检查人员（须现场监督人）",
  })
  async drawJointTask(@Arg("input") input: DrawInput): Promise<JointDrawType> {
    return JointDrawType.from(await jointDrawService.draw(input));
  }

  @Authorized(Role.PLANNER, Role.ADMIN)
  @Mutation(() => DrawLockType, {
    description:
      "发起部门锁定联合抽取参数（检查对象总体、各部门执法检查人员库与组队规则）并公布摘要；公示期满后方可抽取",
  })
  async lockJointDraw(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("immediateReason", () => String, { nullable: true, description: "不经公示期当场抽取的理由（随记录公开）" })
    immediateReason?: string | null,
  ): Promise<DrawLockType> {
    return DrawLockType.from(await jointDrawService.lock(taskId, immediateReason));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => DrawLockType, {
    description: "发起部门的现场监督人在本人设备上确认联合抽取：核对任务、承诺值和锁定摘要后输入随机数",
  })
  async confirmJointDrawWitness(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("witnessEntropy", { description: "现场随机数（任意文字，例如现场掷骰结果）" }) witnessEntropy: string,
  ): Promise<DrawLockType> {
    return DrawLockType.from(await drawWitness.confirm("JOINT", taskId, witnessEntropy));
  }

  @Authorized(Role.SUPERVISOR)
  @Mutation(() => DrawLockType, { description: "发起部门监督人员解除未使用的联合抽取锁定（须说明理由）" })
  async releaseJointDrawLock(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("reason") reason: string,
  ): Promise<DrawLockType> {
    return DrawLockType.from(await jointDrawService.releaseLock(taskId, reason));
  }

  @FieldResolver(() => [DrawLockType], { description: "抽取参数锁定历史（公开摘要）" })
  async drawLocks(@Root() task: JointTaskType): Promise<DrawLockType[]> {
    return (await jointDrawService.locks(task.id)).map((l) => DrawLockType.from(l));
  }

  @FieldResolver(() => JointDrawType, { nullable: true, description: "有效的联合抽取记录（作废的见 draws）" })
  async draw(@Root() task: JointTaskType): Promise<JointDrawType | null> {
    const d = await jointDrawService.validOf(task.id);
    return d ? JointDrawType.from(d) : null;
  }

  @FieldResolver(() => [JointDrawType], { description: "联合抽取历史（含已作废的抽取）" })
  async draws(@Root() task: JointTaskType): Promise<JointDrawType[]> {
    return (await jointDrawService.history(task.id)).map(JointDrawType.from);
  }
}
