import { areas } from "../../registry";
import { Foundation1763856000001 } from "./0001-foundation";

/** Ordered by the timestamp in their names; never edit a migration that has shipped, add a new one. */
export const migrations = [Foundation1763856000001, ...areas.flatMap((a) => a.migrations)];
