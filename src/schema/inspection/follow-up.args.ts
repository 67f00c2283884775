import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../pagination";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/inspection/follow-up.resolver.ts.

@ArgsType()
export class FollowUpListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "OPEN / CLOSED" }) status?: "OPEN" | "CLOSED";
}

@ArgsType()
export class InboxArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "PENDING / ACCEPTED / RETURNED" })
  status?: "PENDING" | "ACCEPTED" | "RETURNED";
}
