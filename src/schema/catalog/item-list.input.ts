import { ArrayMaxSize, ArrayNotEmpty, IsEnum, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { Field, Float, InputType } from "type-graphql";
import { CheckMethod, ItemClass, LegalBasisKind, SubjectKind } from "./catalog.enum";

@InputType()
export class LegalBasisInput {
  @Field(() => LegalBasisKind) @IsEnum(LegalBasisKind) kind: LegalBasisKind;
  @Field() @Length(1, 200, { message: "依据名称须为 1–200 个字符" }) title: string;
  @Field({ defaultValue: "" }) @MaxLength(500) articles: string = "";
  @Field({ defaultValue: "" }) @MaxLength(20000) text: string = "";
}

/** An item of the draft list; saved by code (a new code adds, an existing code replaces). */
@InputType()
export class CheckItemInput {
  @Field({ description: "抽查事项编码（本部门内唯一）" }) code: string;
  @Field() @Length(1, 200, { message: "抽查类别须为 1–200 个字符" }) category: string;
  @Field() @Length(1, 300, { message: "抽查事项须为 1–300 个字符" }) name: string;
  @Field({ defaultValue: "" }) @MaxLength(20000) content: string = "";
  @Field(() => [CheckMethod])
  @ArrayNotEmpty({ message: "至少选择一种检查方式" })
  @IsEnum(CheckMethod, { each: true })
  methods: CheckMethod[];
  @Field(() => [LegalBasisInput])
  @ArrayNotEmpty({ message: "至少填写一条检查依据" })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  legalBasis: LegalBasisInput[];
  @Field(() => [SubjectKind], { defaultValue: [] }) @IsEnum(SubjectKind, { each: true }) targetKinds: SubjectKind[];
  @Field(() => [String], { defaultValue: [], description: "适用行业（国民经济行业分类代码前缀）；空表示不限行业" })
  @ArrayMaxSize(50)
  targetIndustryCodes: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) targetDescription?: string | null;
  @Field(() => ItemClass) @IsEnum(ItemClass) itemClass: ItemClass;
  @Field(() => Float, { nullable: true, description: "比例上限（0–1），一般事项必填" }) @IsOptional() ratioCap?:
    | number
    | null;
  @Field(() => Float, { nullable: true, description: "默认抽查比例（0–1）" }) @IsOptional() defaultRatio?:
    | number
    | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) frequency?: string | null;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(30) requiredCategories: string[];
  @Field(() => String, { nullable: true, description: "发起部门代码；默认本部门" }) @IsOptional() initiatingTenantCode?:
    | string
    | null;
  @Field(() => [String], { defaultValue: [], description: "配合部门代码" })
  @ArrayMaxSize(30)
  cooperatingTenantCodes: string[];
}

@InputType()
export class JointItemEntryInput {
  @Field({ description: "行业（一业一册）" }) @Length(1, 100) industry: string;
  @Field({ description: "部门已发布清单中的事项 id" }) checkItemId: string;
  @Field({ description: "归并键：相同键的事项视为同一事项" }) @Length(1, 100) equivalenceKey: string;
}
