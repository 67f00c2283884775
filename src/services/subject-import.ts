import { ctx } from "../context/request-context";
import { CopyWriter, copyText, copyTextArray, pgClientOf } from "../db/copy";
import { orderedUuids } from "../domain/ids";
import { type Rejection, RowReader, SUBJECT_COLUMNS, type SubjectRecord } from "../exchange";
import type { ImportOutcome, ImportProgress, Rows } from "./import-types";

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
    new_id uuid NOT NULL, entry_id uuid NOT NULL, subject_id uuid, old_status text
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

  // Match existing subjects. Several rows matching one subject would update it twice: the later rows are rejected.
  await manager.query(`UPDATE subject_import_stage st SET subject_id = s.id, old_status = s.status
    FROM subject s WHERE st.credit_code IS NOT NULL AND s.credit_code = st.credit_code`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = m.id, old_status = m.status
    FROM (SELECT DISTINCT ON (registration_no) id, status, registration_no FROM subject
          WHERE credit_code IS NULL AND registration_no IS NOT NULL ORDER BY registration_no, created_at) m
    WHERE st.subject_id IS NULL AND st.credit_code IS NULL AND m.registration_no = st.registration_no`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = m.id, old_status = m.status
    FROM (SELECT DISTINCT ON (kind, name, coalesce(address, '')) id, status, kind, name, address FROM subject
          WHERE credit_code IS NULL AND registration_no IS NULL ORDER BY kind, name, coalesce(address, ''), created_at) m
    WHERE st.subject_id IS NULL AND st.credit_code IS NULL AND st.registration_no IS NULL
      AND m.kind = st.kind AND m.name = st.name AND coalesce(m.address, '') = coalesce(st.address, '')`);
  // TypeORM returns [rows, affected] for a DELETE … RETURNING.
  const [doubles]: [Array<{ row_no: number; first: number }>, number] =
    await manager.query(`DELETE FROM subject_import_stage d
    USING (SELECT subject_id, min(row_no) AS first FROM subject_import_stage WHERE subject_id IS NOT NULL
           GROUP BY subject_id HAVING count(*) > 1) g
    WHERE d.subject_id = g.subject_id AND d.row_no > g.first RETURNING d.row_no, g.first`);
  for (const d of doubles)
    rejections.push({
      row: d.row_no,
      column: "名称",
      reason: `与第${d.first}行对应同一已登记的检查对象，请合并后再导入`,
    });
  rejections.sort((a, b) => a.row - b.row);
  phase("match");

  if (allOrNothing && rejections.length) return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  onProgress?.({ rows: totalRows, phase: "WRITE" });

  const cols = STAGE_COLUMNS.filter(([k]) => SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  await manager.query(`INSERT INTO subject (id, ${cols.join(", ")})
    SELECT new_id, ${cols.join(", ")} FROM subject_import_stage WHERE subject_id IS NULL`);
  const updatable = [...SUBJECT_FIELDS].filter((k) => present.has(k)).map((k) => column.get(k) as string);
  if (updatable.length)
    await manager.query(`UPDATE subject s SET ${updatable.map((c) => `${c} = st.${c}`).join(", ")},
        status_changed_at = CASE WHEN s.status IS DISTINCT FROM st.status THEN now() ELSE s.status_changed_at END,
        updated_at = now()
      FROM subject_import_stage st WHERE st.subject_id = s.id`);
  phase("upsert_subjects");
  if (present.has("status"))
    await manager.query(`INSERT INTO subject_status_history (subject_id, status, changed_by_tenant_id, changed_by, note)
      SELECT coalesce(subject_id, new_id), status, app_tenant_id(), app_user_id(), '批量导入'
      FROM subject_import_stage
      WHERE (subject_id IS NULL AND status <> 'ACTIVE') OR (subject_id IS NOT NULL AND old_status <> status)`);

  const entryCols = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  const entryUpdates = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k) && present.has(k)).map(([, c]) => c);
  // A new subject has no directory entry yet: a plain INSERT (no speculative insertion); matched subjects upsert.
  const [{ fresh }] = await manager.query(
    "SELECT count(*) FILTER (WHERE subject_id IS NULL)::int AS fresh FROM subject_import_stage",
  );
  await manager.query(`INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
    SELECT entry_id, (SELECT app_tenant_id()), new_id, ${entryCols.join(", ")} FROM subject_import_stage
    WHERE subject_id IS NULL`);
  const [counts] = await manager.query(`WITH upserted AS (
      INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
      SELECT entry_id, (SELECT app_tenant_id()), subject_id, ${entryCols.join(", ")} FROM subject_import_stage
      WHERE subject_id IS NOT NULL
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
