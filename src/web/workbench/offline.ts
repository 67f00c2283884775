import { GqlError } from "../client/api";
import { gql, session } from "./session";

/**
 * 离线草稿: an inspector's record and photos are kept on the device (localStorage) as they are entered, and sent
 * when the connection allows — at once when online, otherwise on the browser's `online` event. What was sent is
 * removed from the draft; what failed for a reason other than the network stays, with the server's message.
 */
export interface RecordDraft {
  inspectedOn: string;
  noticeShown: boolean;
  identityShown: boolean;
  situation: string;
  handlingOpinion: string;
  lines: Array<{
    checkItemId: string;
    itemName: string;
    checked: boolean;
    result: string;
    rectificationOrdered: boolean;
    rectified: boolean;
  }>;
}
export interface PendingPhoto {
  fileName: string;
  contentBase64: string;
  takenAt: string;
}
export interface Draft {
  assignmentId: string;
  record: RecordDraft | null;
  /** The record has changes not yet sent. */
  recordPending: boolean;
  photos: PendingPhoto[];
  savedAt: string;
  lastError: string | null;
}

const PREFIX = "jointcheck.draft.";
const key = (assignmentId: string) => `${PREFIX}${session.me?.id ?? "anon"}.${assignmentId}`;

export function loadDraft(assignmentId: string): Draft | null {
  try {
    return JSON.parse(localStorage.getItem(key(assignmentId)) ?? "null") as Draft | null;
  } catch {
    return null;
  }
}

export function saveDraft(d: Draft): void {
  if (!d.recordPending && !d.photos.length) localStorage.removeItem(key(d.assignmentId));
  else localStorage.setItem(key(d.assignmentId), JSON.stringify({ ...d, savedAt: new Date().toISOString() }));
}

/** All drafts of the signed-in user that still have something to send. */
export function pendingDrafts(): Draft[] {
  const mine = `${PREFIX}${session.me?.id ?? "anon"}.`;
  return Object.keys(localStorage)
    .filter((k) => k.startsWith(mine))
    .flatMap((k) => {
      const d = loadDraft(k.slice(mine.length));
      return d && (d.recordPending || d.photos.length) ? [d] : [];
    });
}

const isNetwork = (e: unknown) => e instanceof GqlError && e.code === "NETWORK";

/** Sends what the draft holds; returns true when nothing is left to send. Network failures keep the draft. */
export async function flushDraft(d: Draft): Promise<boolean> {
  if (!navigator.onLine) return false;
  try {
    if (d.recordPending && d.record) {
      await gql(`mutation($i: InspectionRecordInput!) { saveInspectionRecord(input: $i) { id } }`, {
        i: {
          assignmentId: d.assignmentId,
          inspectedOn: d.record.inspectedOn || null,
          noticeShown: d.record.noticeShown,
          identityShown: d.record.identityShown,
          situation: d.record.situation,
          handlingOpinion: d.record.handlingOpinion,
          lines: d.record.lines.map(({ itemName: _name, ...l }) => ({
            ...l,
            notCheckedReason: l.checked ? null : "未检查",
          })),
        },
      });
      d.recordPending = false;
      saveDraft(d);
    }
    while (d.photos.length) {
      const p = d.photos[0];
      await gql(`mutation($i: AttachmentInput!) { addInspectionAttachment(input: $i) { id } }`, {
        i: { assignmentId: d.assignmentId, fileName: p.fileName, contentBase64: p.contentBase64, takenAt: p.takenAt },
      });
      d.photos.shift();
      saveDraft(d);
    }
    d.lastError = null;
    saveDraft(d);
    return true;
  } catch (e) {
    if (!isNetwork(e)) {
      d.lastError = e instanceof Error ? e.message : "发送失败";
      saveDraft(d);
    }
    return false;
  }
}

/** Sends every pending draft when the browser comes back online (and once now). */
export function startDraftSync(onSent: () => void): () => void {
  const sync = async () => {
    let sent = false;
    for (const d of pendingDrafts()) if (await flushDraft(d)) sent = true;
    if (sent) onSent();
  };
  window.addEventListener("online", sync);
  void sync();
  return () => window.removeEventListener("online", sync);
}

/** A phone photo made small enough for the evidence limit (1 MB): longest side 1600 px, JPEG. */
export async function shrinkPhoto(file: File): Promise<Blob> {
  if (!file.type.startsWith("image/") || file.size < 700_000) return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? file), "image/jpeg", 0.8));
}
