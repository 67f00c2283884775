export * from "./china";
export * from "./clock";
