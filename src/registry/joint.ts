import type { Area } from "./area";

/** The joint area's entities, migrations and resolvers. */
export const jointArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
