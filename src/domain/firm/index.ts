export * from "./booking";
export * from "./codes";
