// Runs the TypeScript sources directly: a require hook that transpiles .ts with SWC
// (decorator metadata on, as type-graphql and TypeORM need). No build step for `npm start`.
const { transformSync } = require("@swc/core");
const fs = require("node:fs");

const options = {
  jsc: {
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: "es2022",
    keepClassNames: true,
  },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};

require("reflect-metadata");
require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const { code } = transformSync(source, { ...options, filename });
  module._compile(code, filename);
};
