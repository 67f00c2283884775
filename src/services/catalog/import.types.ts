import type { Rejection } from "../../exchange";

/** Rows of cells, header first (CSV streams and XLSX sheets alike). */
export type Rows = AsyncIterable<string[]>;

/** Rows read so far and the phase (validate → match → write) of a running import. */
export type ImportProgress = (p: { rows: number; phase?: ImportPhase }) => void;
export type ImportPhase = "VALIDATE" | "MATCH" | "WRITE";

export interface ImportOutcome {
  totalRows: number;
  inserted: number;
  updated: number;
  rejections: Rejection[];
  committed: boolean;
  /** Seconds per phase of a set-based import (for benchmarks and logs). */
  phases?: Record<string, number>;
}
