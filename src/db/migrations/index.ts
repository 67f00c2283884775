import { Foundation1763856000001 } from "./0001-foundation";

/** In order; never edit a migration that has shipped, add a new one. */
export const migrations = [Foundation1763856000001];
