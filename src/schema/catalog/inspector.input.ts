import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsUUID, Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { ConflictReason, Gender, InspectorPost, InspectorStatus } from "./catalog.enum";

@InputType()
export class InspectorInput {
  @Field() @Length(1, 50, { message: "姓名须为 1–50 个字符" }) name: string;
  @Field(() => Gender, { nullable: true }) @IsOptional() @IsEnum(Gender) gender?: Gender | null;
  @Field(() => String, { nullable: true, description: "身份证号码：校验后只保存密钥哈希和后四位" })
  @IsOptional()
  idNumber?: string | null;
  @Field({ description: "执法证号（本部门内唯一）" })
  @Length(1, 40, { message: "执法证号须为 1–40 个字符" })
  certificateNo: string;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(30) enforcementCategories: string[];
  @Field(() => InspectorPost, { defaultValue: "ENFORCEMENT" }) @IsEnum(InspectorPost) post: InspectorPost =
    "ENFORCEMENT";
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50) position?: string | null;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(30) expertise: string[];
  @Field(() => String, { nullable: true }) @IsOptional() regionCode?: string | null;
  @Field(() => InspectorStatus, { defaultValue: "ON_DUTY" }) @IsEnum(InspectorStatus) status: InspectorStatus =
    "ON_DUTY";
  @Field(() => String, { nullable: true }) @IsOptional() statusSince?: string | null;
  @Field({ defaultValue: false }) @IsBoolean() isExternalExpert: boolean = false;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) organisation?: string | null;
  @Field(() => ID, { nullable: true, description: "关联本部门用户" }) @IsOptional() userId?: string | null;
  @Field({ defaultValue: true }) @IsBoolean() leaderEligible: boolean = true;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(50) subLibraries: string[];
}

@InputType({ description: "执法检查人员筛选条件" })
export class InspectorFilter {
  @Field(() => InspectorStatus, { nullable: true }) @IsOptional() @IsEnum(InspectorStatus) status?: InspectorStatus;
  @Field(() => InspectorPost, { nullable: true }) @IsOptional() @IsEnum(InspectorPost) post?: InspectorPost;
  @Field({ nullable: true, description: "执法类别" }) @IsOptional() category?: string;
  @Field({ nullable: true }) @IsOptional() subLibrary?: string;
  @Field({ nullable: true, description: "执法区域（前缀匹配）" }) @IsOptional() regionCode?: string;
  @Field({ nullable: true, description: "按姓名或执法证号搜索" }) @IsOptional() @MaxLength(100) search?: string;
  @Field({ nullable: true, description: "包含其他部门借给本部门的人员" }) @IsOptional() includeLent?: boolean;
}

@InputType()
export class ConflictInput {
  @Field(() => ID) @IsUUID() inspectorId: string;
  @Field(() => ID) @IsUUID() subjectId: string;
  @Field(() => ConflictReason) @IsEnum(ConflictReason) reason: ConflictReason;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) note?: string | null;
  @Field(() => String, { nullable: true, description: "默认今天" }) @IsOptional() validFrom?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() validTo?: string | null;
}

@InputType()
export class InspectorShareInput {
  @Field(() => ID) @IsUUID() inspectorId: string;
  @Field({ description: "对方部门代码" }) @Length(2, 40) partnerTenantCode: string;
  @Field({ description: "对方子库名称" }) @Length(1, 100) subLibrary: string;
  @Field(() => String, { nullable: true }) @IsOptional() validTo?: string | null;
}
