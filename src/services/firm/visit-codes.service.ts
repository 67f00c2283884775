import { randomBytes } from "node:crypto";
import { lookupCodeThrottled } from "../../auth/password-guard";
import { addDays } from "../../calendar/iso-date";
import { ctx } from "../../context/request-context";
import {
  CODE_VALID_DAYS_AFTER_WINDOW,
  codeFromBytes,
  FIRM_CODE_LENGTH,
  normalizeCode,
  VERIFY_CODE_LENGTH,
} from "../../domain/firm";
import type { AssignmentEntity } from "../../entities/draw/draw.entity";

export interface VisitCodes {
  verifyCode: string;
  firmCode: string;
  expiresOn: string;
}

/**
 * The codes of one assignment, issued the first time the department needs them (the notice is rendered, or the
 * inspector's assignment is opened) and the same ever after, so a reprinted notice carries the printed codes.
 * Runs in the department's transaction: RLS makes another department's assignment unreachable.
 */
export async function codesOf(a: AssignmentEntity): Promise<VisitCodes> {
  const { manager } = ctx();
  const read = async () =>
    (await manager.query(
      `SELECT verify_code AS "verifyCode", firm_code AS "firmCode", to_char(expires_on, 'YYYY-MM-DD') AS "expiresOn"
         FROM visit_code WHERE assignment_id = $1`,
      [a.id],
    )) as VisitCodes[];
  const [existing] = await read();
  if (existing) return existing;
  const bytes = randomBytes(VERIFY_CODE_LENGTH + FIRM_CODE_LENGTH);
  await manager.query(
    `INSERT INTO visit_code (assignment_id, tenant_id, verify_code, firm_code, expires_on)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assignment_id) DO NOTHING`,
    [
      a.id,
      a.tenantId,
      codeFromBytes(bytes.subarray(0, VERIFY_CODE_LENGTH), VERIFY_CODE_LENGTH),
      codeFromBytes(bytes.subarray(VERIFY_CODE_LENGTH), FIRM_CODE_LENGTH),
      addDays(a.windowTo, CODE_VALID_DAYS_AFTER_WINDOW),
    ],
  );
  return (await read())[0];
}

/**
 * The department and assignment of a code, or null. Throttled per address (misses add up, hits are given back):
 * with 60 or 80 random bits and 20 misses per 15 minutes, enumeration is hopeless.
 */
export async function findCode(
  kind: "verify" | "firm",
  input: string,
): Promise<{ tenantId: string; assignmentId: string } | null> {
  return lookupCodeThrottled(kind, async () => {
    const code = normalizeCode(input, kind === "verify" ? VERIFY_CODE_LENGTH : FIRM_CODE_LENGTH);
    if (!code) return null;
    const rows: Array<{ tenant_id: string; assignment_id: string }> = await ctx().manager.query(
      `SELECT tenant_id, assignment_id FROM visit_code_lookup($1, $2)`,
      [code, kind === "firm"],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, assignmentId: rows[0].assignment_id } : null;
  });
}
