import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "../../auth/roles";
import type { ApiKeyEntity } from "../../entities/system/api-key.entity";

@ObjectType("ApiKey", { description: "部门接口密钥（仅创建时显示一次明文）" })
export class ApiKeyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [Role]) roles: Role[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;

  static from(e: ApiKeyEntity): ApiKeyType {
    return Object.assign(new ApiKeyType(), {
      id: e.id,
      name: e.name,
      roles: e.roles,
      createdAt: e.createdAt,
      revokedAt: e.revokedAt,
      lastUsedAt: e.lastUsedAt,
    });
  }
}

@ObjectType("CreatedApiKey")
export class CreatedApiKey {
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
  @Field({ description: "密钥明文：只在此处返回一次，请立即妥善保存" }) key: string;
}
