import { auditArea } from "./audit";
import { catalogArea } from "./catalog";
import { countyArea } from "./county";
import { estimatesArea } from "./estimates";
import { firmArea } from "./firm";
import { inspectionArea } from "./inspection";
import { jointArea } from "./joint";
import { liveArea } from "./live";
import { planArea } from "./plan";

/**
 * Feature areas beyond the foundation. Each area lists its own entities and resolvers in its own
 * file, so areas can grow without touching each other's registrations.
 */
export const areas = [
  catalogArea,
  auditArea,
  liveArea,
  planArea,
  jointArea,
  inspectionArea,
  estimatesArea,
  firmArea,
  countyArea,
];
