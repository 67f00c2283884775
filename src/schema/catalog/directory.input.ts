import { ArrayMaxSize, IsEnum, IsOptional, Length, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { SubjectKind, SubjectStatus } from "./catalog.enum";

/** The shared subject's master data (统一社会信用代码 checked with GB 32100 in the service). */
@InputType()
export class SubjectInput {
  @Field(() => SubjectKind)
  @IsEnum(SubjectKind)
  kind: SubjectKind;

  @Field({ description: "名称" })
  @Length(1, 200, { message: "名称须为 1–200 个字符" })
  name: string;

  @Field(() => String, { nullable: true, description: "统一社会信用代码（18 位，可空）" })
  @IsOptional()
  creditCode?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50) registrationNo?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50) legalRepresentative?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) address?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() regionCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() industryCode?: string | null;

  @Field(() => SubjectStatus, { nullable: true })
  @IsOptional()
  @IsEnum(SubjectStatus)
  status?: SubjectStatus | null;

  @Field(() => String, { nullable: true }) @IsOptional() abnormalListSince?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() blacklistSince?: string | null;
}

/** This department's directory data for a subject. */
@InputType()
export class DirectoryEntryInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 20) riskClass?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) riskSource?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() riskAssessedOn?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) tags?: string[] | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) subLibraries?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() supervisedSince?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) notes?: string | null;
}

@InputType()
export class NewDirectoryEntryInput {
  @Field(() => SubjectInput) subject: SubjectInput;
  @Field(() => DirectoryEntryInput, { nullable: true }) entry?: DirectoryEntryInput | null;
}

@InputType({ description: "名录库筛选条件" })
export class DirectoryFilter {
  @Field(() => SubjectKind, { nullable: true }) @IsOptional() @IsEnum(SubjectKind) kind?: SubjectKind;
  @Field({ nullable: true, description: "行政区划代码（前缀匹配）" }) @IsOptional() regionCode?: string;
  @Field({ nullable: true, description: "行业代码（前缀匹配）" }) @IsOptional() industryCode?: string;
  @Field({ nullable: true }) @IsOptional() riskClass?: string;
  @Field({ nullable: true }) @IsOptional() tag?: string;
  @Field({ nullable: true }) @IsOptional() subLibrary?: string;
  @Field(() => SubjectStatus, { nullable: true }) @IsOptional() @IsEnum(SubjectStatus) status?: SubjectStatus;
  @Field({ nullable: true, description: "按名称或统一社会信用代码搜索" }) @IsOptional() @MaxLength(100) search?: string;
  @Field({ nullable: true, description: "只看可参与抽取的对象（排除注销、吊销）" })
  @IsOptional()
  drawableOnly?: boolean;
}

@InputType({ description: "检查对象（共享主体库）筛选条件" })
export class SubjectFilter {
  @Field(() => SubjectKind, { nullable: true }) @IsOptional() @IsEnum(SubjectKind) kind?: SubjectKind;
  @Field({ nullable: true, description: "行政区划代码（前缀匹配）" }) @IsOptional() regionCode?: string;
  @Field({ nullable: true, description: "行业代码（前缀匹配）" }) @IsOptional() industryCode?: string;
  @Field(() => SubjectStatus, { nullable: true }) @IsOptional() @IsEnum(SubjectStatus) status?: SubjectStatus;
  @Field({ nullable: true, description: "按名称或统一社会信用代码搜索" }) @IsOptional() @MaxLength(100) search?: string;
}
