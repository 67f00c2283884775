import { gql } from "./session";

/** Printable forms (src/web/forms-route.ts): each opens in its own tab through a short-lived link. */
export type FormKind = "notice" | "record" | "draw-record" | "summary" | "county-report";

export async function formUrl(kind: FormKind, id: string, taskId?: string): Promise<string> {
  const r = await gql<{ formLink: string }>(
    `query($k: String!, $id: ID!, $t: ID) { formLink(kind: $k, id: $id, taskId: $t) }`,
    { k: kind, id, t: taskId ?? null },
  );
  return r.formLink;
}

export async function openForm(kind: FormKind, id: string, taskId?: string): Promise<void> {
  // The tab opens at once (a popup blocker allows it only inside the click), then goes to the link.
  const tab = window.open("", "_blank");
  const url = await formUrl(kind, id, taskId);
  if (tab) tab.location.href = url;
  else location.href = url;
}
