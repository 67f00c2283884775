import { auditArea } from "./audit";
import { catalogArea } from "./catalog";
import { countyArea } from "./county";
import { drawArea } from "./draw";
import { estimatesArea } from "./estimates";
import { firmArea } from "./firm";
import { inspectionArea } from "./inspection";
import { jointArea } from "./joint";
import { liveArea } from "./live";
import { planArea } from "./plan";
import { systemArea } from "./system";

/**
 * Every area, the foundation (system) first. Each area lists its own entities and resolvers in its own file (its one
 * entry point), so areas can grow without touching each other's registrations.
 */
export const areas = [
  systemArea,
  catalogArea,
  auditArea,
  liveArea,
  planArea,
  drawArea,
  jointArea,
  inspectionArea,
  estimatesArea,
  firmArea,
  countyArea,
];
