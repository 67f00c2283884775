import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PoolClient } from "pg";
import type { EntityManager } from "typeorm";
import { ctx } from "../../context/request-context";
import { copyLines, copyText, copyTextArray, pgClientOf } from "../../db/copy";
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

/** Rows per batch of the pipelined path (a file of at most this many rows is imported in one set-based pass). */
let batchRows = 50_000;

/** For tests: a smaller batch size exercises the pipelined path with a few rows. Returns the previous size. */
export function setSubjectImportBatchRows(rows: number): number {
  const previous = batchRows;
  batchRows = rows;
  return previous;
}

const STAGE_TARGET = `subject_import_stage (row_no, ${STAGE_COLUMNS.map(([, c]) => c).join(", ")}, new_id, entry_id)`;

/**
 * Imports subjects with this department's directory entries, set-based: rows are validated in Node and staged in a
 * temporary table with COPY, then matched to existing subjects (credit code; else registration number; else kind,
 * name and address) and upserted with a few statements. Columns absent from the file are left unchanged on existing
 * rows. In ALL_OR_NOTHING mode nothing reaches the real tables when any row is rejected.
 *
 * A file larger than one batch is pipelined: while PostgreSQL stages and writes batch k, Node parses and validates
 * batch k+1 (one transaction, one connection; the writes of a batch are queued without awaiting them). A batch inserts
 * first (`ON CONFLICT DO NOTHING` on the three identity indexes) and matches only the rows that met an index, with
 * index lookups. Should an ALL_OR_NOTHING file turn out to have a rejected row, the batches already written are rolled
 * back to a savepoint and the whole file — spooled to a temporary file meanwhile — is settled by the one-pass path, so
 * the rejections are exactly those of a one-pass import.
 */
export async function importSubjects(
  rows: Rows,
  allOrNothing: boolean,
  onProgress?: ImportProgress,
): Promise<ImportOutcome> {
  const { manager } = ctx();
  const phases: Record<string, number> = {};
  const started = Date.now();
  let mark = started;
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = (phases[name] ?? 0) + (now - mark) / 1000;
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
  const pipe = new BatchPipeline(manager, client, present, allOrNothing, rejections);
  const subjectId = orderedUuids();
  const entryId = orderedUuids();
  const seen = new Map<string, number>();
  let lines: string[] = [];
  let rowNo = 1;
  let totalRows = 0;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rowNo++;
      if (RowReader.isBlank(next.value)) continue;
      totalRows++;
      if (onProgress && totalRows % 10_000 === 0)
        onProgress({ rows: totalRows, phase: pipe.started ? "WRITE" : "VALIDATE" });
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
      let line = String(rowNo);
      for (const [k, , type] of STAGE_COLUMNS) {
        const v = rec[k];
        line += `\t${type === "text[]" ? copyTextArray(v as string[]) : copyText(v as string | null)}`;
      }
      lines.push(`${line}\t${subjectId()}\t${entryId()}`);
      if (lines.length >= batchRows) {
        const chunk = `${lines.join("\n")}\n`;
        const count = lines.length;
        lines = [];
        if (!pipe.started) onProgress?.({ rows: totalRows, phase: "MATCH" });
        await pipe.dispatch(chunk, count);
        if (pipe.batches === 1) onProgress?.({ rows: totalRows, phase: "WRITE" });
      }
    }
  } catch (e) {
    await pipe.abandon();
    throw e;
  }
  const rest = lines.length ? `${lines.join("\n")}\n` : "";

  if (!pipe.started) {
    // One batch: stage the whole file, then settle it in one pass.
    if (rest) await copyLines(client, STAGE_TARGET, rest);
    onProgress?.({ rows: totalRows, phase: "MATCH" });
    phase("validate_and_stage");
    return settle(manager, present, allOrNothing, totalRows, rejections, onProgress, phase, phases);
  }
  if (rest) await pipe.dispatch(rest, lines.length);
  const parseEnd = Date.now();
  const outcome = await pipe.finish();
  phases.node_read_validate = (parseEnd - started) / 1000 - pipe.waited;
  phases.node_wait_for_postgres = pipe.waited;
  phases.drain_after_last_row = (Date.now() - parseEnd) / 1000;
  Object.assign(phases, pipe.phases);
  if (outcome) return { totalRows, ...outcome, rejections, committed: true, phases };

  // An ALL_OR_NOTHING file with a rejected row: undo the batches and settle the whole (spooled) file in one pass.
  await manager.query("ROLLBACK TO SAVEPOINT subject_import_batches");
  await copyLines(client, STAGE_TARGET, await pipe.spooled());
  await pipe.dropSpool();
  mark = Date.now();
  return settle(manager, present, allOrNothing, totalRows, rejections, onProgress, phase, phases);
}

/**
 * The one-pass path over a fully staged file: match every row, drop doubles, then write (the same rules as a batch of
 * the pipeline, in one set).
 */
async function settle(
  manager: EntityManager,
  present: ReadonlySet<keyof SubjectRecord>,
  allOrNothing: boolean,
  totalRows: number,
  rejections: Rejection[],
  onProgress: ImportProgress | undefined,
  phase: (name: string) => void,
  phases: Record<string, number>,
): Promise<ImportOutcome> {
  // Match existing subjects (the registry's identity rules, src/services/catalog/subject-registry.service.ts). Several rows matching
  // one subject would update it twice: the later rows are rejected.
  await matchStaged(manager);
  reject(await dropDoubles(manager), rejections);
  phase("match");

  if (allOrNothing && rejections.length) return { totalRows, inserted: 0, updated: 0, rejections, committed: false };
  onProgress?.({ rows: totalRows, phase: "WRITE" });

  await manager.query("SAVEPOINT subject_import_write");
  // New subjects, in identity order (concurrent imports then wait for each other's index entries in one order). A
  // row that meets a unique index lost a race with another department's import or add: it is matched again below
  // (the winner has committed by then) and treated like any matched row.
  await insertSubjects(manager);
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
  await mergeMatched(manager, present);
  phase("upsert_subjects");

  const [{ fresh }] = await manager.query(
    "SELECT count(*) FILTER (WHERE created)::int AS fresh FROM subject_import_stage",
  );
  const counts = await writeEntries(manager, present, true);
  counts.inserted += fresh;
  await manager.query("DROP TABLE subject_import_stage");
  phase("upsert_directory_entries");
  return { totalRows, inserted: counts.inserted, updated: counts.updated, rejections, committed: true, phases };
}

/**
 * Batches of a file larger than one batch, written while Node reads the next one. Each batch is staged (the stage
 * holds one batch), written, and its (subject, row) pairs kept in subject_import_seen, so that a later row matching a
 * subject an earlier batch created or matched is rejected as a double, as in one pass.
 */
class BatchPipeline {
  started = false;
  batches = 0;
  /** Seconds Node waited for PostgreSQL to finish the previous batch. */
  waited = 0;
  /** Seconds PostgreSQL spent per step, over all batches. */
  readonly phases: Record<string, number> = {};
  private writing: Promise<void> = Promise.resolve();
  private failed = false;
  private inserted = 0;
  private updated = 0;
  private spool: { file: string; handle: FileHandle } | undefined;

  constructor(
    private readonly manager: EntityManager,
    private readonly client: PoolClient,
    private readonly present: ReadonlySet<keyof SubjectRecord>,
    private readonly allOrNothing: boolean,
    private readonly rejections: Rejection[],
  ) {}

  /** Hands one batch (COPY text lines) to PostgreSQL once the previous one is written; does not wait for it. */
  async dispatch(chunk: string, rows: number): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.manager.query(
        "CREATE TEMP TABLE subject_import_seen (subject_id uuid NOT NULL, row_no int NOT NULL) ON COMMIT DROP",
      );
      if (this.allOrNothing) {
        await this.manager.query("SAVEPOINT subject_import_batches");
        const dir = await mkdtemp(path.join(tmpdir(), "jointcheck-import-"));
        const file = path.join(dir, "stage.copy");
        this.spool = { file, handle: await open(file, "w") };
      }
    }
    this.batches++;
    if (this.spool) await this.spool.handle.write(chunk);
    const t = Date.now();
    await this.writing;
    this.waited += (Date.now() - t) / 1000;
    if (this.allOrNothing && this.rejections.length) this.failed = true;
    if (this.failed) return;
    this.writing = this.write(chunk, rows);
    this.writing.catch(() => undefined);
  }

  /** Waits for the last batch; the counts, or undefined when an ALL_OR_NOTHING file must be settled in one pass. */
  async finish(): Promise<{ inserted: number; updated: number } | undefined> {
    await this.writing;
    if (this.allOrNothing && this.rejections.length) this.failed = true;
    if (this.failed) return undefined;
    await this.dropSpool();
    await this.manager.query("DROP TABLE subject_import_stage, subject_import_seen");
    return { inserted: this.inserted, updated: this.updated };
  }

  /** After a failure elsewhere: lets the batch in flight end (the connection is not shared) and drops the spool. */
  async abandon(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.dropSpool();
  }

  async spooled(): Promise<NodeJS.ReadableStream> {
    if (!this.spool) throw new Error("no spool");
    await this.spool.handle.close();
    return createReadStream(this.spool.file, { highWaterMark: 1 << 20 });
  }

  async dropSpool(): Promise<void> {
    if (!this.spool) return;
    const { file, handle } = this.spool;
    this.spool = undefined;
    await handle.close().catch(() => undefined);
    await rm(path.dirname(file), { recursive: true, force: true });
  }

  private time(name: string, since: number): number {
    const now = Date.now();
    this.phases[name] = (this.phases[name] ?? 0) + (now - since) / 1000;
    return now;
  }

  private async write(chunk: string, total: number): Promise<void> {
    const m = this.manager;
    let t = Date.now();
    await m.query("TRUNCATE subject_import_stage");
    await copyLines(this.client, STAGE_TARGET, chunk);
    t = this.time("pg_stage_copy", t);
    // Insert first: a row that meets an identity index (its subject exists, or an earlier row created it) is not
    // inserted and is matched below; every other row is new.
    const [, created]: [unknown, number] = await insertSubjects(m);
    t = this.time("pg_insert_subjects", t);
    const matched = total - created;
    if (matched > 0) {
      await matchByLookup(m);
      const lost: Array<{ row_no: number }> = await m.query(
        "SELECT row_no FROM subject_import_stage WHERE subject_id IS NULL ORDER BY row_no",
      );
      const doubles = await dropDoublesWithEarlierBatches(m);
      if (this.allOrNothing && (lost.length || doubles.length)) {
        this.failed = true;
        return;
      }
      reject(doubles, this.rejections);
      if (lost.length) {
        for (const l of lost) this.rejections.push(identityRejection(l.row_no));
        await m.query("DELETE FROM subject_import_stage WHERE subject_id IS NULL");
        this.rejections.sort((a, b) => a.row - b.row);
      }
      await mergeMatched(m, this.present);
      t = this.time("pg_match_and_merge", t);
    }
    const counts = await writeEntries(m, this.present, matched > 0);
    this.inserted += counts.inserted + created;
    this.updated += counts.updated;
    t = this.time("pg_directory_entries", t);
    await m.query(
      "INSERT INTO subject_import_seen (subject_id, row_no) SELECT subject_id, row_no FROM subject_import_stage",
    );
    this.time("pg_seen", t);
  }
}

/**
 * New subjects, in identity order (concurrent imports then wait for each other's index entries in one order); a row
 * that meets a unique index is skipped. Returns TypeORM's [rows, count] of the stage update (count = rows created).
 */
function insertSubjects(manager: EntityManager): Promise<[unknown, number]> {
  const cols = STAGE_COLUMNS.filter(([k]) => SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  return manager.query(
    `WITH registered AS (
      INSERT INTO subject (id, ${cols.join(", ")}, status_changed_at)
      SELECT new_id, ${cols.map((c) => (c === "status" ? "coalesce(status, 'ACTIVE')" : c)).join(", ")}, $1
      FROM subject_import_stage WHERE subject_id IS NULL
      ORDER BY credit_code NULLS LAST, registration_no NULLS LAST, kind, name, address
      ON CONFLICT DO NOTHING RETURNING id)
    UPDATE subject_import_stage st SET subject_id = r.id, created = true FROM registered r WHERE st.new_id = r.id`,
    [now()],
  );
}

/**
 * Matched subjects: lock them in id order (FOR NO KEY UPDATE: directory entries' key-share checks still pass), then
 * merge. The steward's or the coordinator's file refreshes the fields it mentions; another department's fills only
 * empty fields; an empty cell never erases. The database checks the rule again and keeps the history.
 */
async function mergeMatched(manager: EntityManager, present: ReadonlySet<keyof SubjectRecord>): Promise<void> {
  await manager.query(`SELECT 1 FROM subject WHERE id IN (SELECT subject_id FROM subject_import_stage WHERE NOT created)
    ORDER BY id FOR NO KEY UPDATE`);
  const updatable = [...SUBJECT_FIELDS].filter((k) => present.has(k)).map((k) => column.get(k) as string);
  if (!updatable.length) return;
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

/**
 * Directory entries of the staged rows: a new subject has none yet, a plain INSERT (no speculative insertion);
 * matched subjects upsert. Returns the counts of the upsert (the plain inserts are the created subjects).
 */
async function writeEntries(
  manager: EntityManager,
  present: ReadonlySet<keyof SubjectRecord>,
  anyMatched: boolean,
): Promise<{ inserted: number; updated: number }> {
  const entryCols = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k)).map(([, c]) => c);
  const entryUpdates = STAGE_COLUMNS.filter(([k]) => !SUBJECT_FIELDS.has(k) && present.has(k)).map(([, c]) => c);
  await manager.query(`INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
    SELECT entry_id, (SELECT app_tenant_id()), subject_id, ${entryCols.join(", ")} FROM subject_import_stage
    WHERE created`);
  if (!anyMatched) return { inserted: 0, updated: 0 };
  const [counts] = await manager.query(`WITH upserted AS (
      INSERT INTO directory_entry (id, tenant_id, subject_id, ${entryCols.join(", ")})
      SELECT entry_id, (SELECT app_tenant_id()), subject_id, ${entryCols.join(", ")} FROM subject_import_stage
      WHERE NOT created
      ON CONFLICT (tenant_id, subject_id) DO UPDATE SET
        ${[...entryUpdates.map((c) => `${c} = EXCLUDED.${c}`), "updated_at = now()"].join(", ")}
      RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM upserted`);
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

/**
 * The same identity rules for the rows of a batch that met an identity index on insert, as index lookups per row
 * (the partial unique index subject_name_address_key serves the kind + name + address rule).
 */
async function matchByLookup(manager: EntityManager): Promise<void> {
  await manager.query(`UPDATE subject_import_stage st SET subject_id = coalesce(
      (SELECT s.id FROM subject s WHERE st.credit_code IS NOT NULL AND s.credit_code = st.credit_code),
      (SELECT s.id FROM subject s WHERE st.registration_no IS NOT NULL AND s.registration_no = st.registration_no
         AND (s.credit_code IS NULL OR st.credit_code IS NULL)),
      (SELECT s.id FROM subject s WHERE st.credit_code IS NULL AND st.registration_no IS NULL
         AND s.credit_code IS NULL AND s.registration_no IS NULL
         AND s.kind = st.kind AND s.name = st.name AND coalesce(s.address, '') = coalesce(st.address, '')))
    WHERE st.subject_id IS NULL`);
}

/** Like dropDoubles, also against the rows of earlier batches (subject_import_seen). */
async function dropDoublesWithEarlierBatches(
  manager: EntityManager,
): Promise<Array<{ row_no: number; first: number }>> {
  const [doubles]: [Array<{ row_no: number; first: number }>, number] =
    await manager.query(`DELETE FROM subject_import_stage d
    USING (SELECT subject_id, min(row_no) AS first FROM (
             SELECT subject_id, row_no FROM subject_import_stage WHERE subject_id IS NOT NULL
             UNION ALL
             SELECT subject_id, row_no FROM subject_import_seen
              WHERE subject_id IN (SELECT subject_id FROM subject_import_stage WHERE NOT created)) x
           GROUP BY subject_id HAVING count(*) > 1) g
    WHERE d.subject_id = g.subject_id AND d.row_no > g.first RETURNING d.row_no, g.first`);
  return doubles;
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
