import type { MigrationInterface } from "typeorm";

/** Registration of the live area: its entities, migrations and resolvers (merged in src/entities, src/db/migrations, src/resolvers). */
export const liveArea: { entities: Function[]; migrations: Array<new () => MigrationInterface>; resolvers: Function[] } = {
  entities: [],
  migrations: [],
  resolvers: [],
};
