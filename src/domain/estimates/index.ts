/**
 * 合规估计 (compliance estimates): what a random draw says about the whole population it was drawn from. Pure: no
 * database, no clock. docs/ESTIMATES.md specifies the method; test/unit/estimates checks it by hand and by simulation.
 */
export * from "./estimate";
export * from "./groups";
export * from "./normal";
export * from "./notes";
export * from "./pooling";
export * from "./score-interval";
