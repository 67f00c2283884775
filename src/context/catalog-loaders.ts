import { In } from "typeorm";
import { InspectorEntity } from "../entities/catalog/inspector.entity";
import { SubjectEntity } from "../entities/catalog/subject.entity";
import { SubjectChangeEntity } from "../entities/catalog/subject-change.entity";
import { SubjectStatusHistoryEntity } from "../entities/catalog/subject-status-history.entity";
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
