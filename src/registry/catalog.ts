import { CheckItemEntity } from "../entities/check-item";
import { DirectoryEntryEntity } from "../entities/directory-entry";
import { ImportJobEntity } from "../entities/import-job";
import { InspectorEntity } from "../entities/inspector";
import { InspectorConflictEntity } from "../entities/inspector-conflict";
import { InspectorShareEntity } from "../entities/inspector-share";
import { ItemListVersionEntity } from "../entities/item-list-version";
import { JointItemEntryEntity } from "../entities/joint-item-entry";
import { SubjectEntity } from "../entities/subject";
import { SubjectChangeEntity } from "../entities/subject-change";
import { SubjectStatusHistoryEntity } from "../entities/subject-status-history";
import { DirectoryEntryResolver, SubjectChangeResolver, SubjectResolver } from "../resolvers/directory.resolver";
import { ExchangeResolver } from "../resolvers/exchange.resolver";
import { InspectorConflictResolver, InspectorResolver, InspectorShareResolver } from "../resolvers/inspector.resolver";
import { CheckItemResolver, ItemListVersionResolver, JointItemEntryResolver } from "../resolvers/item-list.resolver";
import type { Area } from "./area";

/** The catalog area (一单两库): entities and resolvers. */
export const catalogArea: Area = {
  entities: [
    SubjectEntity,
    SubjectStatusHistoryEntity,
    SubjectChangeEntity,
    DirectoryEntryEntity,
    InspectorEntity,
    InspectorShareEntity,
    InspectorConflictEntity,
    ItemListVersionEntity,
    CheckItemEntity,
    JointItemEntryEntity,
    ImportJobEntity,
  ],
  resolvers: [
    SubjectResolver,
    SubjectChangeResolver,
    DirectoryEntryResolver,
    InspectorResolver,
    InspectorShareResolver,
    InspectorConflictResolver,
    ItemListVersionResolver,
    CheckItemResolver,
    JointItemEntryResolver,
    ExchangeResolver,
  ],
};
