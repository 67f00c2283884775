import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../pagination";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/firm/firm.resolver.ts.

@ArgsType()
export class FirmArgs {
  @Field({ description: "核验码（通知书上的二维码或文字）" }) code: string;
  @Field({ description: "企业办事码（通知书上）" }) firmCode: string;
}

@ArgsType()
export class FirmRequestArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "PENDING / GRANTED / REJECTED / CLOSED；空为全部" })
  status?: string | null;
}
