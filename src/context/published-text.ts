import { maskPersonalNumbers } from "../domain/inspection/redaction";
import { ctx } from "./request-context";

/**
 * Free text of a row the public reads once it is published — a plan's title, a task's name, a joint task's
 * materials — as its reader may see it: the department that owns the row reads what it wrote; every other reader
 * (the anonymous public, other departments, the participants of a joint task) reads the published text, with ID and
 * phone numbers masked by the same rule as published results (maskPersonalNumbers, src/domain/personal-numbers.ts).
 * Outside a request (no reader known) the text is masked.
 */
export function publishedText(text: string, ownerTenantId: string): string;
export function publishedText(text: string | null, ownerTenantId: string): string | null;
export function publishedText(text: string | null, ownerTenantId: string): string | null {
  if (text === null || isOwner(ownerTenantId)) return text;
  return maskPersonalNumbers(text);
}

/** publishedText for a list of texts of one row. */
export function publishedTexts(texts: string[], ownerTenantId: string): string[] {
  return isOwner(ownerTenantId) ? texts : texts.map(maskPersonalNumbers);
}

function isOwner(ownerTenantId: string): boolean {
  let principal: ReturnType<typeof ctx>["principal"];
  try {
    principal = ctx().principal;
  } catch {
    return false;
  }
  return principal.kind !== "anonymous" && principal.tenantId === ownerTenantId;
}
