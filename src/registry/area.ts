/** Any class (entities and resolvers are registered by their constructors). */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** A feature area's registrations, merged in src/entities and src/resolvers (migrations are declared in one ordered list: src/db/migrations/index.ts). */
export interface Area {
  entities: AnyClass[];
  resolvers: AnyClass[];
}
