import { sha256 } from "@noble/hashes/sha256";

test("toolchain: TypeScript via SWC and the hash library load", () => {
  expect(Buffer.from(sha256("abc")).toString("hex")).toBe(
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
