import { isUuid, orderedUuids } from "../../../src/domain/ids";

test("ordered ids are version-7 UUIDs that increase within a generator and differ between generators", () => {
  const next = orderedUuids(Date.UTC(2026, 10, 23));
  const ids = Array.from({ length: 5000 }, () => next());
  expect(ids.every(isUuid)).toBe(true);
  expect(ids.every((id) => id[14] === "7" && "89ab".includes(id[19]))).toBe(true);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  // The first 48 bits are the generator's start time in milliseconds.
  expect(Number.parseInt(ids[0].replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 23));
  const other = orderedUuids(Date.UTC(2026, 10, 23));
  expect(ids).not.toContain(other());
});
