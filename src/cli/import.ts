import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { runtimeDataSource } from "../db/data-source";
import { prepareDatabase } from "../db/setup";
import { createLogger } from "../logger";
import type { ExchangeKind } from "../schema/catalog/catalog.enum";
import { importFile } from "./import-runner";

const USAGE = `usage: npm run import -- --tenant <code> --kind subjects|inspectors|items <file.csv|xlsx>
         [--mode all-or-nothing|valid-rows] [--user admin]
Imports into the department's 检查对象名录库, 执法检查人员名录库 or item-list draft (docs/EXCHANGE.md).
With the embedded database, stop the server first (or set DATABASE_URL).`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tenant: { type: "string" },
      kind: { type: "string" },
      mode: { type: "string", default: "all-or-nothing" },
      user: { type: "string", default: "admin" },
      help: { type: "boolean", short: "h" },
    },
  });
  const kinds: Record<string, ExchangeKind> = { subjects: "SUBJECTS", inspectors: "INSPECTORS", items: "ITEMS" };
  const kind = kinds[values.kind ?? ""];
  if (
    values.help ||
    !values.tenant ||
    !kind ||
    positionals.length !== 1 ||
    !["all-or-nothing", "valid-rows"].includes(values.mode ?? "")
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  const db = await prepareDatabase(config, log);
  const ds = runtimeDataSource(db.appUrl, 2);
  await ds.initialize();
  const started = Date.now();
  try {
    const outcome = await importFile(
      ds,
      {
        tenantCode: values.tenant,
        username: values.user ?? "admin",
        kind,
        file: positionals[0],
        allOrNothing: values.mode === "all-or-nothing",
        onProgress: (rows) => process.stderr.write(`\r已读取 ${rows.toLocaleString()} 行…`),
      },
      log,
    );
    process.stderr.write("\n");
    for (const r of outcome.rejections.slice(0, 200)) console.log(`第${r.row}行\t${r.column}\t${r.reason}`);
    if (outcome.rejections.length > 200) console.log(`……共 ${outcome.rejections.length} 处错误`);
    console.log(
      `${outcome.committed ? "已导入" : "未导入（有错误，全部成功才导入模式）"}：共 ${outcome.totalRows} 行，新增 ${outcome.inserted}，更新 ${outcome.updated}，拒绝 ${outcome.rejections.length}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
    );
    process.exitCode = outcome.committed ? 0 : 1;
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

main().catch((e) => {
  console.error("import failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
