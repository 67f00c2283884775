import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsBoolean,
  IsEnum,
  IsOptional,
  Length,
  Matches,
  ValidateNested,
} from "class-validator";
import { Field, InputType } from "type-graphql";
import { Role } from "../../auth/roles";
import { TenantKind } from "./tenant.type";

const USERNAME = /^[A-Za-z0-9_.-]{2,40}$/;

@InputType()
export class NewUserInput {
  @Field({ description: "登录名：2–40 位字母、数字、下划线、点或连字符" })
  @Matches(USERNAME, { message: "登录名须为 2–40 位字母、数字、下划线、点或连字符" })
  username: string;

  @Field({ description: "姓名" })
  @Length(1, 50, { message: "姓名须为 1–50 个字符" })
  displayName: string;

  @Field({ description: "初始密码：至少 10 位" })
  @Length(10, 200, { message: "密码至少 10 位" })
  password: string;

  @Field(() => [Role])
  @ArrayNotEmpty({ message: "至少选择一个角色" })
  @ArrayMaxSize(6)
  @IsEnum(Role, { each: true })
  roles: Role[];
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50, { message: "姓名须为 1–50 个字符" })
  displayName?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty({ message: "至少保留一个角色" })
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @Field({ nullable: true, description: "停用后立即失效，已签发的令牌也不能再使用" })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType()
export class CreateTenantInput {
  @Field({ description: "部门代码：2–40 位字母、数字、下划线或连字符" })
  @Matches(/^[A-Za-z0-9_-]{2,40}$/, { message: "部门代码须为 2–40 位字母、数字、下划线或连字符" })
  code: string;

  @Field({ description: "部门名称" })
  @Length(2, 100, { message: "部门名称须为 2–100 个字符" })
  name: string;

  @Field({ description: "行政区划代码（6 位数字）" })
  @Matches(/^[0-9]{6}$/, { message: "行政区划代码须为 6 位数字" })
  regionCode: string;

  @Field(() => TenantKind)
  @IsEnum(TenantKind)
  kind: TenantKind;

  @Field({ defaultValue: false })
  @IsBoolean()
  isCoordinator: boolean = false;

  @Field(() => NewUserInput, { description: "该部门的首个管理员（自动授予 ADMIN 角色）" })
  @ValidateNested()
  admin: NewUserInput;
}

@InputType()
export class CreateApiKeyInput {
  @Field({ description: "用途说明，例如“省平台对接”" })
  @Length(1, 100, { message: "名称须为 1–100 个字符" })
  name: string;

  @Field(() => [Role])
  @ArrayNotEmpty({ message: "至少选择一个角色" })
  @IsEnum(Role, { each: true })
  roles: Role[];
}
