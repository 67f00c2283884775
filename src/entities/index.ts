import { areas } from "../registry";
import type { AnyClass } from "../registry/area";

/** Every entity the DataSource maps: each area's (src/registry). */
export const entities: AnyClass[] = areas.flatMap((a) => a.entities);
