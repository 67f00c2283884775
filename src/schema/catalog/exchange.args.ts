import { MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ExchangeKind, FileFormat, ImportMode } from "./catalog.enum";

// The GraphQL arguments, inputs, enums and result types of src/resolvers/catalog/exchange.resolver.ts.

/**
 * Up to ~24 MB of file per request (base64 of it: 32 million characters, within the 33 MB body limit of /graphql,
 * see src/server.ts); larger files go through `npm run import`.
 */
const MAX_BASE64 = 32_000_000;

@InputType()
export class ImportFileInput {
  @Field(() => ExchangeKind) kind: ExchangeKind;
  @Field(() => FileFormat) format: FileFormat;
  @Field(() => ImportMode, { defaultValue: "ALL_OR_NOTHING" }) mode: ImportMode = "ALL_OR_NOTHING";
  @Field({ description: "文件内容（Base64）" })
  @MaxLength(MAX_BASE64, { message: "文件过大，请拆分或使用命令行导入（npm run import）" })
  contentBase64: string;
}
