import type { IncomingMessage } from "node:http";
import {
  CloseCode,
  handleProtocols,
  makeServer,
  type WebSocket as ProtocolSocket,
  type ServerOptions,
} from "graphql-ws";
import type { WebSocket, WebSocketServer } from "ws";

/** What graphql-ws's hooks see as `ctx.extra` (the upgrade request may be dropped by onConnect). */
export interface WsExtra {
  socket: WebSocket;
  request?: IncomingMessage;
}

const ADAPTER = Symbol("graphql-ws adapter");
type Tracked = WebSocket & { [ADAPTER]?: SocketAdapter };

/**
 * graphql-ws's protocol (`makeServer`) on a `ws` server: what `graphql-ws/use/ws` does, with the per-connection
 * state kept small, since a server holds tens of thousands of these:
 * - the socket's send/close/onMessage are prototype methods of one small object per socket, not closures;
 * - a message handler is not an async function kept suspended for the life of a subscription (holding the
 *   message's Buffer): the protocol's promise gets one shared rejection handler per socket;
 * - one keep-alive timer for the whole server instead of an interval (and a pong timeout) per socket: every
 *   `keepAliveMs`, a socket that has not answered the previous ping is terminated, the others are pinged.
 */
export function serveGraphQLWs<P extends Record<string, unknown>, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, WsExtra & Partial<E>>,
  wsServer: WebSocketServer,
  keepAliveMs = 12_000,
): { dispose(): Promise<void> } {
  const isProd = process.env.NODE_ENV === "production";
  const server = makeServer(options);
  wsServer.options.handleProtocols = handleProtocols;
  wsServer.once("error", (err) => {
    console.error("Internal error emitted on the WebSocket server. Please check your implementation.", err);
    for (const client of wsServer.clients) closeWithError(client, err, isProd);
  });
  const awaitingPong = new WeakSet<WebSocket>();
  const keepAlive =
    keepAliveMs > 0 && Number.isFinite(keepAliveMs)
      ? setInterval(() => {
          for (const socket of wsServer.clients) {
            if (socket.readyState !== socket.OPEN) continue;
            if (awaitingPong.has(socket)) {
              socket.terminate();
              continue;
            }
            awaitingPong.add(socket);
            socket.ping();
          }
        }, keepAliveMs).unref() // the listening server keeps the process alive, not this timer
      : undefined;
  function onPong(this: WebSocket) {
    awaitingPong.delete(this);
  }
  // `on`, not `once`, with shared functions: `once` costs a wrapper object and a bound function per socket and event
  // ('close' is emitted once anyway; onSocketClose and onSocketError act once).
  wsServer.on("connection", (socket: Tracked, request: IncomingMessage) => {
    socket.on("error", onSocketError);
    socket.on("pong", onPong);
    const adapter = new SocketAdapter(socket, isProd);
    socket[ADAPTER] = adapter;
    adapter.closed = server.opened(adapter, { socket, request } as WsExtra & Partial<E>);
    socket.on("close", onSocketClose);
  });
  return {
    dispose: async () => {
      if (keepAlive) clearInterval(keepAlive);
      for (const client of wsServer.clients) client.close(1001, "Going away");
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function onSocketError(this: Tracked, err: Error) {
  const adapter = this[ADAPTER];
  if (!adapter || adapter.errored) return;
  adapter.errored = true;
  console.error("Internal error emitted on a WebSocket socket. Please check your implementation.", err);
  closeWithError(this, err, adapter.isProd);
}

function onSocketClose(this: Tracked, code: number, reason: Buffer) {
  const adapter = this[ADAPTER];
  this[ADAPTER] = undefined;
  void adapter?.closed?.(code, String(reason));
}

function onSocketMessage(this: Tracked, data: Buffer | ArrayBuffer | Buffer[]) {
  // The text, not the Buffer (a view of the socket's read chunk), is what the protocol keeps while it runs.
  const adapter = this[ADAPTER];
  adapter?.handler?.(String(data)).then(undefined, adapter.failed);
}

function closeWithError(socket: WebSocket, err: unknown, isProd: boolean) {
  const message = err instanceof Error ? err.message : String(err);
  // A close reason has at most 123 bytes; in production it says nothing about the error.
  socket.close(
    CloseCode.InternalServerError,
    isProd || Buffer.byteLength(message) > 123 ? "Internal server error" : message,
  );
}

class SocketAdapter implements ProtocolSocket {
  readonly protocol: string;
  handler?: (data: string) => Promise<void>;
  closed?: (code?: number, reason?: string) => Promise<void>;
  /** The rejection handler of this socket's message promises (one function, shared by its messages). */
  readonly failed: (err: unknown) => void;
  /** The socket emitted an error (it is being closed). */
  errored = false;

  constructor(
    private readonly socket: WebSocket,
    readonly isProd: boolean,
  ) {
    this.protocol = socket.protocol;
    this.failed = (err) => {
      console.error("Internal error occurred during message handling. Please check your implementation.", err);
      closeWithError(socket, err, isProd);
    };
  }

  send(data: string): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  onMessage(cb: (data: string) => Promise<void>): void {
    this.handler = cb;
    this.socket.on("message", onSocketMessage);
  }
}
