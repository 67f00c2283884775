import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("TaskPreviewStratum", { description: "分层预览：可抽取户数与按规则将抽取的户数" })
export class TaskPreviewStratumType {
  @Field({ description: "分层" }) stratum: string;
  @Field(() => Int, { description: "该分层可抽取的户数" }) populationCount: number;
  @Field(() => Int, { description: "按抽查比例规则将抽取的户数" }) sampleSize: number;
}

@ObjectType("TaskPreviewExclusion", { description: "被排除的户数（按原因）" })
export class TaskPreviewExclusionType {
  @Field() reason: string;
  @Field(() => Int) count: number;
}

@ObjectType("TaskPreview", { description: "抽取预览（按当前名录库计算，不抽取、不保存）" })
export class TaskPreviewType {
  @Field(() => Int, { description: "可抽取总户数" }) populationSize: number;
  @Field(() => Int, { description: "将抽取总户数" }) drawCount: number;
  @Field(() => [TaskPreviewStratumType]) strata: TaskPreviewStratumType[];
  @Field(() => [TaskPreviewExclusionType]) exclusions: TaskPreviewExclusionType[];
  @Field(() => [String], { description: "新建或抽取时将被拒绝的原因（比例上限、比例下限等）" }) warnings: string[];
}
