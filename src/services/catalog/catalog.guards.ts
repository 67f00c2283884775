import type { Checked } from "../../domain/catalog/fields";
import { isUuid } from "../../domain/ids";
import { badInput, notFound } from "../../errors";

/** The value of a domain check, or a BAD_USER_INPUT naming the field. */
export function must<T>(field: string, checked: Checked<T>): T {
  if (!checked.ok) throw badInput(field, checked.message);
  return checked.value;
}

/** Like `must`, but null/undefined input stays null. */
export function optional<T>(field: string, input: string | null | undefined, check: (v: string) => Checked<T>) {
  if (input === null || input === undefined || input.trim() === "") return null;
  return must(field, check(input));
}

/** A malformed id is NOT_FOUND, never a database error. */
export function requireUuid(id: string, entity: string): void {
  if (!isUuid(id)) throw notFound(entity);
}
