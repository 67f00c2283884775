import { ctx, currentTenantId } from "../../context/request-context";
import { SubjectEntity } from "../../entities/catalog/subject.entity";
import { conflict, DomainError } from "../../errors";
import { now } from "../../time";

/**
 * The shared subject registry's write path (docs/REGISTRY.md). Every write of a subject's master data goes through
 * here (single adds, explicit changes) or through the set-based import using `mergeAssignments` from here; the
 * database enforces the rules underneath (migration 0040: who may change a set field, the history of every change).
 *
 * Rules in short: adding a subject that is already registered never changes what is set, it only fills what is
 * empty; an import by the steward (维护部门) or the coordinator also refreshes the fields its file mentions; an
 * explicit change sets exactly the fields the input mentions. Nothing the input did not mention is erased.
 */

/** Master fields: the entity's property and its column. */
export const MASTER_FIELDS = [
  ["kind", "kind"],
  ["name", "name"],
  ["creditCode", "credit_code"],
  ["registrationNo", "registration_no"],
  ["legalRepresentative", "legal_representative"],
  ["address", "address"],
  ["regionCode", "region_code"],
  ["industryCode", "industry_code"],
  ["status", "status"],
  ["abnormalListSince", "abnormal_list_since"],
  ["blacklistSince", "blacklist_since"],
] as const satisfies ReadonlyArray<readonly [keyof SubjectEntity, string]>;
export type MasterField = (typeof MASTER_FIELDS)[number][0];
/** Validated master data; null = not given (an add never erases with it). */
export type SubjectValues = { [K in MasterField]: SubjectEntity[K] | null };
/** An explicit change: undefined = not mentioned (kept), null = erase. */
export type SubjectPatch = { [K in MasterField]?: SubjectEntity[K] | null };

const DATE_COLUMNS = new Set(["abnormal_list_since", "blacklist_since"]);
const cast = (column: string) => (DATE_COLUMNS.has(column) ? "::date" : "::text");

/**
 * SET assignments that merge proposed values (`source(column)`, an SQL expression, NULL = not given) into the
 * subject row aliased `s`, and the predicate "this would change something" for the WHERE clause. `mayEdit` is an
 * SQL boolean (the writer is steward or coordinator) when set fields may be refreshed, or null: fill empty fields only.
 */
export function mergeAssignments(
  source: (column: string) => string,
  columns: readonly string[],
  mayEdit: string | null,
  instant: string,
): { set: string[]; changes: string } {
  const merged = (c: string) =>
    mayEdit === null
      ? `coalesce(s.${c}, ${source(c)})`
      : `CASE WHEN ${mayEdit} THEN coalesce(${source(c)}, s.${c}) ELSE coalesce(s.${c}, ${source(c)}) END`;
  const set = columns.map((c) => `${c} = ${merged(c)}`);
  if (columns.includes("status"))
    set.push(
      `status_changed_at = CASE WHEN s.status IS DISTINCT FROM ${merged("status")} THEN ${instant} ELSE s.status_changed_at END`,
    );
  set.push("updated_at = now()");
  return { set, changes: columns.map((c) => `s.${c} IS DISTINCT FROM ${merged(c)}`).join(" OR ") };
}

/**
 * Identity match (the unique indexes of migration 0040): the credit code; else the registration number of a subject
 * that has no other credit code; else kind + name + address among subjects with neither code.
 */
export function identityMatch(s: string, v: (column: string) => string): string {
  return `((${v("credit_code")} IS NOT NULL AND ${s}.credit_code = ${v("credit_code")})
    OR (${v("registration_no")} IS NOT NULL AND ${s}.registration_no = ${v("registration_no")}
        AND (${s}.credit_code IS NULL OR ${v("credit_code")} IS NULL))
    OR (${v("credit_code")} IS NULL AND ${v("registration_no")} IS NULL AND ${s}.credit_code IS NULL
        AND ${s}.registration_no IS NULL AND ${s}.kind = ${v("kind")} AND ${s}.name = ${v("name")}
        AND coalesce(${s}.address, '') = coalesce(${v("address")}, '')))`;
}

/** Subject identity constraints and what a clerk is told when a write would break one. */
const IDENTITY_CONFLICTS: Record<string, [field: string, message: string]> = {
  subject_credit_code_key: ["creditCode", "该统一社会信用代码已属于另一检查对象"],
  subject_registration_no_key: ["registrationNo", "该注册号已属于另一检查对象"],
  subject_name_address_key: ["name", "已有同名同地址且无统一社会信用代码、注册号的检查对象"],
};

const FIELD_LABELS: Record<string, string> = {
  kind: "类别",
  name: "名称",
  credit_code: "统一社会信用代码",
  registration_no: "注册号",
  legal_representative: "法定代表人（负责人）",
  address: "地址",
  region_code: "行政区划",
  industry_code: "行业",
  status: "状态",
  abnormal_list_since: "列入经营异常名录日期",
  blacklist_since: "列入严重违法失信名单日期",
  steward_tenant_id: "维护部门",
};

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
  detail?: string;
  driverError?: PgError;
}
const pgError = (e: unknown): PgError | undefined => {
  const err = e as PgError | null;
  return err?.driverError ?? err ?? undefined;
};

/** The typed error for a database refusal of a registry write, or undefined for anything else. */
function registryError(e: unknown, stewardName: string | null): DomainError | undefined {
  const pg = pgError(e);
  if (pg?.code === "23505" && pg.constraint && IDENTITY_CONFLICTS[pg.constraint]) {
    const [field, message] = IDENTITY_CONFLICTS[pg.constraint];
    return conflict(message, { field });
  }
  if (pg?.code === "42501" && pg.message === "subject_master_forbidden") {
    const fields = (pg.detail ?? "").split(",").map((f) => FIELD_LABELS[f] ?? f);
    const who = stewardName ? `由“${stewardName}”维护` : "由联席会议办公室维护";
    return new DomainError(
      "FORBIDDEN",
      `该检查对象的登记信息${who}，本部门只能补充空缺信息，不能修改：${fields.join("、")}`,
      { fields: pg.detail?.split(",") ?? [] },
    );
  }
  return undefined;
}

const SUBJECT_COLUMNS = `id, kind, name, credit_code AS "creditCode", registration_no AS "registrationNo",
  legal_representative AS "legalRepresentative", address, region_code AS "regionCode", industry_code AS "industryCode",
  status, status_changed_at AS "statusChangedAt", abnormal_list_since::text AS "abnormalListSince",
  blacklist_since::text AS "blacklistSince", steward_tenant_id AS "stewardTenantId", created_at AS "createdAt",
  updated_at AS "updatedAt"`;
/** TypeORM answers an UPDATE … RETURNING with [rows, affected]. */
const updatedRows = (result: unknown): Array<Record<string, unknown>> =>
  Array.isArray(result) && Array.isArray(result[0]) ? result[0] : (result as Array<Record<string, unknown>>);
const entity = (row: Record<string, unknown>) => Object.assign(new SubjectEntity(), row);

export const subjectRegistry = {
  /**
   * Registers a subject or finds the registered one by identity (racing writers converge on one row: INSERT … ON
   * CONFLICT DO NOTHING, then the match sees the winner's committed row). A found subject only gets its empty fields
   * filled. `before` is the found subject as it was (undefined when created).
   */
  async register(v: SubjectValues): Promise<{ subject: SubjectEntity; created: boolean; before?: SubjectEntity }> {
    const { manager } = ctx();
    const columns: string[] = MASTER_FIELDS.map(([, c]) => c);
    const values = MASTER_FIELDS.map(([k]) => (k === "status" ? (v.status ?? "ACTIVE") : v[k]));
    try {
      const inserted: Array<Record<string, unknown>> = await manager.query(
        `INSERT INTO subject (${columns.join(", ")}, status_changed_at)
         VALUES (${columns.map((c, i) => `$${i + 1}${cast(c)}`).join(", ")}, $${columns.length + 1})
         ON CONFLICT DO NOTHING RETURNING ${SUBJECT_COLUMNS}`,
        [...values, now()],
      );
      if (inserted.length) return { subject: entity(inserted[0]), created: true };
      const identity = ["credit_code", "registration_no", "kind", "name", "address"];
      const found: Array<Record<string, unknown>> = await manager.query(
        `SELECT ${SUBJECT_COLUMNS} FROM subject s WHERE ${identityMatch("s", (c) => `$${identity.indexOf(c) + 1}::text`)}
         ORDER BY (s.credit_code IS NOT DISTINCT FROM $1::text) DESC LIMIT 1`,
        [v.creditCode, v.registrationNo, v.kind, v.name, v.address],
      );
      // The insert met a unique index but no subject has this identity: the registration number (or the name and
      // address) belongs to a subject with another credit code.
      if (!found.length)
        throw conflict("该注册号已登记在另一统一社会信用代码的检查对象名下，请核对", { field: "registrationNo" });
      const before = entity(found[0]);
      // Status is not given here (an add never changes a registered subject's status): the other fields are filled.
      const fill = MASTER_FIELDS.filter(([k]) => k !== "status");
      const param = (c: string) => `$${fill.findIndex(([, f]) => f === c) + 1}${cast(c)}`;
      const { set, changes } = mergeAssignments(
        param,
        fill.map(([, c]) => c),
        null,
        "now()",
      );
      const filled = updatedRows(
        await manager.query(
          `UPDATE subject s SET ${set.join(", ")} WHERE s.id = $${fill.length + 1} AND (${changes})
         RETURNING ${SUBJECT_COLUMNS}`,
          [...fill.map(([k]) => v[k]), before.id],
        ),
      );
      return { subject: filled.length ? entity(filled[0]) : before, created: false, before };
    } catch (e) {
      throw registryError(e, null) ?? e;
    }
  },

  /**
   * Sets exactly the mentioned fields (null erases). The database refuses a change of a set field by a department
   * that is neither the steward nor the coordinator; that refusal becomes FORBIDDEN naming the fields.
   */
  async change(subject: SubjectEntity, patch: SubjectPatch, note: string | null): Promise<SubjectEntity> {
    const { manager } = ctx();
    const mentioned = MASTER_FIELDS.filter(([k]) => patch[k] !== undefined);
    if (!mentioned.length) return subject;
    const params: unknown[] = [subject.id];
    const set = mentioned.map(([k, c]) => {
      params.push(patch[k]);
      return `${c} = $${params.length}${cast(c)}`;
    });
    const changes = mentioned.map(([, c], i) => `${c} IS DISTINCT FROM $${i + 2}${cast(c)}`).join(" OR ");
    const statusIndex = mentioned.findIndex(([k]) => k === "status");
    if (statusIndex >= 0) {
      params.push(now());
      set.push(
        `status_changed_at = CASE WHEN status IS DISTINCT FROM $${statusIndex + 2}::text THEN $${params.length}::timestamptz ELSE status_changed_at END`,
      );
    }
    // The steward's name for a refusal, read before the write (a refused write aborts the transaction).
    const steward =
      subject.stewardTenantId && subject.stewardTenantId !== currentTenantId()
        ? await stewardName(subject.stewardTenantId)
        : null;
    try {
      const rows = await withChangeNote(note, async () =>
        updatedRows(
          await manager.query(
            `UPDATE subject SET ${set.join(", ")}, updated_at = now() WHERE id = $1 AND (${changes})
           RETURNING ${SUBJECT_COLUMNS}`,
            params,
          ),
        ),
      );
      return rows.length ? entity(rows[0]) : subject;
    } catch (e) {
      throw registryError(e, steward) ?? e;
    }
  },
};

async function stewardName(tenantId: string): Promise<string | null> {
  const rows: Array<{ name: string }> = await ctx().manager.query("SELECT name FROM tenant WHERE id = $1", [tenantId]);
  return rows[0]?.name ?? null;
}

/**
 * Runs `fn` with a note for the registry history (app.change_note, read by the triggers of migration 0040), then
 * clears it so that later writes of the same transaction are not labelled with it.
 */
export async function withChangeNote<T>(note: string | null, fn: () => Promise<T>): Promise<T> {
  if (!note) return fn();
  const { manager } = ctx();
  await manager.query("SELECT set_config('app.change_note', $1, true)", [note]);
  try {
    return await fn();
  } finally {
    await manager.query("SELECT set_config('app.change_note', '', true)").catch(() => undefined);
  }
}
