import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * The client's address for one server: the socket's peer, or the nearest untrusted hop of X-Forwarded-For when the
 * peer is a trusted proxy (TRUST_PROXY, the same semantics as express's "trust proxy"). Used for HTTP and for the
 * WebSocket upgrade alike, so both transports key the login throttle and the socket cap the same way.
 */
export function clientAddressOf(trust: boolean | number | string): (req: IncomingMessage) => string {
  // No proxy trusted: the peer is the client, whatever X-Forwarded-For says (what proxyaddr answers, without parsing it).
  if (trust === false) return (req) => req.socket.remoteAddress ?? "unknown";
  const fn = compile(trust);
  return (req) => proxyaddr(req as Parameters<typeof proxyaddr>[0], fn) ?? "unknown";
}

function compile(trust: boolean | number | string): (addr: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === "number") return (_addr, hop) => hop < trust;
  return proxyaddr.compile(
    trust
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
