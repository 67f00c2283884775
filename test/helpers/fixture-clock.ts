import { type Clock, clockFrom, resetClock, setClock } from "../../src/time";

/**
 * 2026-05-20 10:00 in Beijing, in the fixtures' plan year 2026: inside the department test tasks' windows (from
 * 2026-03-01 to 2026-09-30 or later) and before the joint fixture's window (2026-06-01 to 2026-09-30). A draw runs
 * only before its task's window ends (src/domain/plan/draw-rules), so files that draw stand the one clock here
 * rather than on the day they happen to run.
 */
export const FIXTURE_CLOCK = "2026-05-20T02:00:00Z";

/**
 * Stands the one clock at FIXTURE_CLOCK (then running at real speed) for the whole file; call it at the top level
 * before the file's own beforeAll, so the server's tokens and every "today" follow it. Returns a function that puts
 * the same running clock back after a test moved it (no jump back in time for tokens issued since).
 */
export function atFixtureClock(): () => void {
  let fixture: Clock | undefined;
  beforeAll(() => {
    fixture = clockFrom(FIXTURE_CLOCK);
    setClock(fixture);
  });
  afterAll(() => resetClock());
  return () => {
    if (fixture) setClock(fixture);
  };
}
