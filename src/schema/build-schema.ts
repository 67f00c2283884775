import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema as buildTypeGraphQLSchema, type PubSub } from "type-graphql";
import { authChecker } from "../auth/auth-checker";
import { resolvers } from "../resolvers";
import { guardArguments } from "./argument-guard";
import { DateTimeISO } from "./date-time.scalar";

/** The one GraphQL schema all tenants share. */
export async function buildSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphQLSchema({
    resolvers,
    authChecker,
    pubSub,
    // Invalid date-times reach the argument guard, which refuses them with the argument's path (both transports).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    // class-validator on every input; unknown properties cannot arrive through GraphQL anyway.
    validate: { forbidUnknownValues: false },
  });
  return guardArguments(schema);
}

/** The SDL committed as schema.graphql, sorted so that diffs show real changes only. */
export function schemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
