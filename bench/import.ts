import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { importFile } from "../src/cli/import-runner";
import { runtimeDataSource } from "../src/db/data-source";
import { creditCodeCheckCharacter } from "../src/domain/credit-code";
import { createLogger } from "../src/logger";
import { benchDatabase } from "./lib/database";
import { report, timed } from "./lib/report";

const HEADER =
  "对象类型,名称,统一社会信用代码,法定代表人（负责人）,地址,行政区划代码,行业代码,状态,风险等级,行业标签,子库,纳入监管日期";
const KINDS = ["企业", "个体工商户", "农民专业合作社"];
const PREFIX = ["91", "92", "93"];

/** A CSV of `n` distinct subjects with directory data, every credit code valid. */
async function writeCsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write(`\uFEFF${HEADER}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    const first17 = `${PREFIX[k]}150821${String(i).padStart(9, "0")}`;
    chunk.push(
      `${KINDS[k]},五原县测试主体${i}号,${first17}${creditCodeCheckCharacter(first17)},张三,内蒙古自治区巴彦淖尔市五原县隆兴昌镇${i % 500}号,150821,C1311,存续,${"ABCD"[i % 4]},食品加工、农产品,子库${i % 7},2023-01-01\n`,
    );
    if (chunk.length === 5000) {
      await write(chunk.join(""));
      chunk = [];
    }
  }
  await write(chunk.join(""));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/**
 * `npm run bench -- import [rows]`: imports N (default 1,000,000) subjects with directory entries from a generated
 * CSV through the import service (validation, COPY into staging, set-based upsert; runtime role under RLS) and
 * compares it with a plain `COPY … (FORMAT csv)` of the same file into an unindexed table, in the same run.
 */
export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), "jointcheck-bench-import-"));
  const file = path.join(dir, "subjects.csv");
  const db = await benchDatabase();
  const log = createLogger("warn");
  try {
    const gen = await timed(() => writeCsv(file, rows));
    const owner = new Client({ connectionString: db.ownerUrl });
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
    await owner.query(`CREATE TABLE plain_copy (kind text, name text, credit_code text, legal_representative text,
      address text, region_code text, industry_code text, status text, risk_class text, tags text, sub_libraries text,
      supervised_since date)`);
    const plain = await timed(() =>
      pipeline(createReadStream(file), owner.query(copyFrom("COPY plain_copy FROM STDIN (FORMAT csv, HEADER true)"))),
    );
    await owner.end();

    const ds = runtimeDataSource(db.appUrl, 2);
    await ds.initialize();
    const ours = await timed(() =>
      importFile(ds, { tenantCode: "bench", username: "admin", kind: "SUBJECTS", file, allOrNothing: true }, log),
    );
    await ds.destroy();
    if (!ours.result.committed || ours.result.inserted !== rows)
      throw new Error(
        `import did not apply every row: ${JSON.stringify({ ...ours.result, rejections: ours.result.rejections.slice(0, 5) })}`,
      );
    report("import", [
      { metric: "rows", value: rows, unit: "rows" },
      { metric: "csv_generation", value: gen.seconds, unit: "s" },
      { metric: "plain_copy", value: plain.seconds, unit: "s" },
      { metric: "plain_copy_rate", value: Math.round(rows / plain.seconds), unit: "rows/s" },
      { metric: "import", value: ours.seconds, unit: "s" },
      { metric: "import_rate", value: Math.round(rows / ours.seconds), unit: "rows/s" },
      { metric: "import_vs_copy", value: ours.seconds / plain.seconds, unit: "x" },
      ...Object.entries(ours.result.phases ?? {}).map(([k, v]) => ({ metric: `phase_${k}`, value: v, unit: "s" })),
    ]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
