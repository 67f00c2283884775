import { DataSource } from "typeorm";
import { entities } from "../entities";

/** The runtime pool: connects as the runtime role, so RLS applies to every query it runs. */
export function runtimeDataSource(url: string, poolSize: number): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: "jointcheck" },
  });
}
