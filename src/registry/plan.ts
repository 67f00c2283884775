import type { Area } from "./area";

/** The plan area's entities, migrations and resolvers. */
export const planArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
