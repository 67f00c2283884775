export * from "./holiday-data";
export * from "./iso-date";
export * from "./national";
export * from "./working-calendar";
