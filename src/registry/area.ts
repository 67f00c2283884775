import type { MigrationInterface } from "typeorm";

/** Any class (entities and resolvers are registered by their constructors). */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** A feature area's registrations, merged in src/entities, src/db/migrations and src/resolvers. */
export interface Area {
  entities: AnyClass[];
  migrations: Array<new () => MigrationInterface>;
  resolvers: AnyClass[];
}
