import { randomBytes } from "node:crypto";

/**
 * A fresh secret 256-bit server seed as 64 lower-case hex characters. Kept out of the pure modules
 * (and out of index.ts) because it needs Node's CSPRNG; publish commitmentOf(seed) before the draw.
 */
export function generateServerSeed(): string {
  return randomBytes(32).toString("hex");
}
