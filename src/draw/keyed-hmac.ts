import { SHA256 } from "@noble/hashes/sha2";

/**
 * HMAC-SHA256 under one fixed key, resumed from the precomputed ipad/opad states.
 * Ranking a million subjects means a million HMACs of ~50-byte messages: node:crypto spends most of
 * its time crossing into C++ per call (~2.3 µs), while two in-process compressions take ~1 µs.
 * Uses noble's audited compression function; pure JS, so Node and browser share it.
 */
class Compressor extends SHA256 {
  load(state: Int32Array): void {
    this.set(state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]);
  }
  compress(view: DataView, offset: number): void {
    this.process(view, offset);
  }
  store(out: Int32Array): void {
    out[0] = this.A;
    out[1] = this.B;
    out[2] = this.C;
    out[3] = this.D;
    out[4] = this.E;
    out[5] = this.F;
    out[6] = this.G;
    out[7] = this.H;
  }
}

const BLOCK = 64;

export class KeyedHmacSha256 {
  private readonly core = new Compressor();
  private readonly innerState = new Int32Array(8);
  private readonly outerState = new Int32Array(8);
  private readonly outer = new Uint8Array(BLOCK);
  private readonly outerView = new DataView(this.outer.buffer);
  private readonly words = new Int32Array(8);
  /** Inner state after the whole blocks of a fixed message prefix (see keepPrefix). */
  private readonly prefixState = new Int32Array(8);
  private prefixBytes = 0;
  private buffer = new Uint8Array(4 * BLOCK);
  private view = new DataView(this.buffer.buffer);

  /** `key` is at most 64 bytes (the draw seed is 32); longer keys would need pre-hashing per RFC 2104. */
  constructor(key: Uint8Array) {
    if (key.length > BLOCK) throw new Error("HMAC key longer than one block is not supported");
    const pad = new Uint8Array(BLOCK);
    const padView = new DataView(pad.buffer);
    const iv = new Int32Array(8);
    this.core.store(iv);
    for (const [byte, state] of [
      [0x36, this.innerState],
      [0x5c, this.outerState],
    ] as const) {
      pad.fill(byte);
      for (let i = 0; i < key.length; i++) pad[i] = key[i] ^ byte;
      this.core.load(iv);
      this.core.compress(padView, 0);
      this.core.store(state);
    }
    // Outer message is always the 32-byte inner digest: padding and bit length (64 + 32) * 8 are constant.
    this.outer[32] = 0x80;
    this.outerView.setUint32(60, (BLOCK + 32) * 8);
  }

  /**
   * The message buffer, with room for `length` bytes plus padding (contents kept): callers write the
   * message into [0, length) and call digestInput, saving a copy per hash.
   */
  reserve(length: number): Uint8Array {
    if (length + 2 * BLOCK > this.buffer.length) {
      const grown = new Uint8Array((length + 2 * BLOCK) * 2);
      grown.set(this.buffer);
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    return this.buffer;
  }

  /**
   * Declares input[0, length) a prefix shared by the next digestInput calls and absorbs its whole
   * 64-byte blocks once: a long prefix (inspector ranks: label, department, target) then costs
   * nothing per message. The caller must leave those bytes unchanged; digestWords resets this.
   */
  keepPrefix(length: number): void {
    this.prefixBytes = length - (length % BLOCK);
    this.core.load(this.innerState);
    for (let offset = 0; offset < this.prefixBytes; offset += BLOCK) this.core.compress(this.view, offset);
    this.core.store(this.prefixState);
  }

  /** HMAC of input[0, length) as eight big-endian 32-bit words (Int32) in `out`; clobbers input after `length`. */
  digestInput(length: number, out: Int32Array): void {
    const padded = (length + 9 + BLOCK - 1) & ~(BLOCK - 1);
    const buffer = this.buffer;
    buffer[length] = 0x80;
    buffer.fill(0, length + 1, padded - 8);
    const bits = (BLOCK + length) * 8;
    this.view.setUint32(padded - 8, Math.floor(bits / 0x100000000));
    this.view.setUint32(padded - 4, bits >>> 0);
    const core = this.core;
    core.load(this.prefixBytes > 0 ? this.prefixState : this.innerState);
    for (let offset = this.prefixBytes; offset < padded; offset += BLOCK) core.compress(this.view, offset);
    core.store(this.words);
    for (let i = 0; i < 8; i++) this.outerView.setInt32(4 * i, this.words[i]);
    core.load(this.outerState);
    core.compress(this.outerView, 0);
    core.store(out);
  }

  digestWords(message: Uint8Array, length: number, out: Int32Array): void {
    this.prefixBytes = 0;
    this.reserve(length).set(length === message.length ? message : message.subarray(0, length), 0);
    this.digestInput(length, out);
  }

  digest(message: Uint8Array): Uint8Array {
    const words = new Int32Array(8);
    this.digestWords(message, message.length, words);
    const out = new Uint8Array(32);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) view.setInt32(4 * i, words[i]);
    return out;
  }
}
