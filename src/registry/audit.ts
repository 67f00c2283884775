import type { Area } from "./area";

/** The audit area's entities, migrations and resolvers. */
export const auditArea: Area = {
  entities: [],
  migrations: [],
  resolvers: [],
};
