import { readFileSync } from "node:fs";
import path from "node:path";
import { createTransport } from "../../src/pubsub";
import { buildSchema, schemaSdl } from "../../src/schema/build-schema";

test("schema.graphql at the repository root is up to date (run `npm run schema` after changing the schema)", async () => {
  const committed = readFileSync(path.resolve(__dirname, "../../schema.graphql"), "utf8");
  expect(schemaSdl(await buildSchema(createTransport("memory")))).toBe(committed);
});
