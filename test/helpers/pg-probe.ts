import { Client } from "pg";

interface Probe {
  queries: number;
  overlaps: string[];
  texts: string[];
}
const probes = new Set<Probe>();
let installed = false;

/**
 * Watches every query sent by pg clients of this process (the test's in-process servers use the same `pg` module):
 * how many round trips ran, and every query sent to a client that was still busy with another — what pg 8 warns
 * "will be removed in pg@9.0" about, and what the per-operation queue (src/db/tenant-transaction.ts) prevents.
 */
export function probePg() {
  install();
  const probe: Probe = { queries: 0, overlaps: [], texts: [] };
  probes.add(probe);
  return {
    probe,
    reset() {
      probe.queries = 0;
      probe.overlaps.length = 0;
      probe.texts.length = 0;
    },
    restore() {
      probes.delete(probe);
    },
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  const proto = Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
    _activeQuery?: unknown;
    _queryQueue?: unknown[];
    connectionParameters?: { application_name?: string };
  };
  const original = proto.query;
  proto.query = function (this: typeof proto, ...args: unknown[]) {
    // Only the servers' runtime pools (application_name "jointcheck"), not the tests' own clients.
    if (probes.size && this.connectionParameters?.application_name === "jointcheck") {
      const text = String((args[0] as { text?: string })?.text ?? args[0]).slice(0, 120);
      const busy = Boolean(this._activeQuery || this._queryQueue?.length);
      for (const p of probes) {
        p.queries++;
        p.texts.push(text);
        if (busy) p.overlaps.push(text);
      }
    }
    return original.apply(this, args);
  };
}
