/**
 * The longest stated reason, in characters (a page of Chinese text): the argument guard's one cap on stated reasons
 * (src/schema/argument-guard.ts) and, from migration 0300, the database's floor under it on plan_revision.reason.
 * Changing it needs a new migration that recreates that check from this constant again (reasonLengthCheck, 0300).
 */
export const REASON_MAX = 1000;
