import { Field, ObjectType } from "type-graphql";
import { TenantType } from "./tenant.type";
import { UserType } from "./user.type";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/system/tenancy.resolver.ts.

@ObjectType("CreatedTenant")
export class CreatedTenant {
  @Field(() => TenantType) tenant: TenantType;
  @Field(() => UserType) admin: UserType;
}
