/** Counting a list stops here; a larger total is the planner's estimate, labelled as such (totalIsEstimate). */
export const COUNT_CAP = 1_000;
