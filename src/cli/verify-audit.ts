/**
 * `npm run verify-audit`: verifies every tenant's audit hash chain (全程留痕) in the database at DATABASE_URL
 * (the owner). FORCE RLS binds the owner too, so each tenant is read in its own read-only transaction with
 * app.tenant_id set to it. Prints one line per tenant, OK or the first broken link; exit 1 if any chain is
 * broken, 2 when the database cannot be read.
 */
import { Client } from "pg";
import { verifyStoredChain } from "../services/audit/audit-chain-reader.service";

export async function verifyAllChains(url: string, print: (line: string) => void): Promise<number> {
  const client = new Client({ connectionString: url, application_name: "jointcheck-verify-audit" });
  await client.connect();
  try {
    const tenants = (await client.query("SELECT id, code FROM tenant ORDER BY code")).rows as Array<{
      id: string;
      code: string;
    }>;
    let broken = 0;
    for (const t of tenants) {
      await client.query("BEGIN READ ONLY");
      try {
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [t.id]);
        const r = await verifyStoredChain(async (sql, params) => (await client.query(sql, params)).rows, t.id);
        if (r.valid) print(`OK      ${t.code}  ${r.checked} events`);
        else {
          broken++;
          print(`BROKEN  ${t.code}  first broken link: seq ${r.firstBroken?.seq} (${r.firstBroken?.reason})`);
        }
      } finally {
        await client.query("ROLLBACK");
      }
    }
    print(broken ? `${broken} of ${tenants.length} chains broken` : `all ${tenants.length} chains valid`);
    return broken ? 1 : 0;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("verify-audit: set DATABASE_URL to the owner connection (postgres://…)");
    process.exit(2);
  }
  verifyAllChains(url, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`verify-audit: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    },
  );
}
