import { Length } from "class-validator";
import { Field, ID, InputType, registerEnumType } from "type-graphql";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/draw/draw.resolver.ts.

export enum RecusalReason {
  SELF_DECLARED = "SELF_DECLARED",
  ORDERED = "ORDERED",
  REQUESTED = "REQUESTED",
  UNAVAILABLE = "UNAVAILABLE",
  OTHER = "OTHER",
}

registerEnumType(RecusalReason, {
  name: "RecusalReason",
  valuesConfig: {
    SELF_DECLARED: { description: "本人申请回避" },
    ORDERED: { description: "监督人员决定回避" },
    REQUESTED: { description: "被检查对象或公众申请回避（经批准）" },
    UNAVAILABLE: { description: "因客观原因无法参加" },
    OTHER: { description: "其他" },
  },
});

@InputType({ description: "声明无法参加本次抽取后续递补的人员（随记录公开，不可撤回）" })
export class UnavailableInspectorInput {
  @Field(() => ID) inspectorId: string;
  @Field({ description: "原因，例如：病假至 3 月 20 日" })
  @Length(1, 200, { message: "原因须为 1–200 个字符" })
  note: string;
}

@InputType()
export class RecusalInput {
  @Field(() => ID) assignmentId: string;
  @Field(() => ID, { description: "回避的执法检查人员" }) inspectorId: string;
  @Field(() => RecusalReason) reason: RecusalReason;
  @Field({ description: "回避理由" })
  @Length(1, 500, { message: "回避理由须为 1–500 个字符" })
  note: string;
  @Field({ description: "提出人（本人、被检查对象、公众等）" })
  @Length(1, 100)
  requestedBy: string;
  @Field(() => [UnavailableInspectorInput], {
    nullable: true,
    description: "v2：此刻无法参加的人员及原因；记入记录，本次抽取后续递补均跳过（不读取当时的在岗状态）",
  })
  unavailable?: UnavailableInspectorInput[];
  @Field(() => String, { nullable: true, description: "v2：超过本部门每次抽取回避递补上限时的理由（随记录公开）" })
  @Length(1, 500)
  overCapReason?: string | null;
}
