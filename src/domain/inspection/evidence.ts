/**
 * Evidence files (证据材料): the MIME type is decided by the content's magic bytes, never by the client's claim.
 */
export const MAX_ATTACHMENT_BYTES = 1_000_000;

interface Signature {
  mime: string;
  test: (b: Buffer) => boolean;
}

const starts = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, s: string, at = 0) => b.subarray(at, at + s.length).toString("latin1") === s;

const SIGNATURES: Signature[] = [
  { mime: "image/jpeg", test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { mime: "image/png", test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: "application/pdf", test: (b) => ascii(b, "%PDF-") },
  { mime: "audio/mpeg", test: (b) => ascii(b, "ID3") || starts(b, [0xff, 0xfb]) },
  { mime: "audio/wav", test: (b) => ascii(b, "RIFF") && ascii(b, "WAVE", 8) },
  { mime: "video/mp4", test: (b) => ascii(b, "ftyp", 4) },
  // OOXML documents (docx/xlsx) are zip files.
  { mime: "application/zip", test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
];

export const ALLOWED_MIME_TYPES = SIGNATURES.map((s) => s.mime);

/** The detected MIME type of allowed content, or null (unknown or not allowed). */
export function detectMimeType(content: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(content))?.mime ?? null;
}
