import { csvDecoder, detectCsvEncoding } from "./text-encoding";

/**
 * RFC 4180 CSV records (comma, `"` quoting with `""` escapes, line breaks inside quotes, LF / CRLF / CR record
 * ends, a leading UTF-8 BOM dropped, rows of any length). It replaces csv-parse on the import path, where parsing a
 * million rows took ~6 s of the import's Node time; this scanner takes about a sixth of that (BENCHMARKS.md,
 * import). Malformed quoting throws CsvSyntaxError, as csv-parse did: a quote inside an unquoted field, text after
 * a closing quote, or an unclosed quote.
 */
export class CsvSyntaxError extends Error {}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses complete records of `s` into `out`; returns how much of `s` was consumed. Unless `final`, an incomplete
 * last record is left unconsumed (the caller prepends it to the next chunk).
 */
function parseInto(s: string, final: boolean, out: string[][], lineBase: number): number {
  const n = s.length;
  let pos = 0;
  records: while (pos < n) {
    const record: string[] = [];
    let i = pos;
    for (;;) {
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let value = "";
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0) {
            if (final) throw new CsvSyntaxError(`第${lineBase + out.length + 1}条记录的引号未闭合`);
            break records;
          }
          if (q + 1 >= n && !final) break records; // `"` at the chunk's end: `""` or a closing quote?
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += s.slice(j, q);
          i = q + 1;
          break;
        }
        record.push(value);
        if (i >= n) {
          out.push(record);
          return n;
        }
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c !== LF && c !== CR)
          throw new CsvSyntaxError(`第${lineBase + out.length + 1}条记录的引号之后还有字符，请检查引号`);
      } else {
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE)
            throw new CsvSyntaxError(
              `第${lineBase + out.length + 1}条记录的单元格中间有引号，请将整个单元格用引号括起`,
            );
          j++;
        }
        if (j >= n && !final) break records;
        record.push(s.slice(i, j));
        if (j >= n) {
          out.push(record);
          return n;
        }
        i = j;
        if (s.charCodeAt(j) === COMMA) {
          i++;
          continue;
        }
      }
      // i is at CR or LF: the record ends.
      if (s.charCodeAt(i) === CR) {
        if (i + 1 >= n && !final) break records; // CRLF split across chunks
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i++;
      out.push(record);
      pos = i;
      continue records;
    }
  }
  return pos;
}

/** Every record of a whole CSV text. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  parseInto(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, true, out, 0);
  return out;
}

/** Records of a byte stream (e.g. a file; UTF-8 or GBK, judged on the first chunk), parsed chunk by chunk. */
export async function* csvRecords(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<string[]> {
  let decoder: ReturnType<typeof csvDecoder> | undefined;
  const decode = (b: Buffer) => {
    decoder ??= csvDecoder(detectCsvEncoding(b, false));
    return decoder.write(b);
  };
  let rest = "";
  let first = true;
  let seen = 0;
  const out: string[][] = [];
  for await (const chunk of stream) {
    let text = rest + (typeof chunk === "string" ? chunk : decode(Buffer.from(chunk)));
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const used = parseInto(text, false, out, seen);
    rest = used === text.length ? "" : text.slice(used);
    seen += out.length;
    for (const r of out) yield r;
    out.length = 0;
  }
  const tail = rest + (decoder?.end() ?? "");
  parseInto(first && tail.charCodeAt(0) === 0xfeff ? tail.slice(1) : tail, true, out, seen);
  for (const r of out) yield r;
}
