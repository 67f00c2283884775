import type { EntityManager } from "typeorm";
import { ctx } from "../../context/request-context";
import { CopyWriter, copyText, copyTextArray, pgClientOf } from "../../db/copy";
import { orderedUuids } from "../../domain/ids";
import { type Rejection, RowReader, SUBJECT_COLUMNS, type SubjectRecord } from "../../exchange";
import { now } from "../../time";
import type { ImportOutcome, ImportProgress, Rows } from "./import.types";
import { mergeAssignments, withChangeNote } from "./subject-registry.service";

/** Staging columns in COPY order (record fields in snake_case, plus the row number). */
const STAGE_COLUMNS: ReadonlyArray<[keyof SubjectRecord, string, string]> = [
  ["kind", "kind", "text"],
  ["name", "name", "text"],
  ["creditCode", "credit_code", "text"],
  ["registrationNo", "registration_no", "text"],
  ["legalRepresentative", "legal_representative", "text"],
  ["address", "address", "text"],
  ["regionCode", "region_code", "text"],
  ["industryCode", "industry_code", "text"],
  ["status", "status", "text"],
  ["abnormalListSince", "abnormal_list_since", "date"],
  ["blacklistSince", "blacklist_since", "date"],
  ["riskClass", "risk_class", "text"],
  ["riskSource", "risk_source", "text"],
  ["riskAssessedOn", "risk_assessed_on", "date"],
  ["tags", "tags", "text[]"],
  ["subLibraries", "sub_libraries", "text[]"],
  ["supervisedSince", "supervised_since", "date"],
  ["notes", "notes", "text"],
];
const SUBJECT_FIELDS = new Set<keyof SubjectRecord>([
  "kind",
  "name",
  "creditCode",
  "registrationNo",
  "legalRepresentative",
  "address",
  "regionCode",
  "industryCode",
  "status",
  "abnormalListSince",
  "blacklistSince",
]);
const column = new Map(STAGE_COLUMNS.map(([k, c]) => [k, c]));

/** The dedup key inside one file: credit code, else registration number, else kind + name + address. */
function fileKey(r: SubjectRecord): string {
  if (r.creditCode) return `c:${r.creditCode}`;
  if (r.registrationNo) return `r:${r.registrationNo}`;
  return `n:${r.kind}\u0000${r.name}\u0000${r.address ?? ""}`;
}

/**
 * Imports subjects with this department's directory entries, set-based: rows are validated while they stream into
 * a temporary staging table with COPY, then matched to existing subjects (credit code; else registration number;
 * else kind, name and address) and upserted with a few statements. Columns absent from the file are left unchanged
 * on existing rows. In ALL_OR_NOTHING mode nothing reaches the real tables when any row is rejected.
 */
export async function importSubjects(
  rows: Rows,
  allOrNothing: boolean,
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  const { manager } = ctx();
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = (now - mark) / 1000;
    mark = now;
  };
  const rejections: Rejection[] = [];
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done)
    return {
      totalRows: 0,
      inserted: 0,
      updated: 0,
      rejections: [{ row: 1, column: "", reason: "文件为空" }],
      committed: false,
    };
  const reader = RowReader.bind(SUBJECT_COLUMNS, first.value);
  if (!(reader instanceof RowReader))
    return { totalRows: 0, inserted: 0, updated: 0, rejections: reader, committed: false };
  const present = new Set(presentKeys(first.value));

  // Ids are generated here, time-ordered (new_id for a new subject, entry_id for a new directory entry): ordered
  // keys append to the primary-key B-trees, and without a volatile default COPY can batch its inserts.
  await manager.query(`CREATE TEMP TABLE subject_import_stage (
    row_no int NOT NULL, ${STAGE_COLUMNS.map(([, c, t]) => `${c} ${t}`).join(", ")},
    new_id uuid NOT NULL, entry_id uuid NOT NULL, subject_id uuid, created boolean NOT NULL DEFAULT false,
    may_edit boolean
  ) ON COMMIT DROP`);
  const client = await pgClientOf(manager);
  const copy = CopyWriter.open(
    client,
    `subject_import_stage (row_no, ${STAGE_COLUMNS.map(([, c]) => c).join(", ")}, new_id, entry_id)`,
  );
  const subjectId = orderedUuids();
  const entryId = orderedUuids();
  const seen = new Map<string, number>();
  let rowNo = 1;
  let totalRows = 0;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rowNo++;
      if (RowReader.isBlank(next.value)) continue;
      totalRows++;
      if (onProgress && totalRows % 10_000 === 0) onProgress({ rows: totalRows, phase: "VALIDATE" });
      const r = reader.read(next.value, rowNo);
      if (!r.ok) {
        rejections.push(...r.rejections);
        continue;
      }
      const key = fileKey(r.record);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        rejections.push({
          row: rowNo,
          column: "统一社会信用代码",
          reason: `与第${earlier}行是同一检查对象，请合并后再导入`,
        });
        continue;
      }
      seen.set(key, rowNo);
      const rec = r.record;
      const fields = [String(rowNo)];
      for (const [k, , type] of STAGE_COLUMNS) {
        const v = rec[k];
        fields.push(type === "text[]" ? copyTextArray(v as string[]) : copyText(v as string | null));
      }
      fields.push(subjectId(), entryId());
      const flushed = copy.write(fields);
      if (flushed) await flushed;
    }
  } finally {
    await copy.end();
  }
  onProgress?.({ rows: totalRows, phase: "MATCH" });
  phase("validate_and_stage");

  // Match existing subjects (the registry's identity rules, src/services/catalog/subject-registry.service.ts). Several rows matching
  // one subject would update it twice: the later rows are rejected.
  await matchStaged(manager);
  reject(await dropDoubles(manager), rejections);
  phase("match");

  if (allOrNothing && rejections.length) return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  onProgress?.({ rows: totalRows, phase: "WRITE" });

  await manager.query("SAVEPOINT subject_import_write");
  const cols = STAGE_COLUMNS.filter(([k]) => SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  // New subjects, in identity order (concurrent imports then wait for each other's index entries in one order). A
  // row that meets a unique index lost a race with another department's import or add: it is matched again below
  // (the winner has committed by then) and treated like any matched row.
  await manager.query(
    `WITH registered AS (
      INSERT INTO subject (id, ${cols.join(", ")}, status_changed_at)
      SELECT new_id, ${cols.map((c) => (c === "status" ? "coalesce(status, 'ACTIVE')" : c)).join(", ")}, $1
      FROM subject_import_stage WHERE subject_id IS NULL
      ORDER BY credit_code NULLS LAST, registration_no NULLS LAST, kind, name, address
      ON CONFLICT DO NOTHING RETURNING id)
    UPDATE subject_import_stage st SET subject_id = r.id, created = true FROM registered r WHERE st.new_id = r.id`,
    [now()],
  );
  await matchStaged(manager);
  const lost: Array<{ row_no: number }> = await manager.query(
    "SELECT row_no FROM subject_import_stage WHERE subject_id IS NULL ORDER BY row_no",
  );
  const doubles = await dropDoubles(manager);
  if (allOrNothing && (lost.length || doubles.length)) {
    await manager.query("ROLLBACK TO SAVEPOINT subject_import_write");
    reject(doubles, rejections);
    for (const l of lost) rejections.push(identityRejection(l.row_no));
    rejections.sort((a, b) => a.row - b.row);
    return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  }
  reject(doubles, rejections);
  if (lost.length) {
    for (const l of lost) rejections.push(identityRejection(l.row_no));
    await manager.query("DELETE FROM subject_import_stage WHERE subject_id IS NULL");
    rejections.sort((a, b) => a.row - b.row);
  }
  // Matched subjects: lock them in id order (FOR NO KEY UPDATE: directory entries' key-share checks still pass), then
  // merge. The steward's or the coordinator's file refreshes the fields it mentions; another department's fills only
  // empty fields; an empty cell never erases. The database checks the rule again and keeps the history.
  await manager.query(`SELECT 1 FROM subject WHERE id IN (SELECT subject_id FROM subject_import_stage WHERE NOT created)
    ORDER BY id FOR NO KEY UPDATE`);
  const updatable = [...SUBJECT_FIELDS].filter((k) => present.has(k)).map((k) => column.get(k) as string);
  if (updatable.length) {
    await manager.query(`UPDATE subject_import_stage st SET may_edit = subject_may_edit(s.steward_tenant_id)
      FROM subject s WHERE s.id = st.subject_id AND NOT st.created`);
    const { set, changes } = mergeAssignments((c) => `st.${c}`, updatable, "st.may_edit", "$1::timestamptz");
    await withChangeNote("批量导入", () =>
      manager.query(
        `UPDATE subject s SET ${set.join(", ")} FROM subject_import_stage st
         WHERE st.subject_id = s.id AND NOT st.created AND (${changes})`,
        updatable.includes("status") ? [now()] : [],
      ),
    );
  }
  phase("upsert_subjects");

  const entryCols = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  const entryUpdates = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k) && present.has(k)).map(([, c]) => c);
  // A new subject has no directory entry yet: a plain INSERT (no speculative insertion); matched subjects upsert.
  const [{ fresh }] = await manager.query(
    "SELECT count(*) FILTER (WHERE created)::int AS fresh FROM subject_import_stage",
  );
  await manager.query(`INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
    SELECT entry_id, (SELECT app_tenant_id()), subject_id, ${entryCols.join(", ")} FROM subject_import_stage
    WHERE created`);
  const [counts] = await manager.query(`WITH upserted AS (
      INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
      SELECT entry_id, (SELECT app_tenant_id()), subject_id, ${entryCols.join(", ")} FROM subject_import_stage
      WHERE NOT created
      ON CONFLICT (tenant_id, subject_id) DO UPDATE SET
        ${[...entryUpdates.map((c) => `${c} = EXCLUDED.${c}`), "updated_at = now()"].join(", ")}
      RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM upserted`);
  counts.inserted += fresh;
  await manager.query("DROP TABLE subject_import_stage");
  phase("upsert_directory_entries");
  return { totalRows, inserted: counts.inserted, updated: counts.updated, rejections, committed: true, phases };
}

function presentKeys(header: readonly string[]): Array<keyof SubjectRecord> {
  const clean = header.map((h) =>
    h
      .replace(/^\uFEFF/, "")
      .normalize("NFKC")
      .trim(),
  );
  return SUBJECT_COLUMNS.filter((c) =>
    [c.header, c.key, ...(c.aliases ?? [])].some((n) => clean.includes(n.normalize("NFKC"))),
  ).map((c) => c.key);
}

/** Matches staged rows without a subject to registered subjects, by the registry's identity rules. */
async function matchStaged(manager: EntityManager): Promise<void> {
  // Per rule, so that each statement uses its index: credit code; registration number; kind + name + address.
  await manager.query(`UPDATE subject_import_stage st SET subject_id = s.id
    FROM subject s WHERE st.subject_id IS NULL AND st.credit_code IS NOT NULL AND s.credit_code = st.credit_code`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = s.id
    FROM subject s WHERE st.subject_id IS NULL AND st.registration_no IS NOT NULL
      AND s.registration_no = st.registration_no AND (s.credit_code IS NULL OR st.credit_code IS NULL)`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = s.id
    FROM subject s WHERE st.subject_id IS NULL AND st.credit_code IS NULL AND st.registration_no IS NULL
      AND s.credit_code IS NULL AND s.registration_no IS NULL
      AND s.kind = st.kind AND s.name = st.name AND coalesce(s.address, '') = coalesce(st.address, '')`);
}

/** Drops the later rows that match the same subject as an earlier row; returns them. */
async function dropDoubles(manager: EntityManager): Promise<Array<{ row_no: number; first: number }>> {
  // TypeORM returns [rows, affected] for a DELETE … RETURNING.
  const [doubles]: [Array<{ row_no: number; first: number }>, number] =
    await manager.query(`DELETE FROM subject_import_stage d
    USING (SELECT subject_id, min(row_no) AS first FROM subject_import_stage WHERE subject_id IS NOT NULL
           GROUP BY subject_id HAVING count(*) > 1) g
    WHERE d.subject_id = g.subject_id AND d.row_no > g.first RETURNING d.row_no, g.first`);
  return doubles;
}

function reject(doubles: Array<{ row_no: number; first: number }>, rejections: Rejection[]): void {
  for (const d of doubles)
    rejections.push({
      row: d.row_no,
      column: "名称",
      reason: `与第${d.first}行对应同一已登记的检查对象，请合并后再导入`,
    });
  rejections.sort((a, b) => a.row - b.row);
}

const identityRejection = (row: number): Rejection => ({
  row,
  column: "注册号",
  reason: "注册号已登记在另一统一社会信用代码的检查对象名下，请核对",
});
