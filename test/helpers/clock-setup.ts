import { clockFrom, setClock } from "../../src/time";

/**
 * JC_TEST_CLOCK=<instant> runs a test file with the one clock moved there (it then runs at real speed), e.g.
 * `JC_TEST_CLOCK=2026-12-31T23:59:00Z npx jest test/integration`: every rule that reads "now" or "today" follows.
 */
const start = process.env.JC_TEST_CLOCK;
if (start) setClock(clockFrom(start));
