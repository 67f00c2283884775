import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type Column,
  INSPECTOR_COLUMNS,
  type InspectorRecord,
  ITEM_COLUMNS,
  SUBJECT_COLUMNS,
  toTable,
  writeCsv,
  writeXlsx,
} from "../exchange";
import { demoIdNumber, demoPersonName, demoSubjects, prng } from "./demo-subjects";
import { DEMO_ITEM_LISTS } from "./sample-items";

/**
 * Writes samples/ (CSV and XLSX) from the same seed data the demo loads: the three item lists, a slice of the
 * subject directory and an inspector directory. Run: node -r ./scripts/register.cjs src/demo/write-samples.ts
 */
async function write<R>(dir: string, base: string, sheet: string, columns: readonly Column<R>[], records: R[]) {
  const rows = toTable(columns, records);
  writeFileSync(path.join(dir, `${base}.csv`), writeCsv(rows));
  writeFileSync(path.join(dir, `${base}.xlsx`), await writeXlsx(sheet, rows));
}

async function main() {
  const dir = path.resolve(__dirname, "../../samples");
  mkdirSync(dir, { recursive: true });
  for (const [code, items] of Object.entries(DEMO_ITEM_LISTS))
    await write(dir, `items-${code}`, "随机抽查事项清单", ITEM_COLUMNS, items);
  const subjects = demoSubjects()
    .filter((s) => s.departments.includes("wy-health"))
    .slice(0, 20)
    .map((s) => ({ ...s.record, subLibraries: ["对公共场所卫生监督"] }));
  await write(dir, "subjects-wy-health", "检查对象名录库", SUBJECT_COLUMNS, subjects);
  const rand = prng(20250101);
  const inspectors: InspectorRecord[] = Array.from({ length: 6 }, (_, i) => ({
    name: demoPersonName(rand),
    gender: i % 2 ? "FEMALE" : "MALE",
    idNumber: demoIdNumber(rand),
    certificateNo: `1508210020${String(i + 1).padStart(3, "0")}`,
    enforcementCategories: ["卫生健康"],
    post: i === 5 ? "NON_ENFORCEMENT" : "ENFORCEMENT",
    position: i === 0 ? "科长" : "科员",
    expertise: [["放射卫生", "公共场所卫生", "传染病防治"][i % 3]],
    regionCode: "150821",
    status: i === 4 ? "ON_LEAVE" : "ON_DUTY",
    statusSince: "2024-01-01",
    isExternalExpert: false,
    organisation: null,
    username: null,
    leaderEligible: i < 5,
    subLibraries: [],
  }));
  await write(dir, "inspectors-wy-health", "执法检查人员名录库", INSPECTOR_COLUMNS, inspectors);
  console.log(`wrote samples to ${dir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
