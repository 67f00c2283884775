import { runDemoWalkthrough } from "../../src/demo/walkthrough";
import { createLogger } from "../../src/logger";
import { startTestServer, type TestServer } from "../helpers/harness";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

test("the demo walks from a published plan through a witnessed draw to a result the public can read", async () => {
  await runDemoWalkthrough(s.url, s.db.ownerUrl, createLogger("error"));
  const plans = await s.gql(`{ plans(year: 2026) { items { title status department { code } } } }`);
  expect(plans.data!.plans.items).toContainEqual(
    expect.objectContaining({ status: "PUBLISHED", department: { code: "wy-drc" } }),
  );
  const results = await s.gql(`{ publishedResults { total items { subjectName departmentName } } }`);
  expect(results.errors).toBeUndefined();
  expect(results.data!.publishedResults.total).toBe(1);
  expect(results.data!.publishedResults.items[0].departmentName).toBe("五原县发展和改革委员会");
  const draws = await s.gql(`{ plans(year: 2026) { items { tasks { draws { verification { valid } } } } } }`);
  const verifications = draws.data!.plans.items.flatMap((p: any) =>
    p.tasks.flatMap((t: any) => t.draws.map((d: any) => d.verification.valid)),
  );
  expect(verifications).toEqual([true]);
});
