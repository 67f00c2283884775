import { Length } from "class-validator";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { RecusalReason, UnavailableInspectorInput } from "../draw/draw.args";
import { JointTargetType } from "./joint.type";
import { JointSubstitutionType } from "./joint-team.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/joint/joint-draw.resolver.ts.

export enum JointPersonKind {
  INSPECTOR = "INSPECTOR",
  EXPERT = "EXPERT",
}

registerEnumType(JointPersonKind, {
  name: "JointPersonKind",
  description: "联合检查组中回避人员的类别",
  valuesConfig: {
    INSPECTOR: { description: "执法检查人员（检查组成员）" },
    EXPERT: { description: "随行专家/辅助人员（不属于执法检查人员）" },
  },
});

@InputType({
  description: "联合检查组回避：参与部门监督人员批准本部门检查人员或随行专家回避，按本部门原排序递补",
})
export class JointRecusalInput {
  @Field(() => ID, { description: "联合抽查对象" }) targetId: string;
  @Field(() => JointPersonKind, {
    defaultValue: JointPersonKind.INSPECTOR,
    description: "回避人员类别：执法检查人员（默认）或随行专家，专家由本部门专家抽取的原排序递补",
  })
  kind: JointPersonKind;
  @Field(() => ID, { description: "回避的执法检查人员或随行专家（本部门）" }) inspectorId: string;
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
export class JointRecusalResultType {
  @Field(() => JointTargetType, { description: "递补后的联合检查组" }) target: JointTargetType;
  @Field(() => JointSubstitutionType) substitution: JointSubstitutionType;
}
