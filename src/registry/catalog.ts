import type { Area } from "./area";

/** The catalog area's entities, migrations and resolvers. */
export const catalogArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
