/** Stylesheets imported by the browser entries are bundled by esbuild (src/web/build.ts). */
declare module "*.css";

/** Generated at build time from schema.graphql (src/web/build.ts, enumLabels). */
declare module "virtual:enum-labels" {
  const labels: Record<string, Record<string, string>>;
  export default labels;
}
