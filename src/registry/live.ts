import { LiveEventEntity } from "../entities/live/live-event.entity";
import { LiveResolver } from "../resolvers/live/live.resolver";
import type { Area } from "./area";

/** The live area's entities and resolvers: the live event log, subscriptions, notices. */
export const liveArea: Area = {
  entities: [LiveEventEntity],
  resolvers: [LiveResolver],
};
