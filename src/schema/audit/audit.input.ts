import { IsDate, IsOptional, Length, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";

@InputType({ description: "留痕记录筛选条件" })
export class AuditEventFilter {
  @Field({ nullable: true, description: "操作，如 user.create" })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.]{1,79}$/, { message: "操作名称格式不正确，如 user.create" })
  action?: string;

  @Field({ nullable: true, description: "对象类型，如 user" })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,59}$/, { message: "对象类型格式不正确，如 user" })
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  entityId?: string;

  @Field({ nullable: true, description: "操作者，如 user:<id>" })
  @IsOptional()
  @Length(1, 200)
  actor?: string;

  @Field({ nullable: true, description: "起始时间（含）" })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: "截止时间（不含）" })
  @IsOptional()
  @IsDate()
  to?: Date;
}
