import { maskPersonalNumbers } from "../../../src/domain/inspection/redaction";

/** Redaction runs on every audit event and publication: a long run of digit groups must cost linear time. */
test("a long run of digits and separators is masked in linear time", () => {
  const run = Array.from({ length: 20_000 }, (_, i) => String(i % 10)).join("-");
  const t = process.hrtime.bigint();
  maskPersonalNumbers(run);
  expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(2000);
});
