import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { COUNT_CAP, type KeysetPage, type PageRequest } from "../../domain/paging";
import { badInput } from "../../errors";

/**
 * Keyset (cursor) pagination and counts that do not rescan, for the long lists (docs/SCALE.md).
 *
 * A cursor is the sort key of the last row, opaque to clients (base64url of a JSON array). The next page is
 * "rows after this key" on the list's index, so page 1,000 costs what page 1 costs; offset stays for the old
 * arguments and short lists.
 */

export type { KeysetPage, PageRequest };

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key of a cursor with `arity` parts, or BAD_USER_INPUT on anything else. */
export function decodeCursor(cursor: string, arity: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((k) => typeof k === "string" && k.length <= 400))
    throw badInput("after", "分页游标无效，请从第一页重新查询");
  return key as string[];
}

export function checkPageRequest(p: PageRequest): void {
  if (p.after && p.offset > 0) throw badInput("offset", "使用游标（after）分页时不能同时指定 offset");
}

/**
 * The total of a filtered list without scanning all of it: counts up to COUNT_CAP rows; past the cap the planner's
 * row estimate for the same query (tenant and filter values bound, so the statistics of a large department apply).
 */
export async function boundedCount<T extends ObjectLiteral>(
  manager: EntityManager,
  qb: SelectQueryBuilder<T>,
): Promise<{ total: number; totalIsEstimate: boolean }> {
  const [sql, params] = qb.clone().select("1").orderBy().limit(undefined).offset(undefined).getQueryAndParameters();
  const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM (${sql} LIMIT ${COUNT_CAP + 1}) c`, params);
  if (n <= COUNT_CAP) return { total: n, totalIsEstimate: false };
  const [row] = await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const plan = (row["QUERY PLAN"] as Array<{ Plan: { "Plan Rows": number } }>)[0].Plan;
  return { total: Math.max(COUNT_CAP + 1, Math.round(plan["Plan Rows"])), totalIsEstimate: true };
}

/**
 * Runs a list ordered by its keyset: `keys` are the ORDER BY expressions, all in `direction`, the last one unique
 * (the id). The cursor holds their text values as PostgreSQL prints them (timestamps keep their microseconds), and
 * the next page is one row comparison on the list's index. Fetches one row more than asked for `hasNextPage`.
 */
export async function keysetPage<T extends ObjectLiteral>(
  manager: EntityManager,
  qb: SelectQueryBuilder<T>,
  page: PageRequest,
  keys: readonly string[],
  direction: "ASC" | "DESC" = "ASC",
): Promise<KeysetPage<T>> {
  checkPageRequest(page);
  const { total, totalIsEstimate } = await boundedCount(manager, qb);
  const list = qb.clone();
  if (page.after) {
    const key = decodeCursor(page.after, keys.length);
    const names = key.map((_, i) => `:k${i}`).join(", ");
    list.andWhere(
      `(${keys.join(", ")}) ${direction === "ASC" ? ">" : "<"} (${names})`,
      Object.fromEntries(key.map((k, i) => [`k${i}`, k])),
    );
  }
  keys.forEach((k, i) => {
    list.addSelect(`(${k})::text`, `cursor_k${i}`);
    if (i === 0) list.orderBy(k, direction);
    else list.addOrderBy(k, direction);
  });
  const { entities, raw } = await list
    .limit(page.limit + 1)
    .offset(page.after ? 0 : page.offset)
    .getRawAndEntities();
  const shown = entities.slice(0, page.limit);
  return {
    rows: shown,
    total,
    totalIsEstimate,
    hasNextPage: entities.length > page.limit,
    hasPreviousPage: Boolean(page.after) || page.offset > 0,
    cursors: shown.map((_, i) => encodeCursor(keys.map((__, j) => String(raw[i][`cursor_k${j}`])))),
  };
}
