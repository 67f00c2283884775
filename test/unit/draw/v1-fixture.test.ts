import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { verifyDrawRecord } from "../../../src/draw";

/**
 * A jc-draw-v1 record produced by main's code before issue 11 (fixtures/v1-record.json, one 递补 with
 * unavailableNow): v2 must keep verifying it with the v1 rules, through the module and through the CLI.
 */
const root = resolve(__dirname, "../../..");
const fixture = join(__dirname, "fixtures", "v1-record.json");
const LATEST = "0cf505e158728c7b91ed96c1e40635cadf94a50a07ac55bd61715cceaecb8dcf";
const dir = mkdtempSync(join(tmpdir(), "verify-v1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const run = spawnSync(process.execPath, ["-r", "./scripts/register.cjs", "src/cli/verify-draw.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout };
};
const load = () => JSON.parse(readFileSync(fixture, "utf8"));

describe("a v1 record from before draw protocol v2", () => {
  test("verifies (module and CLI, with its published commitment and latest digest)", () => {
    const record = load();
    expect(record.algorithm).toBe("jc-draw-v1");
    expect(verifyDrawRecord(record, { expectedLatestDigest: LATEST })).toEqual({ valid: true, differences: [] });
    expect(cli(fixture, "--commitment", record.commitment, "--digest", LATEST)).toMatchObject({
      code: 0,
      stdout: "VALID\n",
    });
  });

  test.each<[string, (r: any) => void]>([
    ["a drawn key", (r) => (r.drawn[0].key = r.drawn[1].key)],
    ["the entropy", (r) => (r.witnessEntropy = "纪委 王某 0302")],
    ["the substitute", (r) => (r.substitutions[0].substitute = "执法-2")],
    ["unavailableNow", (r) => (r.substitutions[0].unavailableNow = [])],
    ["dropping the 递补", (r) => (r.substitutions = [])],
  ])("rejects %s", (_, mutate) => {
    const r = load();
    mutate(r);
    const file = join(dir, "changed.json");
    writeFileSync(file, JSON.stringify(r));
    expect(cli(file, "--digest", LATEST)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^INVALID/) });
  });
});
