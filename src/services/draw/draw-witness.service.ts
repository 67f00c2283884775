import { checkPassword } from "../../auth/password-guard";
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { badInput, conflict, DomainError, notFound, ruleViolation } from "../../errors";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { publicPersonLabel } from "./draw-people.service";
import { type DrawLockRow, drawRunner, type LockKind } from "./draw-runner.service";

/**
 * The one rule for the draw witness (现场监督人), for department and joint draws alike: a different person from the
 * operator and from whoever locked the draw, active, holding the SUPERVISOR role, a user of the department that
 * draws (the lock's department; for a joint draw, the initiating department) or of a body designated to supervise
 * that department's region (纪委监委, 公证: tenant.supervises_draws), who confirms with their own credentials — from
 * their own signed-in session on their own device (`confirm`; the only way for an outside witness), or for the
 * department's own supervisor also by typing their own password at the draw, through the sign-in throttle (`forDraw`). Refusals are FORBIDDEN with
 * `rule: "DRAW_WITNESS"` and a `reason`; never UNAUTHENTICATED, which would sign the operator out.
 */
export type WitnessRefusal =
  | "BAD_CREDENTIALS"
  | "OTHER_DEPARTMENT"
  | "INACTIVE"
  | "NOT_SUPERVISOR"
  | "IS_OPERATOR"
  | "IS_LOCKER"
  | "NOT_A_USER";

const MESSAGES: Record<WitnessRefusal, string> = {
  BAD_CREDENTIALS: "现场监督人账号或密码不正确",
  OTHER_DEPARTMENT:
    "现场监督人须为抽取部门（联合抽取为发起部门）的监督人员，或本行政区划指定的监督机构（如纪委监委、公证处）的监督人员",
  INACTIVE: "该现场监督人账号已停用",
  NOT_SUPERVISOR: "现场监督人须具有监督人员（SUPERVISOR）角色",
  IS_OPERATOR: "操作人员不能同时担任现场监督人，请由另一位监督人员确认",
  IS_LOCKER: "锁定本次抽取参数的人员不能担任现场监督人，请由另一位监督人员确认",
  NOT_A_USER: "现场监督人须以本人账号登录后确认（接口密钥不能担任监督人）",
};

export const witnessRefused = (reason: WitnessRefusal) =>
  new DomainError("FORBIDDEN", MESSAGES[reason], { rule: "DRAW_WITNESS", reason });

/** The witness as a draw uses them: who (id, public label) and the entropy they entered. */
export interface DrawWitness {
  id: string;
  label: string;
  entropy: string;
  /** OWN_SESSION: confirmed from their own signed-in session; CREDENTIALS: typed their password at the draw. */
  via: "OWN_SESSION" | "CREDENTIALS";
}

export interface WitnessFields {
  witnessUsername?: string | null;
  witnessPassword?: string | null;
  witnessEntropy?: string | null;
}

interface Candidate {
  id: string;
  tenant_id: string;
  display_name: string;
  roles: string[];
  active: boolean;
}

/**
 * The refusal for this candidate witnessing this lock's draw (operator: the draw's operator, once known);
 * `outsideAllowed`: the candidate's tenant is a designated draw supervisor of the lock department's region.
 */
function refusal(
  c: Candidate,
  lock: DrawLockRow,
  operatorId: string | null,
  outsideAllowed = false,
): WitnessRefusal | null {
  if (c.tenant_id !== lock.tenantId && !outsideAllowed) return "OTHER_DEPARTMENT";
  if (!c.active) return "INACTIVE";
  if (!c.roles.includes(Role.SUPERVISOR)) return "NOT_SUPERVISOR";
  if (operatorId && c.id === operatorId) return "IS_OPERATOR";
  if (c.id === lock.lockedBy) return "IS_LOCKER";
  return null;
}

function entropyOf(value: string | null | undefined): string {
  const entropy = (value ?? "").trim();
  if (!entropy) throw badInput("witnessEntropy", "请由现场监督人输入随机数（例如现场掷骰的数字）");
  if ([...entropy].length > 200) throw badInput("witnessEntropy", "随机数须为 1–200 个字符");
  return entropy;
}

async function userById(id: string): Promise<Candidate | null> {
  const rows: Candidate[] = await ctx().manager.query(
    `SELECT id, tenant_id, display_name, roles, active FROM app_user WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The signed-in tenant is a designated draw supervisor (纪委监委, 公证) of the region of department `tenantId`. */
async function supervisesDrawsOf(tenantId: string): Promise<boolean> {
  const [r]: Array<{ ok: boolean }> = await ctx().manager.query(
    `SELECT EXISTS (SELECT 1 FROM tenant w JOIN tenant d ON d.id = $2
                     WHERE w.id = $1 AND w.supervises_draws AND w.region_code = d.region_code) AS ok`,
    [currentTenantId(), tenantId],
  );
  return r.ok;
}

async function taskCommitment(kind: LockKind, taskId: string): Promise<string | null> {
  const table = kind === "TASK" ? "inspection_task" : "joint_task";
  const [t] = await ctx().manager.query(`SELECT commitment FROM ${table} WHERE id = $1`, [taskId]);
  if (!t) throw notFound(kind === "TASK" ? "抽查任务" : "联合抽查任务");
  return t.commitment;
}

export const drawWitness = {
  /**
   * 现场监督人确认 on the witness's own device: the signed-in SUPERVISOR checks the task, the commitment and the lock
   * digest on their own screen and enters the entropy; it is kept on the open lock (written by their own
   * transaction only: migration 0150) until the operator's draw uses it. Once per lock; after the notice period.
   */
  async confirm(kind: LockKind, taskId: string, entropyInput: string): Promise<DrawLockRow> {
    if (ctx().principal.kind !== "user") throw witnessRefused("NOT_A_USER");
    const entropy = entropyOf(entropyInput);
    if (!isUuid(taskId)) throw notFound(kind === "TASK" ? "抽查任务" : "联合抽查任务");
    // Visible is not enough: a participant of a joint task sees its lock, but only the drawing department witnesses
    // (or a designated supervision body of its region).
    const visible = await drawRunner.openLock(kind, taskId);
    const outside = visible !== null && visible.tenantId !== currentTenantId();
    if (outside && !(await supervisesDrawsOf(visible.tenantId))) throw witnessRefused("OTHER_DEPARTMENT");
    const lock = await drawRunner.lockForDraw(kind, taskId, await taskCommitment(kind, taskId), "confirm");
    if (lock.witnessId) throw conflict("现场监督人已确认本次抽取，无需重复确认");
    const me = await userById(currentUserId());
    const refused = me ? refusal(me, lock, null, outside) : "NOT_A_USER";
    if (refused) throw witnessRefused(refused);
    const witnessedAt = now();
    await ctx().manager.query(
      `UPDATE draw_lock SET witness_id = $2, witness_entropy = $3, witnessed_at = $4 WHERE id = $1`,
      [lock.id, me!.id, entropy, witnessedAt],
    );
    await audit.record({
      action: "draw.witness_confirm",
      entityType: "draw_lock",
      entityId: lock.id,
      after: { kind, taskId, lockDigest: lock.lockDigest, witness: me!.id },
    });
    return { ...lock, witnessId: me!.id, witnessEntropy: entropy, witnessedAt };
  },

  /**
   * The witness of the draw about to run from `lock` (row-locked by the caller), the operator being the caller:
   * the confirmation on the lock, re-checked now (still active, still a supervisor, not the operator); or, without
   * one, the witness's own username and password typed at the draw, checked through the sign-in throttle.
   */
  async forDraw(lock: DrawLockRow, req: WitnessFields): Promise<DrawWitness> {
    const operatorId = currentUserId();
    if (lock.witnessId) {
      if (req.witnessUsername || req.witnessPassword || req.witnessEntropy?.trim())
        throw badInput(
          "witnessEntropy",
          "现场监督人已在本人设备上确认并输入随机数，抽取时不再输入监督人账号、密码或随机数",
          { reason: "witness_confirmed" },
        );
      // An outside witness (another tenant) was checked in their own session when confirming and re-checked by the
      // database for this draw (drawRunner.lockForDraw); their rows are not readable here, and the database recorded
      // their department and label with the confirmation.
      if (lock.witnessTenantId && lock.witnessTenantId !== lock.tenantId) {
        if (lock.witnessId === operatorId) throw witnessRefused("IS_OPERATOR");
        return {
          id: lock.witnessId,
          label: lock.witnessLabel ?? "",
          entropy: lock.witnessEntropy!,
          via: "OWN_SESSION",
        };
      }
      const w = await userById(lock.witnessId);
      const refused = w ? refusal(w, lock, operatorId) : "NOT_A_USER";
      if (refused) throw witnessRefused(refused);
      return {
        id: w!.id,
        label: publicPersonLabel(w!.display_name, Role.SUPERVISOR),
        entropy: lock.witnessEntropy!,
        via: "OWN_SESSION",
      };
    }
    const username = req.witnessUsername?.trim() ?? "";
    if (!username || !req.witnessPassword) {
      if (!req.witnessEntropy?.trim() && !username)
        throw ruleViolation(
          "DRAW_WITNESS_PENDING",
          "现场监督人尚未确认：请监督人在本人设备上登录并打开摇号确认页输入随机数，或在现场输入本人账号、密码和随机数",
        );
      throw badInput(username ? "witnessPassword" : "witnessUsername", "请由现场监督人输入本人登录名和密码");
    }
    const entropy = entropyOf(req.witnessEntropy);
    const rows: Array<Candidate & { password_hash: string }> = await ctx().manager.query(
      `SELECT id, tenant_id, display_name, roles, active, password_hash FROM app_user
        WHERE tenant_id = $1 AND username = $2`,
      [lock.tenantId, username],
    );
    const w = rows[0];
    // The password first, through the one throttle: no answer says whether the account exists or what it may do.
    const verdict = await checkPassword({
      purpose: "draw_witness",
      tenantId: lock.tenantId,
      username,
      password: req.witnessPassword,
      account: w ? { id: w.id, passwordHash: w.password_hash, active: w.active } : null,
    });
    if (!verdict.ok || !w) throw witnessRefused("BAD_CREDENTIALS");
    const refused = refusal(w, lock, operatorId);
    if (refused) throw witnessRefused(refused);
    return { id: w.id, label: publicPersonLabel(w.display_name, Role.SUPERVISOR), entropy, via: "CREDENTIALS" };
  },
};
