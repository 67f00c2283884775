import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freezePopulation, performDraw } from "../../../src/draw";

const root = resolve(__dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "verify-draw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ["-r", "./scripts/register.cjs", "src/cli/verify-draw.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const { record } = performDraw({
  taskId: "cli",
  serverSeed: "5a".repeat(32),
  witnessEntropy: "cli witness",
  operator: "op",
  witnesses: ["w"],
  drawnAt: "2024-03-01T09:30:00Z",
  population: freezePopulation(Array.from({ length: 20 }, (_, i) => ({ key: `s-${i}`, stratum: "A" }))),
  samplingRule: { default: { mode: "FIXED", count: 3 }, strata: {} },
  inspectorDraws: [{ departmentId: "d", pool: ["i-1", "i-2", "i-3"].map((key) => ({ key, status: "ACTIVE" })) }],
});
const write = (name: string, content: string) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe("verify-draw CLI", () => {
  test("VALID, exit 0", () => {
    const file = write("good.json", JSON.stringify(record));
    expect(cli(file)).toMatchObject({ code: 0, stdout: "VALID\n" });
    expect(cli(file, "--commitment", record.commitment, "--digest", record.sealDigest)).toMatchObject({ code: 0 });
  });

  test("INVALID and each difference, exit 1", () => {
    const altered = { ...record, drawn: record.drawn.map((d, i) => (i === 1 ? { ...d, key: "s-99" } : d)) };
    const result = cli(write("bad.json", JSON.stringify(altered)));
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("INVALID");
    expect(result.stdout).toContain(`drawn[1].key: expected "${record.drawn[1].key}" got "s-99"`);
  });

  test("a commitment other than the published one is INVALID", () => {
    const result = cli(write("good2.json", JSON.stringify(record)), "--commitment", "00".repeat(32));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^INVALID\n.*commitment: published/);
  });

  test.each([
    ["a missing file", [join(dir, "missing.json")], /cannot read draw record .*missing\.json/],
    ["a file that is not JSON", [write("broken.json", "{ not json")], /not valid JSON/],
    ["no arguments", [], /usage: verify-draw/],
    ["an option without value", [join(dir, "good.json"), "--commitment"], /usage: verify-draw/],
  ])("exit 2 with a clear message on %s", (_, args, message) => {
    const result = cli(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});
