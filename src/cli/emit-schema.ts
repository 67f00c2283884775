import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createTransport } from "../pubsub";
import { buildSchema, schemaSdl } from "../schema/build-schema";

/** `npm run schema`: writes schema.graphql at the repository root for department clients' code generators. */
async function run() {
  const sdl = schemaSdl(await buildSchema(createTransport("memory")));
  const file = path.resolve(__dirname, "../../schema.graphql");
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
