import { writeFileSync } from "node:fs";
import { Client } from "pg";
import { startEmbeddedPostgres } from "../../src/db/embedded";
import { provisionDatabase } from "../../src/db/provision";
import { createLogger } from "../../src/logger";
import { generateProvince } from "./scale-data";

async function main() {
  const pg = await startEmbeddedPostgres("/tmp/scale-exp/pg", createLogger("warn"));
  const { ownerUrl, appUrl } = await provisionDatabase(pg.superuserUrl, "exp", { owner: "o", app: "a" });
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  const r = await generateProvince(
    c,
    { subjects: 200000, large: 50000, tenants: 20, others: 2000, years: 5, tasksPerYear: 4 },
    console.log,
  );
  writeFileSync("/tmp/scale-exp/urls.json", JSON.stringify({ su: pg.superuserUrl, ownerUrl, appUrl, ...r }));
  await c.end();
  console.log("READY");
  setInterval(() => {}, 1 << 30);
}
main();
