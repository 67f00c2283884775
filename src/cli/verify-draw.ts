/**
 * Offline check of a draw record (抽取记录):
 *   node -r ./scripts/register.cjs src/cli/verify-draw.ts record.json [--commitment <hex>] [--lock <hex>] [--digest <hex>]
 * --commitment: the commitment published before the draw; --lock (v2 records): the lock digest published before
 * the draw; --digest: the latest published digest (seal, last 递补 or, v2, the void). v1 and v2 records. Prints VALID (exit 0) or INVALID and one line per difference (exit 1);
 * exit 2 when the input cannot be read. Pure computation: no database, no network.
 */
import { readFileSync } from "node:fs";
import { verifyDrawRecord } from "../draw/verify";

const USAGE =
  "usage: verify-draw <record.json> [--commitment <published commitment>] [--lock <published lock digest>] [--digest <latest published digest>]";

interface Args {
  file: string;
  commitment?: string;
  lock?: string;
  digest?: string;
}

function parseArgs(args: string[]): Args | null {
  const rest = [...args];
  const option = (name: string): string | undefined | null => {
    const at = rest.indexOf(name);
    if (at < 0) return undefined;
    const value = rest[at + 1];
    rest.splice(at, 2);
    return value === undefined || value.startsWith("--") ? null : value;
  };
  const commitment = option("--commitment");
  const lock = option("--lock");
  const digest = option("--digest");
  if (commitment === null || lock === null || digest === null || rest.length !== 1 || rest[0].startsWith("--"))
    return null;
  return { file: rest[0], commitment, lock, digest };
}

export function main(args: string[]): number {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(parsed.file, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    console.error(`cannot read draw record ${parsed.file}: ${reason}`);
    return 2;
  }
  const result = verifyDrawRecord(record, {
    expectedCommitment: parsed.commitment,
    expectedLatestDigest: parsed.digest,
    expectedLockDigest: parsed.lock,
  });
  if (result.valid) {
    console.log("VALID");
    return 0;
  }
  console.log("INVALID");
  for (const difference of result.differences) console.log(`  ${difference}`);
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
