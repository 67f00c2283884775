import type { DataSource } from "typeorm";
import type { LiveTransport } from "./transport";

/**
 * The live transport of each server's DataSource. Services publish from inside a request, where they know the
 * transaction's EntityManager (and so its DataSource) but not the server; several servers may share a process.
 */
const transports = new WeakMap<DataSource, LiveTransport>();

export function registerLiveTransport(ds: DataSource, transport: LiveTransport): void {
  transports.set(ds, transport);
}

export function liveTransportFor(ds: DataSource): LiveTransport | undefined {
  return transports.get(ds);
}
