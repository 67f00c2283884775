import type { Area } from "./area";

/** The inspection area's entities, migrations and resolvers. */
export const inspectionArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
