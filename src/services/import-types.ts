import type { Rejection } from "../exchange";

/** Rows of cells, header first (CSV streams and XLSX sheets alike). */
export type Rows = AsyncIterable<string[]>;

export type ImportProgress = (p: { rows: number }) => void;

export interface ImportOutcome {
  totalRows: number;
  inserted: number;
  updated: number;
  rejections: Rejection[];
  committed: boolean;
  /** Seconds per phase of a set-based import (for benchmarks and logs). */
  phases?: Record<string, number>;
}
