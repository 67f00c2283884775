import { DomainError, type ErrorCode } from "../errors";
import type { RuleCode } from "./rules";

/**
 * A lifecycle: the states a row can be in and the named moves between them, declared once per kind of row
 * (src/domain/<area>/<thing>.lifecycle.ts). Services call `assertMove` before they change a row, so a refused move
 * has one message everywhere. Pure: no I/O.
 */
export interface Move<S extends string> {
  /** What the clerk calls the move (提交, 批准, 公布). */
  readonly label: string;
  readonly from: readonly NoInfer<S>[];
  /** The state the move leads to; omitted when the move acts on the row without moving it (e.g. 修改抽查频次). */
  readonly to?: NoInfer<S>;
  /**
   * When the outcome is decided by the move's own rule (the joint visit settles on its responses): the states it
   * may lead to. `assertMove` then returns the current state and the caller derives the new one.
   */
  readonly outcomes?: readonly NoInfer<S>[];
  /** What to do instead, appended to the refusal when the row is in one of these states. */
  readonly hint?: Partial<Record<NoInfer<S>, string>>;
  /**
   * How a refusal is typed when it is not the default CONFLICT citing INVALID_TRANSITION: a named rule of
   * src/domain/rules.ts (RULE_VIOLATION citing it), and/or the input at fault (its `field`; BAD_USER_INPUT when no
   * rule is named), or NOT_FOUND where the row in that state is no longer there for the move (a cancelled target).
   * The extensions still name the lifecycle, the state and the move.
   */
  readonly refusal?: { readonly rule?: RuleCode; readonly field?: string; readonly notFound?: true };
}

export interface Lifecycle<S extends string, M extends string> {
  /** Named in the error's extensions (`lifecycle`) for clients. */
  readonly name: string;
  /** The thing as the clerk knows it, starting the refusal message (计划, 抽查任务). */
  readonly thing: string;
  readonly states: Readonly<Record<S, string>>;
  readonly moves: Readonly<Record<M, Move<S>>>;
}

/** Declares a lifecycle; the identity, for the types: the states are those of `states`, moves name only those. */
export function defineLifecycle<S extends string, M extends string>(lifecycle: Lifecycle<S, M>): Lifecycle<S, M> {
  return lifecycle;
}

export function canMove<S extends string, M extends string>(lc: Lifecycle<S, M>, state: S, move: M): boolean {
  return lc.moves[move].from.includes(state);
}

/** The Chinese sentence of a refused move: the thing, its current state and the move (and what to do instead). */
export function refusalMessage<S extends string, M extends string>(lc: Lifecycle<S, M>, state: S, move: M): string {
  const m = lc.moves[move];
  const hint = m.hint?.[state];
  const base = `${lc.thing}当前为“${lc.states[state] ?? state}”，不能执行“${m.label}”`;
  return hint ? `${base}：${hint}` : base;
}

/**
 * Returns the state the move leads to (the current one when it does not move the row, or when the move's own rule
 * derives it), or throws CONFLICT naming the thing, its state and the move; the extensions carry
 * `rule: "INVALID_TRANSITION"`, `lifecycle`, `from` (also as `status`, as before) and `move` (a move's `refusal`
 * may name another rule or the field at fault instead).
 */
export function assertMove<S extends string, M extends string>(lc: Lifecycle<S, M>, state: S, move: M): S {
  if (!canMove(lc, state, move)) throw refusedMove(lc, state, move);
  return lc.moves[move].to ?? state;
}

export function refusedMove<S extends string, M extends string>(lc: Lifecycle<S, M>, state: S, move: M): DomainError {
  const typed = lc.moves[move].refusal;
  const code: ErrorCode = typed?.rule
    ? "RULE_VIOLATION"
    : typed?.field
      ? "BAD_USER_INPUT"
      : typed?.notFound
        ? "NOT_FOUND"
        : "CONFLICT";
  return new DomainError(code, refusalMessage(lc, state, move), {
    rule: typed?.rule ?? "INVALID_TRANSITION",
    ...(typed?.field ? { field: typed.field } : {}),
    ...(typed?.notFound ? { entity: lc.thing } : {}),
    lifecycle: lc.name,
    from: state,
    status: state,
    move,
  });
}
