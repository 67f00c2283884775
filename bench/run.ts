import "reflect-metadata";
import path from "node:path";

/** `npm run bench -- <name>`: runs the exported `run()` of bench/<name>.ts. */
async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9-]+$/.test(name)) {
    console.error("usage: npm run bench -- <name>   (a file bench/<name>.ts exporting run())");
    process.exit(2);
  }
  const mod = require(path.join(__dirname, `${name}.ts`)) as { run?: (args: string[]) => Promise<void> };
  if (typeof mod.run !== "function") throw new Error(`bench/${name}.ts does not export run()`);
  await mod.run(process.argv.slice(3));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
