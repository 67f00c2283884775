import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { importFile } from "../src/cli/import-runner";
import { runtimeDataSource } from "../src/db/data-source";
import { creditCodeCheckCharacter } from "../src/domain/credit-code";
import { orderedUuids } from "../src/domain/ids";
import { createLogger } from "../src/logger";
import { setSubjectImportBatchRows } from "../src/services/catalog/subject-import.service";
import { benchDatabase } from "./lib/database";
import { report, timed } from "./lib/report";

const HEADER =
  "对象类型,名称,统一社会信用代码,法定代表人（负责人）,地址,行政区划代码,行业代码,状态,风险等级,行业标签,子库,纳入监管日期";
const KINDS = ["企业", "个体工商户", "农民专业合作社"];
const PREFIX = ["91", "92", "93"];
const KIND_CODES = ["ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMER_COOPERATIVE"];

/** Buffered writes to a file, honouring backpressure. */
function fileWriter(file: string) {
  const out = createWriteStream(file);
  return {
    write: (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()))),
    end: () => new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}

/**
 * The import CSV of `n` distinct subjects with directory data (every credit code valid), and the same rows as two
 * COPY files for the real-table baseline: `subject` rows and `directory_entry` rows with time-ordered ids, as the
 * import generates them.
 */
async function writeFiles(files: { csv: string; subjects: string; entries: string }, n: number, tenantId: string) {
  const csv = fileWriter(files.csv);
  const subjects = fileWriter(files.subjects);
  const entries = fileWriter(files.entries);
  const subjectId = orderedUuids();
  const entryId = orderedUuids();
  await csv.write(`\uFEFF${HEADER}\n`);
  let chunk: string[] = [];
  let sChunk: string[] = [];
  let eChunk: string[] = [];
  const flush = async () => {
    await Promise.all([csv.write(chunk.join("")), subjects.write(sChunk.join("")), entries.write(eChunk.join(""))]);
    chunk = [];
    sChunk = [];
    eChunk = [];
  };
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    const first17 = `${PREFIX[k]}150821${String(i).padStart(9, "0")}`;
    const code = `${first17}${creditCodeCheckCharacter(first17)}`;
    const name = `五原县测试主体${i}号`;
    const address = `内蒙古自治区巴彦淖尔市五原县隆兴昌镇${i % 500}号`;
    const risk = "ABCD"[i % 4];
    chunk.push(
      `${KINDS[k]},${name},${code},张三,${address},150821,C1311,存续,${risk},食品加工、农产品,子库${i % 7},2023-01-01\n`,
    );
    const id = subjectId();
    sChunk.push(`${id}\t${KIND_CODES[k]}\t${name}\t${code}\t张三\t${address}\t150821\tC1311\tACTIVE\n`);
    eChunk.push(`${entryId()}\t${tenantId}\t${id}\t${name}\t${risk}\t{食品加工,农产品}\t{子库${i % 7}}\t2023-01-01\n`);
    if (chunk.length === 5000) await flush();
  }
  await flush();
  await Promise.all([csv.end(), subjects.end(), entries.end()]);
}

/** COPY of the file into an unindexed table of text columns: the floor for getting these bytes into PostgreSQL. */
async function plainCopy(owner: Client, file: string): Promise<number> {
  await owner.query(`CREATE TABLE plain_copy (kind text, name text, credit_code text, legal_representative text,
    address text, region_code text, industry_code text, status text, risk_class text, tags text, sub_libraries text,
    supervised_since date)`);
  const t = await timed(() =>
    pipeline(createReadStream(file), owner.query(copyFrom("COPY plain_copy FROM STDIN (FORMAT csv, HEADER true)"))),
  );
  await owner.query("DROP TABLE plain_copy");
  return t.seconds;
}

/**
 * COPY of the same rows, already split and typed, into tables built like the real ones: `LIKE … INCLUDING ALL`
 * (columns, defaults, CHECKs, the same indexes and unique constraints) plus the same foreign keys, as the owner.
 * Without RLS, because PostgreSQL refuses COPY FROM on a table under row-level security; separate tables, so that
 * the import runs on the same empty `subject`/`directory_entry` either way. This is what storing these rows costs.
 */
async function realTableCopy(owner: Client, files: { subjects: string; entries: string }): Promise<number> {
  await owner.query("CREATE TABLE baseline_subject (LIKE subject INCLUDING ALL)");
  await owner.query(`CREATE TABLE baseline_entry (LIKE directory_entry INCLUDING ALL,
    FOREIGN KEY (tenant_id) REFERENCES tenant (id), FOREIGN KEY (subject_id) REFERENCES baseline_subject (id))`);
  const t = await timed(async () => {
    await owner.query("BEGIN");
    await pipeline(
      createReadStream(files.subjects),
      owner.query(
        copyFrom(`COPY baseline_subject (id, kind, name, credit_code, legal_representative, address, region_code,
          industry_code, status) FROM STDIN`),
      ),
    );
    await pipeline(
      createReadStream(files.entries),
      owner.query(
        copyFrom(
          "COPY baseline_entry (id, tenant_id, subject_id, subject_name, risk_class, tags, sub_libraries, supervised_since) FROM STDIN",
        ),
      ),
    );
    await owner.query("COMMIT");
  });
  await owner.query("DROP TABLE baseline_entry, baseline_subject");
  return t.seconds;
}

/**
 * `npm run bench -- import [rows]`: imports N (default 1,000,000) subjects with directory entries from a generated
 * CSV through the import service (validation, COPY into staging, set-based upsert; runtime role under RLS) and
 * compares it, in the same run, with a plain `COPY … (FORMAT csv)` of the file into an unindexed table and with a
 * COPY of the same rows into tables built like `subject` and `directory_entry` (see BENCHMARKS.md).
 */
export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), "jointcheck-bench-import-"));
  const files = {
    csv: path.join(dir, "subjects.csv"),
    subjects: path.join(dir, "subject.copy"),
    entries: path.join(dir, "directory_entry.copy"),
  };
  const db = await benchDatabase();
  const log = createLogger("warn");
  try {
    const owner = new Client({ connectionString: db.ownerUrl });
    // A failure below drops the database WITH (FORCE): the terminated connection must not mask the failure.
    owner.on("error", () => undefined);
    await owner.connect();
    await owner.query("BEGIN");
    await owner.query("SELECT set_config('app.roles', 'PLATFORM_ADMIN', true)");
    const { rows: t } = await owner.query(
      "INSERT INTO tenant (code, name, region_code, kind) VALUES ('bench', '基准测试局', '150821', 'COUNTY_BUREAU') RETURNING id",
    );
    await owner.query("SELECT set_config('app.tenant_id', $1, true)", [t[0].id]);
    await owner.query(
      "INSERT INTO app_user (tenant_id, username, display_name, password_hash, roles) VALUES ($1, 'admin', '管理员', 'x', '{ADMIN}')",
      [t[0].id],
    );
    await owner.query("COMMIT");
    const gen = await timed(() => writeFiles(files, rows, t[0].id));
    // Baselines before and after the import (mean of the two), so neither side gets the warmer or quieter machine.
    const plainBefore = await plainCopy(owner, files.csv);
    const realBefore = await realTableCopy(owner, files);

    const ds = runtimeDataSource(db.appUrl, 2);
    await ds.initialize();
    const importOnce = async () => {
      const t = await timed(() =>
        importFile(
          ds,
          { tenantCode: "bench", username: "admin", kind: "SUBJECTS", file: files.csv, allOrNothing: true },
          log,
        ),
      );
      if (!t.result.committed || t.result.inserted !== rows)
        throw new Error(
          `import did not apply every row: ${JSON.stringify({ ...t.result, rejections: t.result.rejections.slice(0, 5) })}`,
        );
      return t;
    };
    // The one-pass path (the whole file staged, then matched and written) in the same run, on the same empty tables;
    // BENCH_IMPORT_PIPELINED_FIRST=1 swaps the order (the machine's load drifts during a run).
    const batchRows = setSubjectImportBatchRows(Number.MAX_SAFE_INTEGER);
    const onePassImport = async () => {
      setSubjectImportBatchRows(Number.MAX_SAFE_INTEGER);
      const t = await importOnce();
      setSubjectImportBatchRows(batchRows);
      return t;
    };
    const empty = async () => {
      await owner.query("TRUNCATE subject, directory_entry CASCADE");
      await owner.query("VACUUM ANALYZE subject, directory_entry, subject_name_search");
    };
    setSubjectImportBatchRows(batchRows);
    let onePass: Awaited<ReturnType<typeof importOnce>>;
    let ours: Awaited<ReturnType<typeof importOnce>>;
    if (process.env.BENCH_IMPORT_PIPELINED_FIRST === "1") {
      ours = await importOnce();
      await empty();
      onePass = await onePassImport();
    } else {
      onePass = await onePassImport();
      await empty();
      ours = await importOnce();
    }
    await ds.destroy();
    const plainAfter = await plainCopy(owner, files.csv);
    const realAfter = await realTableCopy(owner, files);
    await owner.end();
    const plain = (plainBefore + plainAfter) / 2;
    const real = (realBefore + realAfter) / 2;
    report("import", [
      { metric: "rows", value: rows, unit: "rows" },
      { metric: "file_generation", value: gen.seconds, unit: "s" },
      { metric: "plain_copy", value: plain, unit: "s" },
      { metric: "plain_copy_before", value: plainBefore, unit: "s" },
      { metric: "plain_copy_after", value: plainAfter, unit: "s" },
      { metric: "plain_copy_rate", value: Math.round(rows / plain), unit: "rows/s" },
      { metric: "real_table_copy", value: real, unit: "s" },
      { metric: "real_table_copy_before", value: realBefore, unit: "s" },
      { metric: "real_table_copy_after", value: realAfter, unit: "s" },
      { metric: "real_table_copy_rate", value: Math.round(rows / real), unit: "rows/s" },
      { metric: "import", value: ours.seconds, unit: "s" },
      { metric: "import_rate", value: Math.round(rows / ours.seconds), unit: "rows/s" },
      { metric: "import_vs_plain_copy", value: ours.seconds / plain, unit: "x" },
      { metric: "import_vs_real_table_copy", value: ours.seconds / real, unit: "x" },
      ...Object.entries(ours.result.phases ?? {}).map(([k, v]) => ({ metric: `phase_${k}`, value: v, unit: "s" })),
      { metric: "one_pass_import", value: onePass.seconds, unit: "s" },
      { metric: "one_pass_vs_real_table_copy", value: onePass.seconds / real, unit: "x" },
      ...Object.entries(onePass.result.phases ?? {}).map(([k, v]) => ({
        metric: `one_pass_phase_${k}`,
        value: v,
        unit: "s",
      })),
    ]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
