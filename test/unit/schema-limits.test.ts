import { isObjectType } from "graphql";
import { createTransport } from "../../src/pubsub";
import { buildSchema } from "../../src/schema/build-schema";
import { EXPENSIVE_FIELDS } from "../../src/schema/limits";

test("every field priced in EXPENSIVE_FIELDS exists in the schema (a renamed field would silently cost 1)", async () => {
  const schema = await buildSchema(createTransport("memory"));
  const missing = Object.keys(EXPENSIVE_FIELDS).filter((key) => {
    const [typeName, fieldName] = key.split(".");
    const type = schema.getType(typeName);
    return !isObjectType(type) || !type.getFields()[fieldName];
  });
  expect(missing).toEqual([]);
});
