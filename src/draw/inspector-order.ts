/**
 * v2 inspector order for one (department, target): a forward Fisher–Yates shuffle of the pool in
 * canonical key order, generated only as far as it is read (docs/DRAW.md §15.5). A team costs a
 * few HMACs instead of one per pool member, and every order of the pool is equally likely.
 */
import { concatBytes, field, LABEL, writeU32 } from "./encoding";
import { KeyedHmacSha256 } from "./hash";

const TWO_48 = 2 ** 48;

/** One HMAC state per draw seed, shared by the orders of every target (each re-absorbs its prefix on use). */
export class OrderHasher {
  readonly hmac: KeyedHmacSha256;
  owner: InspectorOrder | null = null;

  constructor(seed: Uint8Array) {
    this.hmac = new KeyedHmacSha256(seed);
  }
}

export class InspectorOrder {
  private readonly prefix: Uint8Array;
  /** Pool index at each generated position. */
  private readonly order: number[] = [];
  /** Pool index → position, for generated positions. */
  private readonly positions = new Map<number, number>();
  /** The virtual array of the shuffle: position → pool index, where it differs from the identity. */
  private readonly swaps = new Map<number, number>();
  private readonly words = new Int32Array(8);

  constructor(
    private readonly hasher: OrderHasher,
    departmentId: string,
    targetKey: string,
    readonly size: number,
  ) {
    this.prefix = concatBytes([field(LABEL.inspector), field(departmentId), field(targetKey)]);
  }

  /** Pool index at position `j` (0-based), or -1 past the end of the pool. */
  at(j: number): number {
    while (this.order.length <= j) {
      if (this.order.length >= this.size) return -1;
      this.step();
    }
    return this.order[j];
  }

  /** Position of pool index `i`, generating the order as far as needed. */
  positionOf(i: number): number {
    for (;;) {
      const known = this.positions.get(i);
      if (known !== undefined) return known;
      if (this.order.length >= this.size) return -1;
      this.step();
    }
  }

  private step(): void {
    const j = this.order.length;
    const r = j + this.uniform(j, this.size - j);
    const atJ = this.swaps.get(j) ?? j;
    const atR = this.swaps.get(r) ?? r;
    this.swaps.set(r, atJ);
    this.swaps.delete(j);
    this.order.push(atR);
    this.positions.set(atR, j);
  }

  /**
   * Uniform integer in [0, m): x = the first 48 bits of HMAC(seed, prefix || u32(j) || u32(c)) for
   * c = 0, 1, …, the first x below the largest multiple of m under 2^48, reduced mod m.
   */
  private uniform(j: number, m: number): number {
    const { hmac } = this.hasher;
    const n = this.prefix.length;
    if (this.hasher.owner !== this) {
      hmac.reserve(n + 8).set(this.prefix, 0);
      hmac.keepPrefix(n);
      this.hasher.owner = this;
    }
    const limit = TWO_48 - (TWO_48 % m);
    for (let c = 0; ; c++) {
      const buffer = hmac.reserve(n + 8);
      writeU32(buffer, n, j);
      writeU32(buffer, n + 4, c);
      hmac.digestInput(n + 8, this.words);
      const x = (this.words[0] >>> 0) * 65536 + (this.words[1] >>> 16);
      if (x < limit) return x % m;
    }
  }
}
