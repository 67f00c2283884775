import { enumLabelsFromSchema } from "../../src/web/build";

/**
 * The workbench shows every GraphQL enum value by its Chinese description in schema.graphql (src/web/build.ts,
 * virtual:enum-labels). An enum value without one would reach a clerk's screen as a raw code such as DRAWN.
 * Formats and wire-level kinds (CSV, EVENT, field names) are not shown as labels and are listed here.
 */
const NOT_SHOWN = new Set(["LiveEventKind", "ResultFeedFormat", "WithholdableField"]);

test("every enum value shown on a screen has a Chinese label", () => {
  const raw = Object.entries(enumLabelsFromSchema())
    .filter(([e]) => !NOT_SHOWN.has(e))
    .flatMap(([e, values]) => Object.entries(values).flatMap(([v, l]) => (l === v ? [`${e}.${v}`] : [])));
  expect(raw).toEqual([]);
});
