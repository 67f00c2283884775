import iconv from "iconv-lite";
import { badInput } from "../errors";

/**
 * CSV files come from Excel: "CSV UTF-8" (with BOM) or, on Chinese Windows, plain "CSV" in the ANSI code page, i.e.
 * GBK. Bytes that are valid UTF-8 are read as UTF-8; otherwise as GB18030 (a superset of GBK and GB2312). UTF-16
 * (Excel's "Unicode 文本") and binary content are refused with a Chinese message saying how to save the file.
 */
export type CsvEncoding = "utf-8" | "gb18030";

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SAVE_AS_UTF8 = "请在 Excel 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）”后重新导入";

/**
 * The encoding of a CSV, judged on its first bytes (`sample`, e.g. the first chunk of a stream). `complete` says
 * whether the sample is the whole file; otherwise a multi-byte character cut at its end is not held against UTF-8.
 */
export function detectCsvEncoding(sample: Uint8Array, complete = true): CsvEncoding {
  if (UTF8_BOM.every((b, i) => sample[i] === b)) return "utf-8";
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
    throw badInput("contentBase64", `文件为 UTF-16（Unicode 文本）编码，无法作为 CSV 导入：${SAVE_AS_UTF8}`);
  if (sample.includes(0)) throw badInput("contentBase64", `文件不是 CSV 文本文件：${SAVE_AS_UTF8}`);
  if (isUtf8(complete ? sample : trimPartialTail(sample))) return "utf-8";
  if (iconv.decode(Buffer.from(sample), "gb18030").includes("\uFFFD"))
    throw badInput("contentBase64", `无法识别文件的字符编码（既不是 UTF-8 也不是 GBK）：${SAVE_AS_UTF8}`);
  return "gb18030";
}

/** The whole file as text, in whichever of the two encodings it is. */
export function decodeCsv(buffer: Buffer): string {
  return detectCsvEncoding(buffer) === "utf-8" ? buffer.toString("utf8") : iconv.decode(buffer, "gb18030");
}

/** A streaming decoder for the detected encoding (`write` each chunk, `end` for the rest). */
export function csvDecoder(encoding: CsvEncoding): { write(b: Buffer): string; end(): string } {
  if (encoding === "utf-8") {
    const d = new TextDecoder("utf-8");
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder("gb18030");
  return { write: (b) => d.write(b), end: () => d.end() ?? "" };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Drops an incomplete UTF-8 sequence at the end (at most 3 bytes of a lead byte and its continuations). */
function trimPartialTail(bytes: Uint8Array): Uint8Array {
  for (let i = 1; i <= 3 && i <= bytes.length; i++) {
    const b = bytes[bytes.length - i];
    if ((b & 0xc0) === 0xc0) return bytes.subarray(0, bytes.length - i); // lead byte of a cut sequence
    if ((b & 0x80) === 0) break; // ASCII: nothing cut
  }
  return bytes;
}
