import type { DrawnTask } from "../../../src/joint";
import { detectOverlaps } from "../../../src/joint";

function task(taskId: string, departmentId: string, from: string, to: string, subjectIds: string[]): DrawnTask {
  return { taskId, departmentId, window: { from, to }, subjectIds };
}

function candidates(tasks: DrawnTask[]) {
  const result = detectOverlaps(tasks);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("detectOverlaps", () => {
  it("proposes one joint visit for a subject drawn by two departments in overlapping windows", () => {
    const found = candidates([
      task("drc-T1", "drc", "2023-06-01", "2023-10-31", ["firm-a", "firm-b"]),
      task("samr-T9", "samr", "2023-09-01", "2023-12-31", ["firm-a", "firm-c"]),
    ]);
    expect(found).toEqual([
      {
        subjectId: "firm-a",
        departmentIds: ["drc", "samr"],
        tasks: [
          { taskId: "drc-T1", departmentId: "drc", window: { from: "2023-06-01", to: "2023-10-31" } },
          { taskId: "samr-T9", departmentId: "samr", window: { from: "2023-09-01", to: "2023-12-31" } },
        ],
        proposedWindow: { from: "2023-09-01", to: "2023-10-31" },
        visitsAvoided: 1,
      },
    ]);
  });

  it("finds nothing when the windows do not overlap", () => {
    expect(
      candidates([
        task("drc-T1", "drc", "2023-04-01", "2023-06-30", ["firm-a"]),
        task("samr-T9", "samr", "2023-07-01", "2023-09-30", ["firm-a"]),
      ]),
    ).toEqual([]);
  });

  it("counts windows that share a single day as overlapping", () => {
    const found = candidates([
      task("drc-T1", "drc", "2023-04-01", "2023-06-30", ["firm-a"]),
      task("samr-T9", "samr", "2023-06-30", "2023-09-30", ["firm-a"]),
    ]);
    expect(found.map((c) => c.proposedWindow)).toEqual([{ from: "2023-06-30", to: "2023-06-30" }]);
  });

  it("does not count two tasks of the same department as an overlap between departments", () => {
    expect(
      candidates([
        task("samr-T1", "samr", "2023-01-01", "2023-12-31", ["firm-a"]),
        task("samr-T2", "samr", "2023-03-01", "2023-05-31", ["firm-a"]),
      ]),
    ).toEqual([]);
  });

  it("groups three departments sharing a common date, with the intersection as proposed window", () => {
    const found = candidates([
      task("emerg-T3", "emerg", "2023-08-15", "2023-12-31", ["firm-a"]),
      task("drc-T1", "drc", "2023-06-01", "2023-10-31", ["firm-a"]),
      task("samr-T9", "samr", "2023-09-01", "2023-09-30", ["firm-a"]),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      departmentIds: ["drc", "emerg", "samr"],
      proposedWindow: { from: "2023-09-01", to: "2023-09-30" },
      visitsAvoided: 2,
    });
  });

  it("splits a chain of windows without a common date into visits that each have one", () => {
    // drc overlaps samr, samr overlaps emerg, but drc and emerg never meet.
    const found = candidates([
      task("drc-T1", "drc", "2023-01-01", "2023-03-31", ["firm-a"]),
      task("samr-T9", "samr", "2023-03-01", "2023-08-31", ["firm-a"]),
      task("emerg-T3", "emerg", "2023-06-01", "2023-12-31", ["firm-a"]),
    ]);
    expect(found.map((c) => [c.departmentIds.join("+"), c.proposedWindow.from, c.proposedWindow.to])).toEqual([
      ["drc+samr", "2023-03-01", "2023-03-31"],
    ]);
  });

  it("keeps subjects apart and orders candidates by subject", () => {
    const found = candidates([
      task("samr-T9", "samr", "2023-01-01", "2023-12-31", ["firm-b", "firm-a", "firm-a"]),
      task("drc-T1", "drc", "2023-05-01", "2023-05-31", ["firm-a", "firm-b"]),
      task("emerg-T3", "emerg", "2023-05-01", "2023-05-31", ["firm-c"]),
    ]);
    expect(found.map((c) => [c.subjectId, c.tasks.length])).toEqual([
      ["firm-a", 2],
      ["firm-b", 2],
    ]);
  });

  it("returns typed errors for malformed windows", () => {
    const result = detectOverlaps([task("bad", "drc", "2023-12-01", "2023-01-01", ["firm-a"])]);
    expect(result).toEqual({
      ok: false,
      error: [{ code: "INVALID_WINDOW", taskId: "bad", window: { from: "2023-12-01", to: "2023-01-01" } }],
    });
  });

  // Speed is the benches'; this case checks the algorithm on a realistic volume (O(P log P), no quadratic blow-up
  // would still finish, but would make the suite visibly slow).
  it("handles 100,000 (task, subject) pairs", () => {
    // 20 departments × 10 tasks × 500 subjects each, over 20,000 subjects: ~5 tasks per subject.
    const tasks: DrawnTask[] = [];
    for (let d = 0; d < 20; d++) {
      for (let t = 0; t < 10; t++) {
        const month = String((t % 12) + 1).padStart(2, "0");
        const subjectIds = Array.from({ length: 500 }, (_, s) => `firm-${(d * 7919 + t * 4001 + s * 37) % 20000}`);
        tasks.push(task(`D${d}-T${t}`, `D${d}`, `2023-${month}-01`, `2023-${month}-28`, subjectIds));
      }
    }
    const found = candidates(tasks);
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(c.departmentIds.length).toBeGreaterThanOrEqual(2);
  });
});
