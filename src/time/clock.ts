/**
 * The one clock (唯一时钟): every "now" of the application comes from here, so tests can move time to the instants
 * where dates change (16:00 UTC is midnight in Beijing) and the whole process — services, tokens, the business date
 * carried into each transaction — sees the same instant. Row timestamps written by PostgreSQL defaults aside, SQL
 * receives instants and dates from this clock (src/db/tenant-transaction.ts) and never decides them itself.
 */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let current: Clock = systemClock;

/** The current instant. */
export function now(): Date {
  return current();
}

/** Milliseconds since the epoch, from the one clock. */
export function nowMs(): number {
  return current().getTime();
}

/** Tests and tools only: replace the clock (process-wide). `resetClock()` restores the system clock. */
export function setClock(clock: Clock): void {
  current = clock;
}

export function resetClock(): void {
  current = systemClock;
}

/**
 * A clock that starts at `start` and then runs at real speed (so timeouts and token lifetimes still behave),
 * e.g. `setClock(clockFrom("2026-12-31T23:59:00Z"))`.
 */
export function clockFrom(start: string | Date): Clock {
  const offset = new Date(start).getTime() - Date.now();
  if (Number.isNaN(offset)) throw new Error(`clockFrom: not an instant: ${String(start)}`);
  return () => new Date(Date.now() + offset);
}
