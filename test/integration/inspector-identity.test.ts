import { Client } from "pg";
import { errorCode, startTestServer, type TestServer } from "../helpers/harness";
import { type Transport, transportsOf } from "../helpers/transports";

/** 一人一档 (issue 14): the same 身份证号 twice in one department is refused; another department may hold it. */
let s: TestServer;
let transports: Transport[];
beforeAll(async () => {
  s = await startTestServer();
  transports = transportsOf(s);
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await s.close();
});

const CREATE = `mutation($i: InspectorInput!) { createInspector(input: $i) { id } }`;
const person = (certificateNo: string, idNumber: string) => ({
  name: "重复人员",
  certificateNo,
  idNumber,
  enforcementCategories: ["卫生监督"],
});

it.each([0, 1])("create, update and the database refuse a second entry for one person (%#)", async (i) => {
  const t = transports[i];
  const admin = await s.login("wy-health", "admin");
  const id = i === 0 ? "11010519491231002X" : "110105198001010016";
  const first = await t.run(CREATE, { i: person(`ID-A${i}`, id) }, admin);
  expect(first.errors).toBeUndefined();
  const again = await t.run(CREATE, { i: person(`ID-B${i}`, id) }, admin);
  expect(errorCode(again)).toBe("CONFLICT");
  expect(again.errors![0].extensions!.field).toBe("idNumber");
  // Another department may register the same person (its own directory); lending stays a share, not a copy.
  expect(
    (await t.run(CREATE, { i: person(`ID-C${i}`, id) }, await s.login("wy-emerg", "admin"))).errors,
  ).toBeUndefined();
  // Updating a different inspector to that number is refused; re-saving the same one is not.
  const other = (await t.run(CREATE, { i: person(`ID-D${i}`, "") }, admin)).data!.createInspector.id;
  const update = `mutation($id: ID!, $i: InspectorInput!) { updateInspector(id: $id, input: $i) { id } }`;
  expect(errorCode(await t.run(update, { id: other, i: person(`ID-D${i}`, id) }, admin))).toBe("CONFLICT");
  expect(
    (await t.run(update, { id: first.data!.createInspector.id, i: person(`ID-A${i}`, id) }, admin)).errors,
  ).toBeUndefined();
});

it("the unique index is the last word", async () => {
  const c = new Client({ connectionString: s.db.superuserUrl });
  await c.connect();
  try {
    await expect(
      c.query(
        `INSERT INTO inspector (tenant_id, name, certificate_no, id_number_hash, status_since)
         SELECT tenant_id, '直接写入', 'ID-Z', id_number_hash, '2026-01-01' FROM inspector
          WHERE id_number_hash IS NOT NULL LIMIT 1`,
      ),
    ).rejects.toThrow(/inspector_id_number_key/);
  } finally {
    await c.end();
  }
});
