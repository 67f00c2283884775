import type { Area } from "./area";

/** The live area's entities, migrations and resolvers. */
export const liveArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
