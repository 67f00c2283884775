import { CheckItemEntity } from "../entities/catalog/check-item.entity";
import { DirectoryEntryEntity } from "../entities/catalog/directory-entry.entity";
import { ImportJobEntity } from "../entities/catalog/import-job.entity";
import { InspectorEntity } from "../entities/catalog/inspector.entity";
import { InspectorConflictEntity } from "../entities/catalog/inspector-conflict.entity";
import { InspectorShareEntity } from "../entities/catalog/inspector-share.entity";
import { ItemListVersionEntity } from "../entities/catalog/item-list-version.entity";
import { JointItemEntryEntity } from "../entities/catalog/joint-item-entry.entity";
import { SubjectEntity } from "../entities/catalog/subject.entity";
import { SubjectChangeEntity } from "../entities/catalog/subject-change.entity";
import { SubjectStatusHistoryEntity } from "../entities/catalog/subject-status-history.entity";
import {
  DirectoryEntryResolver,
  SubjectChangeResolver,
  SubjectResolver,
} from "../resolvers/catalog/directory.resolver";
import { ExchangeResolver } from "../resolvers/catalog/exchange.resolver";
import {
  InspectorConflictResolver,
  InspectorResolver,
  InspectorShareResolver,
} from "../resolvers/catalog/inspector.resolver";
import {
  CheckItemResolver,
  ItemListVersionResolver,
  JointItemEntryResolver,
} from "../resolvers/catalog/item-list.resolver";
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
