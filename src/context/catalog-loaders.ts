import { In } from "typeorm";
import { InspectorEntity } from "../entities/inspector";
import { SubjectEntity } from "../entities/subject";
import { SubjectChangeEntity } from "../entities/subject-change";
import { SubjectStatusHistoryEntity } from "../entities/subject-status-history";
import { byIdLoader, defineLoader } from "./loaders";

/** Per-request loaders of the catalog area (one statement per batch, under RLS). */
export const subjectLoader = byIdLoader("subject", SubjectEntity);
export const inspectorLoader = byIdLoader("inspector", InspectorEntity);

export const subjectHistoryLoader = defineLoader<string, SubjectStatusHistoryEntity[]>(
  "subjectStatusHistory",
  async (m, ids) => {
    const rows = await m.find(SubjectStatusHistoryEntity, {
      where: { subjectId: In([...ids]) },
      order: { changedAt: "ASC" },
    });
    return ids.map((id) => rows.filter((r) => r.subjectId === id));
  },
);

/** The registry history of subjects (oldest first). */
export const subjectChangesLoader = defineLoader<string, SubjectChangeEntity[]>("subjectChanges", async (m, ids) => {
  const rows = await m.find(SubjectChangeEntity, { where: { subjectId: In([...ids]) }, order: { id: "ASC" } });
  return ids.map((id) => rows.filter((r) => r.subjectId === id));
});
