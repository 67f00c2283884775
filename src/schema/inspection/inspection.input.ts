import { IsOptional, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";
import { InspectionModeEnum } from "./inspection.type";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class StartInspectionInput {
  @Field(() => InspectionModeEnum) mode: InspectionModeEnum;
  @Field(() => String, { nullable: true, description: "邮寄专用信函：材料提交截止日期" })
  @IsOptional()
  @Matches(DATE, { message: "日期应为 YYYY-MM-DD 格式" })
  materialsDue?: string | null;
  @Field(() => String, { nullable: true, description: "委托第三方：机构名称" })
  @IsOptional()
  @MaxLength(200)
  thirdPartyOrg?: string | null;
}

@InputType()
export class RecordLineInput {
  @Field(() => ID) checkItemId: string;
  @Field() checked: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) notCheckedReason?: string | null;
  @Field({ defaultValue: "" }) @MaxLength(2000) result: string = "";
  @Field({ defaultValue: false }) rectificationOrdered: boolean = false;
  @Field({ defaultValue: false }) rectified: boolean = false;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) notes?: string | null;
  @Field(() => String, { nullable: true, description: "不填则取抽查事项的检查依据" })
  @IsOptional()
  @MaxLength(2000)
  legalBasis?: string | null;
}

@InputType()
export class InspectionRecordInput {
  @Field(() => ID) assignmentId: string;
  @Field(() => StartInspectionInput, { nullable: true, description: "变更检查方式" })
  mode?: StartInspectionInput | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DATE, { message: "检查日期应为 YYYY-MM-DD 格式" })
  inspectedOn?: string | null;
  @Field(() => [RecordLineInput], { nullable: true }) lines?: RecordLineInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) situation?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) handlingOpinion?: string | null;
  @Field(() => Boolean, { nullable: true }) identityShown?: boolean | null;
  @Field(() => Boolean, { nullable: true }) noticeShown?: boolean | null;
}

@InputType({ description: "被检查对象负责人签字，或拒签记录（二者选一）" })
export class TargetSignoffInput {
  @Field(() => ID) assignmentId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50) signerName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50) signerRole?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) refusalReason?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) refusalWitness?: string | null;
}

@InputType()
export class AttachmentInput {
  @Field(() => ID) assignmentId: string;
  @Field() @Length(1, 200, { message: "文件名须为 1–200 个字符" }) fileName: string;
  @Field({ description: "文件内容（Base64，≤ 1 MB）" })
  @MaxLength(1_400_000, { message: "文件超过 1000 KB 上限，请压缩后再上传" })
  contentBase64: string;
  @Field(() => ID, { nullable: true, description: "更正（新版本）所针对的旧证据材料" }) supersedesId?: string | null;
  @Field(() => Date, { nullable: true }) takenAt?: Date | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-180) @Max(180) longitude?: number | null;
}
