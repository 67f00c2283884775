import { LiveEventEntity } from "../entities/live-event";
import { LiveResolver } from "../resolvers/live.resolver";
import type { Area } from "./area";

/** The live area's entities and resolvers: the live event log, subscriptions, notices. */
export const liveArea: Area = {
  entities: [LiveEventEntity],
  resolvers: [LiveResolver],
};
