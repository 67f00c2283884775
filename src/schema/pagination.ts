import { IsInt, Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

/** The page-size cap, the same for every list (GraphQL cost rules multiply by it). */
export const MAX_PAGE_SIZE = 500;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `每页条数（1–${MAX_PAGE_SIZE}）` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 50;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

/** Field complexity of a paginated list: the children are paid once per requested row. */
export const listComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) =>
  1 + (typeof args.limit === "number" ? args.limit : 50) * Math.max(childComplexity, 1);
