/** Counting a list stops here; a larger total is the planner's estimate, labelled as such (totalIsEstimate). */
export const COUNT_CAP = 1_000;

/** What a caller asks for: `after` (a cursor) or `offset`, never both. */
export interface PageRequest {
  limit: number;
  offset: number;
  after?: string | null;
}

export interface KeysetPage<T> {
  rows: T[];
  /** Exact up to COUNT_CAP rows; beyond it the planner's estimate (`totalIsEstimate`). */
  total: number;
  totalIsEstimate: boolean;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Per row, the cursor after it. */
  cursors: string[];
}
