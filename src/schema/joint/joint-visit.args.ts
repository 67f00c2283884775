import { Matches } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { PageArgs } from "../pagination";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/joint/joint-visit.resolver.ts.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ArgsType()
export class JointVisitArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) taskId?: string;
}

@ArgsType()
export class OverlapArgs {
  @Field({ description: "期限起" })
  @Matches(DATE, { message: "日期格式应为 YYYY-MM-DD" })
  from: string;

  @Field({ description: "期限止" })
  @Matches(DATE, { message: "日期格式应为 YYYY-MM-DD" })
  to: string;
}
