import { canonicalJson } from "../../../src/draw/canonical-json";
import {
  compareUtf8,
  field,
  firstOutOfOrder,
  fromHex,
  isWellFormed,
  sharedValue,
  sortUtf8,
  toHex,
  writeUtf8,
} from "../../../src/draw/encoding";

/** Deterministic pseudo-random strings mixing ASCII, CJK, U+E000–U+FFFF and astral characters. */
function strings(count: number): string[] {
  const alphabet = [
    "a",
    "b",
    "Z",
    "|",
    "é",
    "企",
    "业",
    "\uE000",
    "\uFF61",
    "\uFFFF",
    "\u{1F600}",
    "\u{10000}",
    "\u{10FFFF}",
  ];
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 5 }, () => alphabet[next() % alphabet.length]).join(""),
  );
}

describe("byte-wise UTF-8 order", () => {
  test("compareUtf8 agrees with comparing the encoded bytes", () => {
    const values = strings(400);
    for (let i = 0; i + 1 < values.length; i++) {
      const a = values[i];
      const b = values[i + 1];
      expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });

  test("sortUtf8 sorts astral characters after U+FFxx (unlike String.prototype.sort)", () => {
    expect(sortUtf8(["\u{1F600}", "\uFF61", "a"])).toEqual(["a", "\uFF61", "\u{1F600}"]);
    expect(["\u{1F600}", "\uFF61"].sort()).toEqual(["\u{1F600}", "\uFF61"]);
    const values = strings(300);
    const expected = [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(sortUtf8([...values])).toEqual(expected);
  });

  test("firstOutOfOrder and sharedValue", () => {
    expect(firstOutOfOrder(["a", "b", "c"])).toBe(-1);
    expect(firstOutOfOrder(["a", "b", "b"])).toBe(2);
    expect(firstOutOfOrder(["\u{1F600}", "\uFF61"])).toBe(1);
    expect(sharedValue([["a", "c"], ["b", "d"], ["e"]])).toBeNull();
    expect(
      sharedValue([
        ["a", "c"],
        ["b", "c"],
      ]),
    ).toBe("c");
    const many = Array.from({ length: 20 }, (_, i) => [`k${i}`]);
    expect(sharedValue(many)).toBeNull();
    expect(sharedValue([...many, ["k7"]])).toBe("k7");
  });
});

describe("encodings", () => {
  test("field is a 4-byte big-endian length prefix over UTF-8", () => {
    expect(toHex(field("企"))).toBe("00000003e4bc81");
    expect(toHex(field(new Uint8Array([1, 2])))).toBe("000000020102");
    expect(toHex(field(""))).toBe("00000000");
  });

  test("writeUtf8 matches TextEncoder for ASCII and non-ASCII", () => {
    for (const text of ["uuid-1234", "企业 é \u{1F600}", ""]) {
      const buffer = new Uint8Array(3 * text.length + 8);
      const written = writeUtf8(text, buffer, 2);
      expect(Buffer.from(buffer.subarray(2, 2 + written)).toString("utf8")).toBe(text);
    }
  });

  test("hex is lower case and strict", () => {
    expect(toHex(fromHex("00ff10"))).toBe("00ff10");
    expect(() => fromHex("0F")).toThrow();
    expect(() => fromHex("abc")).toThrow();
  });

  test("lone surrogates are not well-formed", () => {
    expect(isWellFormed("\u{1F600}")).toBe(true);
    expect(isWellFormed("a\uD800")).toBe(false);
    expect(isWellFormed("\uDC00a")).toBe(false);
  });
});

describe("canonicalJson (RFC 8785 subset)", () => {
  test("sorts keys recursively, no whitespace, ECMAScript numbers", () => {
    expect(canonicalJson({ b: [3, 2.5, { d: null, c: true }], a: "企\n" })).toBe(
      '{"a":"企\\n","b":[3,2.5,{"c":true,"d":null}]}',
    );
  });

  test("key order is by UTF-16 code units", () => {
    expect(canonicalJson({ "\uFF61": 1, "\u{1F600}": 2 })).toBe('{"\u{1F600}":2,"\uFF61":1}');
  });

  test("rejects values JSON cannot represent faithfully", () => {
    expect(() => canonicalJson({ a: undefined })).toThrow();
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});
