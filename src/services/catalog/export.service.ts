import { In } from "typeorm";
import { ctx, currentTenantId } from "../../context/request-context";
import type { LegalBasisCitation } from "../../domain/catalog/legal-basis-text";
import { versionLabel } from "../../domain/catalog/version-label";
import { DirectoryEntryEntity } from "../../entities/catalog/directory-entry.entity";
import { InspectorEntity } from "../../entities/catalog/inspector.entity";
import { SubjectEntity } from "../../entities/catalog/subject.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import {
  INSPECTOR_COLUMNS,
  type InspectorRecord,
  ITEM_COLUMNS,
  type ItemRecord,
  SUBJECT_COLUMNS,
  type SubjectRecord,
  toTable,
  writeCsv,
  writeXlsx,
} from "../../exchange";
import type { ExchangeKind, FileFormat } from "../../schema/catalog/catalog.enum";
import { itemListService, itemsByVersionLoader } from "./item-list.service";

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

const MIME = {
  CSV: "text/csv; charset=utf-8",
  XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

async function file(format: FileFormat, baseName: string, rows: string[][]): Promise<ExportedFile> {
  const content = format === "CSV" ? writeCsv(rows) : await writeXlsx(baseName.slice(0, 31), rows);
  return { fileName: `${baseName}.${format.toLowerCase()}`, mimeType: MIME[format], content };
}

/** Exports with Chinese headers, in the same columns the importers read (docs/EXCHANGE.md). */
export const exportService = {
  async directory(kind: Exclude<ExchangeKind, "ITEMS">, format: FileFormat): Promise<ExportedFile> {
    const { manager } = ctx();
    const tenant = await manager.findOneOrFail(TenantEntity, { where: { id: currentTenantId() } });
    if (kind === "SUBJECTS") {
      const rows: Array<DirectoryEntryEntity & { subject: SubjectEntity }> = [];
      const entries = await manager.find(DirectoryEntryEntity, { where: { tenantId: tenant.id } });
      const subjects = entries.length
        ? await manager.find(SubjectEntity, { where: { id: In(entries.map((e) => e.subjectId)) } })
        : [];
      const byId = new Map(subjects.map((s) => [s.id, s]));
      for (const e of entries) rows.push(Object.assign(e, { subject: byId.get(e.subjectId) as SubjectEntity }));
      rows.sort((a, b) => a.subject.name.localeCompare(b.subject.name, "zh-CN"));
      const records: SubjectRecord[] = rows.map(({ subject: s, ...e }) => ({
        kind: s.kind,
        name: s.name,
        creditCode: s.creditCode,
        registrationNo: s.registrationNo,
        legalRepresentative: s.legalRepresentative,
        address: s.address,
        regionCode: s.regionCode,
        industryCode: s.industryCode,
        status: s.status,
        abnormalListSince: s.abnormalListSince,
        blacklistSince: s.blacklistSince,
        riskClass: e.riskClass,
        riskSource: e.riskSource,
        riskAssessedOn: e.riskAssessedOn,
        tags: e.tags,
        subLibraries: e.subLibraries,
        supervisedSince: e.supervisedSince,
        notes: e.notes,
      }));
      return file(format, `${tenant.name}检查对象名录库`, toTable(SUBJECT_COLUMNS, records));
    }
    const inspectors = await manager.find(InspectorEntity, { where: { tenantId: tenant.id }, order: { name: "ASC" } });
    const users = new Map(
      (await manager.query("SELECT id, username FROM app_user WHERE tenant_id = $1", [tenant.id])).map(
        (u: { id: string; username: string }) => [u.id, u.username],
      ),
    );
    const records: InspectorRecord[] = inspectors.map((i) => ({
      ...i,
      idNumber: i.idNumberLast4, // exported as “尾号1234”, never the number
      username: (i.userId && (users.get(i.userId) as string)) || null,
    }));
    return file(format, `${tenant.name}执法检查人员名录库`, toTable(INSPECTOR_COLUMNS, records));
  },

  /** A version of a department's item list: any published version (public) or the caller's draft. */
  async itemList(versionId: string, format: FileFormat): Promise<ExportedFile> {
    const { manager } = ctx();
    const version = await itemListService.version(versionId);
    const items = await itemsByVersionLoader().load(version.id);
    const tenantIds = new Set<string>([version.tenantId]);
    for (const i of items) for (const t of [i.initiatingTenantId, ...i.cooperatingTenantIds]) tenantIds.add(t);
    const tenants = new Map(
      (await manager.find(TenantEntity, { where: { id: In([...tenantIds]) } })).map((t) => [t.id, t]),
    );
    const name = (id: string) => tenants.get(id)?.name ?? id;
    const records: ItemRecord[] = items.map((i) => ({
      ...i,
      legalBasis: i.legalBasis as LegalBasisCitation[],
      initiatingDepartment: name(i.initiatingTenantId),
      cooperatingDepartments: i.cooperatingTenantIds.map(name),
    }));
    const label = version.status === "PUBLISHED" ? versionLabel(version.versionNo) : "草稿";
    return file(format, `${name(version.tenantId)}随机抽查事项清单（${label}）`, toTable(ITEM_COLUMNS, records));
  },
};
