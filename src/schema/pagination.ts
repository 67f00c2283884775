import { IsInt, IsOptional, Max, MaxLength, Min } from "class-validator";
import { ArgsType, type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { KeysetPage } from "../domain/paging";

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
  1 +
  (typeof args.first === "number" ? args.first : typeof args.limit === "number" ? args.limit : 50) *
    Math.max(childComplexity, 1);

/** Relay connection arguments beside the old limit/offset: `first` is `limit` by another name, `after` a cursor. */
@ArgsType()
export class ConnectionArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: `每页条数（同 limit，1–${MAX_PAGE_SIZE}）` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "游标分页：上一页的 pageInfo.endCursor（翻页耗时与页码无关；此时 offset 须为 0）",
  })
  @IsOptional()
  @MaxLength(2000)
  after?: string | null;
}

/** The page a connection's arguments ask for. */
export const pageRequest = (a: ConnectionArgs) => ({ limit: a.first ?? a.limit, offset: a.offset, after: a.after });

@ObjectType("PageInfo", { description: "分页信息（Relay 规范）" })
export class PageInfoType {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: "下一页的 after" }) endCursor: string | null;
}

/** One edge type per node type (Relay): the node and the cursor after it. */
export function edgeType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(name)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }
  return Edge;
}

/** A list page that is also a Relay connection: `items` + `total` as before, plus edges and pageInfo. */
export function connectionFields<E, N>(page: KeysetPage<E>, toNode: (e: E) => N) {
  const items = page.rows.map(toNode);
  return {
    items,
    total: page.total,
    totalIsEstimate: page.totalIsEstimate,
    edges: items.map((node, i) => ({ node, cursor: page.cursors[i] })),
    pageInfo: Object.assign(new PageInfoType(), {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors.at(-1) ?? null,
    }),
  };
}
