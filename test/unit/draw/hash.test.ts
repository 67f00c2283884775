import { createHash, createHmac, randomBytes } from "node:crypto";
import * as node from "../../../src/draw/hash";
import * as browser from "../../../src/draw/hash.browser";
import { KeyedHmacSha256 } from "../../../src/draw/keyed-hmac";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("hash.ts and hash.browser.ts", () => {
  test("expose the same functions", () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(browser).sort());
  });

  test("agree with each other and with known vectors", () => {
    // FIPS 180-2 "abc" and RFC 4231 test case 2.
    const abc = new TextEncoder().encode("abc");
    for (const impl of [node, browser]) {
      expect(hex(impl.sha256(abc))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      expect(hex(impl.hmacSha256(Buffer.from("Jefe"), Buffer.from("what do ya want for nothing?")))).toBe(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      );
    }
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(i % 65);
      const data = randomBytes(i * 7);
      expect(hex(browser.sha256(data))).toBe(hex(node.sha256(data)));
      expect(hex(browser.hmacSha256(key, data))).toBe(hex(node.hmacSha256(key, data)));
    }
  });

  test("streaming SHA-256 equals one-shot over the concatenation", () => {
    const parts = [randomBytes(10), randomBytes(0), randomBytes(100_000), randomBytes(63)];
    const whole = Buffer.concat(parts);
    for (const impl of [node, browser]) {
      const stream = impl.createSha256();
      for (const part of parts) stream.update(part);
      expect(hex(stream.digest())).toBe(createHash("sha256").update(whole).digest("hex"));
    }
  });
});

describe("KeyedHmacSha256 (midstate HMAC used for ranks)", () => {
  test("equals node:crypto HMAC across block boundaries and key lengths", () => {
    for (const keyLength of [0, 1, 32, 63, 64]) {
      const key = randomBytes(keyLength);
      const hmac = new KeyedHmacSha256(key);
      for (let length = 0; length <= 260; length++) {
        const message = randomBytes(length);
        expect(hex(hmac.digest(message))).toBe(createHmac("sha256", key).update(message).digest("hex"));
      }
    }
  });

  test("digestWords hashes only the given prefix of the buffer", () => {
    const key = randomBytes(32);
    const hmac = new KeyedHmacSha256(key);
    const message = randomBytes(90);
    const words = new Int32Array(8);
    hmac.digestWords(message, 40, words);
    const expected = createHmac("sha256", key).update(message.subarray(0, 40)).digest();
    expect(Array.from(words)).toEqual(Array.from({ length: 8 }, (_, i) => expected.readInt32BE(4 * i)));
  });

  test("keepPrefix: messages sharing a long prefix hash as if whole, until digestWords resets it", () => {
    const key = randomBytes(32);
    const hmac = new KeyedHmacSha256(key);
    const words = new Int32Array(8);
    const wordsOf = (b: Buffer) => Array.from({ length: 8 }, (_, i) => b.readInt32BE(4 * i));
    for (const prefixLength of [10, 64, 93, 130]) {
      const prefix = randomBytes(prefixLength);
      hmac.reserve(prefixLength + 64).set(prefix, 0);
      hmac.keepPrefix(prefixLength);
      for (const tailLength of [0, 5, 40, 70]) {
        const tail = randomBytes(tailLength);
        hmac.reserve(prefixLength + tailLength).set(tail, prefixLength);
        hmac.digestInput(prefixLength + tailLength, words);
        expect(Array.from(words)).toEqual(
          wordsOf(
            createHmac("sha256", key)
              .update(Buffer.concat([prefix, tail]))
              .digest(),
          ),
        );
      }
      const other = randomBytes(prefixLength + 3);
      expect(hex(hmac.digest(other))).toBe(createHmac("sha256", key).update(other).digest("hex"));
    }
  });

  test("rejects keys longer than one block", () => {
    expect(() => new KeyedHmacSha256(new Uint8Array(65))).toThrow();
  });
});
