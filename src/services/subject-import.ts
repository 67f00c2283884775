import type { EntityManager } from "typeorm";
import { ctx } from "../context/request-context";
import { CopyWriter, copyText, copyTextArray, pgClientOf } from "../db/copy";
import { orderedUuids } from "../domain/ids";
import { type Rejection, RowReader, SUBJECT_COLUMNS, type SubjectRecord } from "../exchange";
import { BoundedQueue } from "./bounded-queue";
import type { ImportOutcome, ImportPhase, ImportProgress, Rows } from "./import-types";

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
  // Seconds per phase, summed over batches (reading overlaps the others: they add up to more than the total).
  const phases: Record<string, number> = {};
  const started = Date.now();
  const phase = (name: string, ms: number) => {
    phases[name] = (phases[name] ?? 0) + ms / 1000;
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
  // Existing subjects matched by earlier batches (and the row that matched first): a later row matching one of
  // them again is rejected, as if the whole file had been matched at once.
  await manager.query(
    "CREATE TEMP TABLE subject_import_matched (subject_id uuid PRIMARY KEY, row_no int NOT NULL) ON COMMIT DROP",
  );

  // Node reads and validates batch k+1 while PostgreSQL stages, matches and writes batch k (one transaction, one
  // connection); at most QUEUED_BATCHES validated batches wait, so memory stays bounded whatever the file's size.
  const batches = new BoundedQueue<string[]>(QUEUED_BATCHES);
  let totalRows = 0;
  let reading = true;
  const producer = (async () => {
    const subjectId = orderedUuids();
    const entryId = orderedUuids();
    const seen = new Map<string, number>();
    let rowNo = 1;
    let lines: string[] = [];
    let waited = 0;
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
        lines.push(fields.join("\t"));
        if (lines.length >= BATCH_ROWS) {
          const w = Date.now();
          const open = await batches.put(lines);
          waited += Date.now() - w;
          if (!open) return; // the writer failed: stop reading
          lines = [];
        }
      }
      if (lines.length) await batches.put(lines);
    } finally {
      phase("read_and_validate", Date.now() - started - waited);
      reading = false;
      batches.close();
    }
  })();

  // In ALL_OR_NOTHING mode the writes happen after a savepoint; the first rejection rolls them back, and the rest
  // of the file is still staged and matched (no writes) so that the report lists every rejection, as before.
  const reported = new Set<ImportPhase>();
  const report = (p: ImportPhase) => {
    if (!reported.has(p)) onProgress?.({ rows: totalRows, phase: p });
    reported.add(p);
  };
  let writing = true;
  if (allOrNothing) await manager.query("SAVEPOINT subject_import");
  let inserted = 0;
  let updated = 0;
  try {
    for (;;) {
      const idle = Date.now();
      const batch = await batches.take();
      phase("writer_waiting_for_rows", Date.now() - idle);
      if (!batch) break;
      const t0 = Date.now();
      await manager.query("TRUNCATE subject_import_stage");
      const copy = CopyWriter.open(
        await pgClientOf(manager),
        `subject_import_stage (row_no, ${STAGE_COLUMNS.map(([, c]) => c).join(", ")}, new_id, entry_id)`,
      );
      try {
        await copy.writeLines(batch);
      } finally {
        await copy.end();
      }
      const t1 = Date.now();
      phase("stage", t1 - t0);
      // Progress phases move forward only: VALIDATE while the file is read (the reader reports), then MATCH, WRITE.
      if (!reading && !reported.has("WRITE")) report("MATCH");
      rejections.push(...(await matchStaged(manager)));
      phase("match", Date.now() - t1);
      if (writing && allOrNothing && rejections.length) {
        await rollBackWrites(manager);
        writing = false;
      }
      if (!writing) continue;
      if (!reading) report("WRITE");
      const counts = await writeStaged(manager, present, phase);
      inserted += counts.inserted;
      updated += counts.updated;
    }
  } finally {
    batches.close(); // a failed write stops the reader too
    await producer;
  }
  if (writing && allOrNothing && rejections.length) await rollBackWrites(manager);
  rejections.sort((a, b) => a.row - b.row);
  await manager.query("DROP TABLE subject_import_stage, subject_import_matched");
  phases.total = (Date.now() - started) / 1000;
  if (allOrNothing && rejections.length) return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  return { totalRows, inserted, updated, rejections, committed: true, phases };
}

/** Rows a validated batch holds before it is staged, and how many validated batches may wait. */
const BATCH_ROWS = 20_000;
const QUEUED_BATCHES = 2;

/**
 * Matches the staged batch to existing subjects: credit code; else registration number; else kind, name and
 * address; each a lookup by index per staged row (LATERAL), so a batch costs what it holds, not the whole table.
 * Several rows matching one subject (in this batch or an earlier one) would update it twice: the later rows are
 * rejected. Returns those rejections.
 */
async function matchStaged(manager: EntityManager): Promise<Rejection[]> {
  await manager.query(`UPDATE subject_import_stage st SET subject_id = s.id, old_status = s.status
    FROM subject s WHERE st.credit_code IS NOT NULL AND s.credit_code = st.credit_code`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = m.id, old_status = m.status
    FROM subject_import_stage q CROSS JOIN LATERAL (
      SELECT id, status FROM subject s WHERE s.credit_code IS NULL AND s.registration_no = q.registration_no
      ORDER BY s.created_at LIMIT 1) m
    WHERE q.row_no = st.row_no AND q.subject_id IS NULL AND q.credit_code IS NULL AND q.registration_no IS NOT NULL`);
  await manager.query(`UPDATE subject_import_stage st SET subject_id = m.id, old_status = m.status
    FROM subject_import_stage q CROSS JOIN LATERAL (
      SELECT id, status FROM subject s
      WHERE s.credit_code IS NULL AND s.registration_no IS NULL AND s.kind = q.kind AND s.name = q.name
        AND coalesce(s.address, '') = coalesce(q.address, '')
      ORDER BY s.created_at LIMIT 1) m
    WHERE q.row_no = st.row_no AND q.subject_id IS NULL AND q.credit_code IS NULL AND q.registration_no IS NULL`);
  // Earlier batches hold lower row numbers: a subject they matched keeps their row as the first.
  const [doubles]: [Array<{ row_no: number; first: number }>, number] = await manager.query(`WITH firsts AS (
      SELECT subject_id, min(row_no) AS first FROM subject_import_stage WHERE subject_id IS NOT NULL GROUP BY subject_id)
    DELETE FROM subject_import_stage d
    USING (SELECT f.subject_id, coalesce(m.row_no, f.first) AS first
           FROM firsts f LEFT JOIN subject_import_matched m ON m.subject_id = f.subject_id) g
    WHERE d.subject_id = g.subject_id AND d.row_no > g.first RETURNING d.row_no, g.first`);
  await manager.query(`INSERT INTO subject_import_matched (subject_id, row_no)
    SELECT subject_id, row_no FROM subject_import_stage WHERE subject_id IS NOT NULL
    ON CONFLICT (subject_id) DO NOTHING`);
  return doubles.map((d) => ({
    row: d.row_no,
    column: "名称",
    reason: `与第${d.first}行对应同一已登记的检查对象，请合并后再导入`,
  }));
}

/** ALL_OR_NOTHING with a rejection: undo the batches written so far, keeping what later batches match against. */
async function rollBackWrites(manager: EntityManager): Promise<void> {
  const matched: Array<{ subject_id: string; row_no: number }> = await manager.query(
    "SELECT subject_id, row_no FROM subject_import_matched",
  );
  await manager.query("ROLLBACK TO SAVEPOINT subject_import");
  await manager.query(
    `INSERT INTO subject_import_matched (subject_id, row_no) SELECT * FROM unnest($1::uuid[], $2::int[])`,
    [matched.map((m) => m.subject_id), matched.map((m) => m.row_no)],
  );
}

/** Writes the staged batch: new subjects and their entries inserted, matched ones updated and upserted. */
async function writeStaged(
  manager: EntityManager,
  present: ReadonlySet<keyof SubjectRecord>,
  record: (name: string, ms: number) => void,
): Promise<{ inserted: number; updated: number }> {
  let mark = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    record(name, now - mark);
    mark = now;
  };
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
  phase("upsert_directory_entries");
  return counts;
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
