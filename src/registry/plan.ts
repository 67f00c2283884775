import type { MigrationInterface } from "typeorm";

/** Registration of the plan area: its entities, migrations and resolvers (merged in src/entities, src/db/migrations, src/resolvers). */
export const planArea: { entities: Function[]; migrations: Array<new () => MigrationInterface>; resolvers: Function[] } = {
  entities: [],
  migrations: [],
  resolvers: [],
};
