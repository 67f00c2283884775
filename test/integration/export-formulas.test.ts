import { readCsv, readXlsx } from "../../src/exchange";
import { startTestServer, type TestServer } from "../helpers/harness";

/**
 * Formula injection: text a department typed (a subject named "=HYPERLINK(…)", an inspector's post "@SUM(…)") must
 * reach a clerk's spreadsheet as text. Every export path is fetched through the API, in each of its formats, and no
 * cell of any of them begins with =, +, -, @, tab or CR.
 */
let s: TestServer;
let admin: string;
const EVIL = `=HYPERLINK("http://example.invalid","点击")`;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login("wy-health", "admin");
  const entry = await s.gql(
    `mutation($i: NewDirectoryEntryInput!) { addDirectoryEntry(input: $i) { id } }`,
    {
      i: {
        subject: { kind: "ENTERPRISE", name: EVIL, address: "+86 某路 1 号", legalRepresentative: "-王" },
        entry: { notes: "@SUM(A1:A9)", tags: ["\tTAB"] },
      },
    },
    admin,
  );
  expect(entry.errors).toBeUndefined();
  const inspector = await s.gql(
    `mutation($i: InspectorInput!) { createInspector(input: $i) { id } }`,
    { i: { name: "公式测试", certificateNo: "15089999", position: "=1+1", organisation: "\r=cmd" } },
    admin,
  );
  expect(inspector.errors).toBeUndefined();
});
afterAll(() => s.close());

const FORMULA = /^[=+\-@\t\r]/;

async function cells(query: string, variables: Record<string, unknown> = {}): Promise<string[]> {
  const r = await s.gql(query, variables, admin);
  expect(r.errors).toBeUndefined();
  const file = Object.values(r.data!)[0] as { fileName: string; contentBase64: string };
  const buffer = Buffer.from(file.contentBase64, "base64");
  const rows = file.fileName.endsWith(".xlsx") ? await readXlsx(buffer) : readCsv(buffer);
  return rows.flat();
}

describe.each(["CSV", "XLSX"])("exports as %s neutralise formula-like cells", (format) => {
  test("the subject directory: the typed text is kept, behind an apostrophe", async () => {
    const all = await cells(
      `query($f: FileFormat!) { exportDirectory(kind: SUBJECTS, format: $f) { fileName contentBase64 } }`,
      {
        f: format,
      },
    );
    expect(all).toContain(`'${EVIL}`);
    expect(all).toContain("'+86 某路 1 号");
    expect(all).toContain("'@SUM(A1:A9)");
    expect(all.filter((c) => FORMULA.test(c))).toEqual([]);
  });

  test("the inspector directory", async () => {
    const all = await cells(
      `query($f: FileFormat!) { exportDirectory(kind: INSPECTORS, format: $f) { fileName contentBase64 } }`,
      {
        f: format,
      },
    );
    expect(all).toContain("'=1+1");
    expect(all.filter((c) => FORMULA.test(c))).toEqual([]);
  });

  test("the item list and the inspection summary", async () => {
    const version = await s.gql(`{ currentItemList(tenantCode: "wy-health") { id } }`);
    const items = await cells(
      `query($id: ID!, $f: FileFormat!) { exportItemList(versionId: $id, format: $f) { fileName contentBase64 } }`,
      {
        id: version.data!.currentItemList.id,
        f: format,
      },
    );
    expect(items.filter((c) => FORMULA.test(c))).toEqual([]);
    const summary = await cells(
      `query($f: FileFormat!) { exportInspectionSummary(year: 2026, format: $f) { fileName contentBase64 } }`,
      {
        f: format,
      },
    );
    expect(summary.filter((c) => FORMULA.test(c))).toEqual([]);
  });
});

test("an exported directory imports back unchanged (the apostrophe is taken off again)", async () => {
  const r = await s.gql(`{ exportDirectory(kind: SUBJECTS, format: CSV) { contentBase64 } }`, {}, admin);
  const { RowReader, SUBJECT_COLUMNS } = await import("../../src/exchange");
  const rows = readCsv(Buffer.from(r.data!.exportDirectory.contentBase64, "base64"));
  const reader = RowReader.bind(SUBJECT_COLUMNS, rows[0]);
  if (!(reader instanceof RowReader)) throw new Error(JSON.stringify(reader));
  const records = rows.slice(1).map((row, i) => reader.read(row, i + 2));
  const evil = records.find((x) => x.ok && (x.record as { name: string }).name === EVIL);
  expect(evil).toMatchObject({ ok: true, record: { address: "+86 某路 1 号", notes: "@SUM(A1:A9)" } });
});
