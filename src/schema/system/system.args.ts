import { Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/system/system.resolver.ts.

@ArgsType()
export class ServerTimeArgs {
  @Field(() => Int, { defaultValue: 1000, description: "间隔毫秒（100–60000）" })
  @Min(100)
  @Max(60_000)
  intervalMs: number = 1000;
}
