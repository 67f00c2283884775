import type { LiveEvent } from "./api";
import { gql } from "./api";
import { type EventNames, referencedIds } from "./labels";

/**
 * Task and department names for event lines, each id loaded once (tasks, joint tasks and departments the viewer
 * may read; an id it may not read simply stays unnamed).
 */
export function eventNames(token: () => string | null): EventNames & { load(e: LiveEvent): Promise<boolean> } {
  const tasks = new Map<string, string>();
  const departments = new Map<string, string>();
  const pending = new Map<string, Promise<void>>();
  const once = (key: string, run: () => Promise<void>) => {
    let p = pending.get(key);
    if (!p) {
      p = run().catch(() => undefined); // not readable for this viewer: the line stays without the name
      pending.set(key, p);
    }
    return p;
  };
  const taskName = (field: "task" | "jointTask", id: string) =>
    once(`${field}:${id}`, async () => {
      const r = await gql<Record<string, { name: string }>>(
        `query($id: ID!) { ${field}(id: $id) { name } }`,
        { id },
        token(),
      );
      tasks.set(id, r[field].name);
    });
  const tenants = () =>
    once("tenants", async () => {
      const r = await gql<{ tenants: Array<{ id: string; name: string }> }>("{ tenants { id name } }", {}, token());
      for (const t of r.tenants) departments.set(t.id, t.name);
    });
  return {
    task: (id) => tasks.get(id),
    department: (id) => departments.get(id),
    /** Waits for the names the event refers to; true when any of them is known (re-render the line). */
    async load(e) {
      const ids = referencedIds(e);
      if (!ids.tasks.length && !ids.jointTasks.length && !ids.departments.length) return false;
      await Promise.all([
        ...ids.tasks.map((id) => taskName("task", id)),
        ...ids.jointTasks.map((id) => taskName("jointTask", id)),
        ...(ids.departments.length ? [tenants()] : []),
      ]);
      return (
        [...ids.tasks, ...ids.jointTasks].some((id) => tasks.has(id)) || ids.departments.some((d) => departments.has(d))
      );
    },
  };
}
