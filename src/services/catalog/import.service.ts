import { Role } from "../../auth/roles";
import { ctx, currentTenantId, requireRole } from "../../context/request-context";
import { InspectorEntity } from "../../entities/catalog/inspector.entity";
import { UserEntity } from "../../entities/system/user.entity";
import { DomainError } from "../../errors";
import {
  type Column,
  INSPECTOR_COLUMNS,
  type InspectorRecord,
  ITEM_COLUMNS,
  type ItemRecord,
  type Rejection,
  RowReader,
} from "../../exchange";
import type { ExchangeKind } from "../../schema/catalog/catalog.enum";
import type { InspectorInput } from "../../schema/catalog/inspector.input";
import type { CheckItemInput } from "../../schema/catalog/item-list.input";
import { audit } from "../audit/audit.service";
import type { ImportOutcome, ImportProgress, Rows } from "./import.types";
import { assertIdNumberFree, inspectorData } from "./inspector.service";
import { type ItemData, itemData, itemListService } from "./item-list.service";
import { importSubjects } from "./subject-import.service";

/**
 * Bulk import of 一单两库 files (CSV or XLSX rows). Subjects go through the set-based COPY path; inspectors
 * (upsert by 执法证号) and items (upsert by code into the draft list) are few and reuse the single-record validation.
 * Every row is validated before anything is written, so ALL_OR_NOTHING never leaves a half-imported file.
 */
export const importService = {
  async importRows(
    kind: ExchangeKind,
    rows: Rows,
    allOrNothing: boolean,
    onProgress?: ImportProgress,
  ): Promise<ImportOutcome> {
    requireRole(Role.ADMIN);
    const outcome =
      kind === "SUBJECTS"
        ? await importSubjects(rows, allOrNothing, onProgress)
        : kind === "INSPECTORS"
          ? await importRecords(INSPECTOR_COLUMNS, rows, allOrNothing, inspectorRow, "certificateNo", onProgress)
          : await importRecords(ITEM_COLUMNS, rows, allOrNothing, itemRow, "code", onProgress);
    // One event per file (a million-row import is one act); single-record writes inside audit themselves.
    if (outcome.committed)
      await audit.record({
        action: `import.${kind.toLowerCase()}`,
        entityType: "import",
        entityId: null,
        summary: {
          totalRows: outcome.totalRows,
          inserted: outcome.inserted,
          updated: outcome.updated,
          rejected: outcome.rejections.length,
        },
      });
    return outcome;
  },
};

/** Validates one record into a write; a DomainError becomes a rejection of the column it names. */
type RowHandler<R> = (record: R) => Promise<() => Promise<"inserted" | "updated">>;

async function importRecords<R>(
  columns: readonly Column<R>[],
  rows: Rows,
  allOrNothing: boolean,
  handle: RowHandler<R>,
  key: keyof R & string,
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  const seen = new Map<string, number>();
  const rejections: Rejection[] = [];
  const writes: Array<() => Promise<"inserted" | "updated">> = [];
  let reader: RowReader<R> | undefined;
  let rowNo = 0;
  let totalRows = 0;
  for await (const cells of rows) {
    rowNo++;
    if (!reader) {
      const bound = RowReader.bind(columns, cells);
      if (!(bound instanceof RowReader))
        return { totalRows: 0, inserted: 0, updated: 0, rejections: bound, committed: false };
      reader = bound;
      continue;
    }
    if (RowReader.isBlank(cells) || reader.isEmptyBut(cells, key)) continue;
    totalRows++;
    if (onProgress && totalRows % 1000 === 0) onProgress({ rows: totalRows, phase: "VALIDATE" });
    const r = reader.read(cells, rowNo);
    if (!r.ok) {
      rejections.push(...r.rejections);
      continue;
    }
    const keyValue = String(r.record[key]);
    const earlier = seen.get(keyValue);
    if (earlier !== undefined) {
      const header = columns.find((c) => c.key === key)?.header ?? key;
      rejections.push({ row: rowNo, column: header, reason: `${header}与第${earlier}行重复` });
      continue;
    }
    seen.set(keyValue, rowNo);
    try {
      writes.push(await handle(r.record));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const field = String(e.details.field ?? "");
      const column =
        columns.find((c) => c.key === field || field.startsWith(String(c.key)))?.header ?? fieldHeader(columns, field);
      rejections.push({ row: rowNo, column, reason: e.message });
    }
  }
  if (!reader)
    return {
      totalRows: 0,
      inserted: 0,
      updated: 0,
      rejections: [{ row: 1, column: "", reason: "文件为空" }],
      committed: false,
    };
  if (allOrNothing && rejections.length) return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  let inserted = 0;
  let updated = 0;
  for (const write of writes) (await write()) === "inserted" ? inserted++ : updated++;
  return { totalRows, inserted, updated, rejections, committed: true };
}

/** Maps service field names that differ from the record's (e.g. initiatingTenantCode) to a column header. */
function fieldHeader<R>(columns: readonly Column<R>[], field: string): string {
  const alias: Record<string, string> = {
    initiatingTenantCode: "initiatingDepartment",
    cooperatingTenantCodes: "cooperatingDepartments",
    userId: "username",
  };
  return columns.find((c) => c.key === alias[field])?.header ?? field;
}

async function inspectorRow(r: InspectorRecord) {
  const { manager } = ctx();
  const tenantId = currentTenantId();
  let userId: string | null = null;
  if (r.username) {
    const user = await manager.findOne(UserEntity, { where: { tenantId, username: r.username } });
    if (!user)
      throw new DomainError("BAD_USER_INPUT", `本部门没有登录名为“${r.username}”的用户`, { field: "username" });
    userId = user.id;
  }
  const input = { ...r, userId, gender: r.gender as InspectorInput["gender"] } as unknown as InspectorInput;
  const data = await inspectorData(input);
  return async () => {
    const existing = await manager.findOne(InspectorEntity, { where: { tenantId, certificateNo: data.certificateNo } });
    await assertIdNumberFree(data.idNumberHash, existing?.id ?? null);
    if (!existing) {
      await manager.insert(InspectorEntity, { ...data, tenantId });
      return "inserted" as const;
    }
    if (!r.idNumber) {
      delete (data as Partial<typeof data>).idNumberHash;
      delete (data as Partial<typeof data>).idNumberLast4;
    }
    await manager.update(InspectorEntity, { id: existing.id, tenantId }, data);
    return "updated" as const;
  };
}

async function itemRow(r: ItemRecord) {
  const input: CheckItemInput = {
    ...r,
    methods: r.methods as CheckItemInput["methods"],
    legalBasis: r.legalBasis,
    targetKinds: r.targetKinds as CheckItemInput["targetKinds"],
    itemClass: r.itemClass as CheckItemInput["itemClass"],
    initiatingTenantCode: r.initiatingDepartment,
    cooperatingTenantCodes: r.cooperatingDepartments,
  };
  const data: ItemData = await itemData(input);
  return async () =>
    (await itemListService.saveItemData(data)).created ? ("inserted" as const) : ("updated" as const);
}

/** Rows of an uploaded file as an async iterable (the importers stream; small files are read whole). */
export async function* rowsOf(table: readonly string[][]): Rows {
  for (const row of table) yield row;
}
