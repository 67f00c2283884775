import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LiveEvent } from "../../../src/web/client/api";
import { ASSIGNMENT_CHANGE, describeEvent, JOINT_EVENT, PROGRESS_EVENT } from "../../../src/web/client/labels";

/**
 * Dashboards show every event in Chinese with its task and department (never RESULT_PUBLISHED or VISIT_ACCEPT).
 * The kinds are read from the services that publish them, so a new kind without a label fails here.
 */
const SERVICES = path.resolve(__dirname, "../../../src/services");
const source = readdirSync(SERVICES, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(path.join(SERVICES, f), "utf8"))
  .join("\n");
const found = (re: RegExp) => [...new Set([...source.matchAll(re)].map((m) => m[1]))];

const changes = found(/change: "([A-Z_]+)"/g);
const events = found(/event: "([A-Z_]+)"/g);
// transition(id, "accept", …) and apply(<visit>, <result>, "publish"): every action a visit event is published for.
const visitActions = found(/(?:transition\(id|apply\(\w+, [^\n]*?), "([a-z_]+)"\)?[,)]/g).map(
  (a) => `VISIT_${a.toUpperCase()}`,
);
const names = {
  task: (id: string) => (id ? "油气长输管道安全检查" : undefined),
  department: (id: string) => (id ? "五原县市场监督管理局" : undefined),
};
const event = (topic: string, payload: Record<string, unknown>): LiveEvent => ({
  kind: "EVENT",
  cursor: "1",
  topic,
  payload,
  createdAt: "2026-12-01T08:00:00Z",
});
const RAW_CODE = /[A-Z]{2,}(_[A-Z]+)+|\b[A-Z]{5,}\b/;

test("the services' event kinds were found (the scan itself works)", () => {
  expect(changes).toEqual(expect.arrayContaining(["ASSIGNED", "RESULT_RETURNED", "DATE_AGREED"]));
  expect(events).toEqual(expect.arrayContaining(["DRAWN", "INVITED", "FOLLOW_UP_TRANSFER"]));
  expect(visitActions).toEqual(expect.arrayContaining(["VISIT_ACCEPT", "VISIT_PUBLISH"]));
});

test("every assignment change, progress and joint event has a Chinese label naming task and department", () => {
  for (const c of changes) {
    expect(ASSIGNMENT_CHANGE[c]).toBeDefined();
    const line = describeEvent(event("ASSIGNMENT", { change: c, taskId: "t" }), names);
    expect(line).not.toMatch(RAW_CODE);
    expect(line).toContain("油气长输管道安全检查");
  }
  for (const e of [...events, ...visitActions]) {
    expect(PROGRESS_EVENT[e] ?? JOINT_EVENT[e]).toBeDefined();
    for (const topic of ["TASK_PROGRESS", "JOINT_PROGRESS"]) {
      const line = describeEvent(
        event(topic, { event: e, taskId: "t", jointTaskId: "j", departmentId: "d", count: 2 }),
        names,
      );
      expect(line).not.toMatch(RAW_CODE);
    }
  }
  const joint = describeEvent(
    event("JOINT_PROGRESS", { event: "VISIT_ACCEPT", jointTaskId: "j", departmentId: "d" }),
    names,
  );
  expect(joint).toBe("联合抽查：部门接受联合检查日期（“油气长输管道安全检查” · 五原县市场监督管理局）");
});

test("imports, notices, deadlines and publications read in Chinese too; unknown kinds never show a code", () => {
  for (const [topic, payload] of [
    ["TASK_PROGRESS", { kind: "IMPORT", status: "RUNNING", phase: "VALIDATE", rows_read: 1200 }],
    ["TASK_PROGRESS", { kind: "NOTICE_SENT", recipients: 3 }],
    ["PUBLIC_RESULT", { subjectName: "某某粮油储备库有限公司", corrected: true }],
    ["DEADLINE_ALERT", { message: "结果公示将于 2026-12-03 到期", taskId: "t" }],
    ["JOINT_PROGRESS", { event: "SOMETHING_NEW" }],
    ["ASSIGNMENT", { change: "SOMETHING_NEW" }],
  ] as const) {
    const line = describeEvent(event(topic, payload as Record<string, unknown>), names);
    expect(line).not.toMatch(RAW_CODE);
    expect(line).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(
    describeEvent(event("TASK_PROGRESS", { kind: "IMPORT", status: "RUNNING", phase: "VALIDATE", rows_read: 1200 })),
  ).toBe("名录导入进行中，读取并校验，已读 1200 行");
});
