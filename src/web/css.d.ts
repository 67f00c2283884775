/** Stylesheets imported by the browser entries are bundled by esbuild (src/web/build.ts). */
declare module "*.css";
