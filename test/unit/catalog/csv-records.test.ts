import { parse } from "csv-parse/sync";
import { CsvSyntaxError, csvRecords, parseCsv } from "../../../src/exchange/csv-records";

/** csv-parse (the library the importer used before) is the oracle for well-formed input. */
const oracle = (text: string) => parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });

const SAMPLES = [
  "a,b,c\n1,2,3\n",
  "\uFEFF对象类型,名称\r\n企业,甲公司\r\n个体工商户,乙店",
  'x,"引号""内""",z\n"多\n行",,\n',
  "a,b\n\n,\n1\n1,2,3,4\n",
  'only\r"q,uoted"\r\r',
  "",
  "trailing,comma,\n",
  '"","",""\n',
];

test.each(SAMPLES.map((s) => [JSON.stringify(s), s]))("parseCsv(%s) equals csv-parse", (_, text) => {
  expect(parseCsv(text)).toEqual(oracle(text));
});

test("streamed chunks split anywhere (inside quotes, CRLF, multi-byte characters) give the same records", async () => {
  const text = SAMPLES.join("\n");
  const bytes = Buffer.from(text);
  // Whole-text parsing equals csv-parse per sample (above); here: chunking never changes the records.
  const expected = parseCsv(text);
  expect(expected.length).toBeGreaterThan(15);
  for (let cut = 1; cut < bytes.length; cut += 3) {
    const chunks = [bytes.subarray(0, cut), bytes.subarray(cut, cut + 7), bytes.subarray(cut + 7)];
    const got: string[][] = [];
    for await (const r of csvRecords(chunks)) got.push(r);
    expect(got).toEqual(expected);
  }
});

test("malformed quoting is an error, as with csv-parse", async () => {
  for (const bad of ['a,b"c\n', '"abc"x,1\n', '"never closed\n1,2\n']) {
    expect(() => parseCsv(bad)).toThrow(CsvSyntaxError);
    expect(() => oracle(bad)).toThrow();
    await expect(
      (async () => {
        for await (const _ of csvRecords([Buffer.from(bad)]));
      })(),
    ).rejects.toThrow(CsvSyntaxError);
  }
});
