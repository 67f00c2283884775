import { Length } from "class-validator";
import { GraphQLJSON } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from "type-graphql";
import { Role } from "../auth/roles";
import { ctx } from "../context/request-context";
import { JointSubstitutionEntity } from "../entities/joint-substitution";
import { JointDrawEntity } from "../entities/joint-visit";
import { JointDrawType, JointTargetType, JointTaskType } from "../schema/joint.type";
import { JointSubstitutionType } from "../schema/joint-team.type";
import { DrawVerificationType } from "../schema/plan.type";
import { fullJointRecord, verifyJointDraw } from "../services/joint-record";
import { jointRecusalService } from "../services/joint-recusal.service";
import { jointVisitService } from "../services/joint-visit.service";
import { jointVoidService } from "../services/joint-void.service";
import { RecusalReason, UnavailableInspectorInput } from "./draw.resolver";

@InputType({ description: "联合检查组回避：参与部门监督人员批准本部门检查人员回避，按本部门原排序递补" })
class JointRecusalInput {
  @Field(() => ID, { description: "联合抽查对象" }) targetId: string;
  @Field(() => ID, { description: "回避的执法检查人员（本部门）" }) inspectorId: string;
  @Field(() => RecusalReason) reason: RecusalReason;

  @Field({ description: "回避理由" })
  @Length(1, 500, { message: "回避理由须为 1–500 个字符" })
  note: string;

  @Field({ description: "提出人（本人、被检查对象、公众等）" })
  @Length(1, 100, { message: "提出人须为 1–100 个字符" })
  requestedBy: string;

  @Field(() => [UnavailableInspectorInput], {
    nullable: true,
    description: "v2：本部门此刻无法参加的人员及原因；记入记录，本次抽取后续递补均跳过",
  })
  unavailable?: UnavailableInspectorInput[];

  @Field(() => String, { nullable: true, description: "v2：超过每次抽取回避递补上限时的理由（随记录公开）" })
  @Length(1, 500)
  overCapReason?: string | null;
}

@ObjectType("JointRecusalResult")
class JointRecusalResultType {
  @Field(() => JointTargetType, { description: "递补后的联合检查组" }) target: JointTargetType;
  @Field(() => JointSubstitutionType) substitution: JointSubstitutionType;
}

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
