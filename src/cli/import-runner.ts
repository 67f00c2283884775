import { randomUUID } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import type { DataSource } from "typeorm";
import { Role } from "../auth/roles";
import { runInTenantTransaction } from "../db/tenant-transaction";
import { csvRecords, formatOfFileName, readXlsx } from "../exchange";
import type { Logger } from "../logger";
import type { ExchangeKind } from "../schema/catalog/catalog.enum";
import { importService, rowsOf } from "../services/catalog/import.service";
import type { ImportOutcome, Rows } from "../services/catalog/import.types";

export interface FileImport {
  tenantCode: string;
  /** The department user the import acts as (must be an ADMIN); default "admin". */
  username: string;
  kind: ExchangeKind;
  file: string;
  allOrNothing: boolean;
  onProgress?: (rows: number) => void;
}

/** Rows of a CSV (streamed) or XLSX file. */
export async function fileRows(file: string): Promise<Rows> {
  const format = formatOfFileName(file);
  if (format === "CSV") return csvRecords(createReadStream(file, { highWaterMark: 1 << 20 }));
  if (format === "XLSX") return rowsOf(await readXlsx(readFileSync(file)));
  throw new Error(`unsupported file type (expected .csv or .xlsx): ${file}`);
}

/**
 * Imports a file as a department ADMIN through the same service as GraphQL, in one tenant transaction on the
 * runtime role (so RLS applies): the file is either fully applied (per its mode) or not at all.
 */
export async function importFile(ds: DataSource, job: FileImport, log: Logger): Promise<ImportOutcome> {
  const [tenant] = await ds.query("SELECT id FROM tenant WHERE code = $1", [job.tenantCode]);
  if (!tenant) throw new Error(`no department with code "${job.tenantCode}"`);
  const lookup = { kind: "apiKey" as const, tenantId: tenant.id, apiKeyId: "cli", roles: [Role.VIEWER] };
  const user = await runInTenantTransaction(
    ds,
    randomUUID(),
    lookup,
    async (c) => {
      const [u] = await c.manager.query(
        "SELECT id, roles FROM app_user WHERE tenant_id = $1 AND username = $2 AND active",
        [tenant.id, job.username],
      );
      return u as { id: string; roles: Role[] } | undefined;
    },
    log,
  );
  if (!user?.roles.includes(Role.ADMIN))
    throw new Error(`"${job.username}" is not an active ADMIN of ${job.tenantCode}`);
  const principal = { kind: "user" as const, tenantId: tenant.id, userId: user.id, roles: user.roles };
  return runInTenantTransaction(
    ds,
    randomUUID(),
    principal,
    async () =>
      importService.importRows(job.kind, await fileRows(job.file), job.allOrNothing, (p) => job.onProgress?.(p.rows)),
    log,
  );
}
