import type { NonEmptyArray } from "type-graphql";
import { areas } from "../registry";
import type { AnyClass } from "../registry/area";

/** Every resolver class of the schema: each area's (src/registry). */
export const resolvers = areas.flatMap((a) => a.resolvers) as NonEmptyArray<AnyClass> as unknown as NonEmptyArray<
  // biome-ignore lint/complexity/noBannedTypes: type-graphql's buildSchema takes Function[]
  Function
>;
