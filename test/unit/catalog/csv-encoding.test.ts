import iconv from "iconv-lite";
import { DomainError } from "../../../src/errors";
import { csvRecords, readCsv } from "../../../src/exchange";

/** Excel on Chinese Windows saves "CSV" as GBK; "CSV UTF-8" adds a BOM; both import the same rows. */
const TEXT =
  "对象类型,名称,地址\r\n企业,平罗县粮食储备库,宁夏平罗县城关镇\r\n企业,宁夏油气管道有限公司,平罗县宝丰镇\r\n";
const ROWS = [
  ["对象类型", "名称", "地址"],
  ["企业", "平罗县粮食储备库", "宁夏平罗县城关镇"],
  ["企业", "宁夏油气管道有限公司", "平罗县宝丰镇"],
];

async function streamed(buf: Buffer, chunk: number): Promise<string[][]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) chunks.push(buf.subarray(i, i + chunk));
  const out: string[][] = [];
  for await (const r of csvRecords(chunks)) out.push(r);
  return out;
}

test("GBK, UTF-8 and UTF-8 with BOM give the same rows", () => {
  expect(readCsv(iconv.encode(TEXT, "gbk"))).toEqual(ROWS);
  expect(readCsv(Buffer.from(TEXT, "utf8"))).toEqual(ROWS);
  expect(readCsv(Buffer.from(`\uFEFF${TEXT}`, "utf8"))).toEqual(ROWS);
});

test("streamed files are judged on the first chunk, even when it ends inside a character", async () => {
  const utf8 = Buffer.from(TEXT, "utf8");
  // 19 bytes: the cut falls inside a three-byte character of UTF-8; GBK's two-byte characters split likewise.
  expect(await streamed(utf8, 19)).toEqual(ROWS);
  expect(await streamed(iconv.encode(TEXT, "gbk"), 19)).toEqual(ROWS);
});

test("UTF-16 and binary files are refused with a Chinese message that says how to save as UTF-8", () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]);
  for (const bad of [utf16, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])]) {
    let err: unknown;
    try {
      readCsv(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("BAD_USER_INPUT");
    expect((err as DomainError).message).toContain("CSV UTF-8");
  }
});
