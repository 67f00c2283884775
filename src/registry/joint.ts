import type { MigrationInterface } from "typeorm";

/** Registration of the joint area: its entities, migrations and resolvers (merged in src/entities, src/db/migrations, src/resolvers). */
export const jointArea: { entities: Function[]; migrations: Array<new () => MigrationInterface>; resolvers: Function[] } = {
  entities: [],
  migrations: [],
  resolvers: [],
};
