import { Live1763856000004 } from "../db/migrations/0004-live";
import { LiveEventEntity } from "../entities/live-event";
import { LiveResolver } from "../resolvers/live.resolver";
import type { Area } from "./area";

/** The live area's entities, migrations and resolvers: the live event log, subscriptions, notices. */
export const liveArea: Area = {
  entities: [LiveEventEntity],
  migrations: [Live1763856000004],
  resolvers: [LiveResolver],
};
