import { Field, ID, Int, ObjectType } from "type-graphql";
import { Role } from "../../auth/roles";
import type { UserEntity } from "../../entities/system/user.entity";
import { TenantType } from "./tenant.type";

@ObjectType("User", { description: "用户" })
export class UserType {
  @Field(() => ID) id: string;
  @Field() username: string;
  @Field({ description: "姓名" }) displayName: string;
  @Field(() => [Role]) roles: Role[];
  @Field() active: boolean;
  @Field() createdAt: Date;
  @Field(() => TenantType, { description: "所属部门" }) tenant: TenantType;
  tenantId: string;

  static from(e: UserEntity): UserType {
    return Object.assign(new UserType(), {
      id: e.id,
      username: e.username,
      displayName: e.displayName,
      roles: e.roles,
      active: e.active,
      createdAt: e.createdAt,
      tenantId: e.tenantId,
    });
  }
}

@ObjectType("UserPage")
export class UserPage {
  @Field(() => [UserType]) items: UserType[];
  @Field(() => Int) total: number;
}

@ObjectType("LoginResult")
export class LoginResult {
  @Field({ description: "访问令牌（Authorization: Bearer …）" }) token: string;
  @Field() expiresAt: Date;
  @Field(() => UserType) user: UserType;
}
