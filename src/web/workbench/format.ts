import { ElMessage } from "element-plus";
import { GqlError } from "../client/api";

export { formatTime, todayInChina } from "../client/dom";
export { roleLabel } from "../client/labels";

/** A typed list ("C13、1311", "甲 乙"): split on 、 , ， ; ； and spaces, blanks dropped. */
export const splitInputList = (text: string): string[] =>
  text
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);

/** The server's Chinese message; FORBIDDEN already names the role the action needs (src/auth/auth-checker.ts). */
export const errorText = (e: unknown) =>
  e instanceof GqlError ? e.message : e instanceof Error ? e.message : "操作失败，请重试";

/** Runs a screen action: a Chinese success message, or the server's error; returns the result or undefined. */
export async function act<T>(run: () => Promise<T>, done?: string): Promise<T | undefined> {
  try {
    const r = await run();
    if (done) ElMessage.success(done);
    return r;
  } catch (e) {
    // A dialog closed with 取消 is not an error.
    if (e === "cancel" || e === "close") return undefined;
    ElMessage.error({ message: errorText(e), duration: 6000 });
    return undefined;
  }
}

/** Saves a base64 file the API returned (exports, error reports) under its Chinese file name. */
export function downloadBase64(fileName: string, mimeType: string, contentBase64: string): void {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  downloadBlob(fileName, new Blob([bytes], { type: mimeType }));
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export async function fileToBase64(file: Blob): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let s = "";
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}
