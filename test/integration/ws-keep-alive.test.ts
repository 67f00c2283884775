import WebSocket from "ws";
import { startTestServer, type TestServer } from "../helpers/harness";

/** The server's one keep-alive timer (src/operation/ws-server.ts): a socket that stops answering pings is dropped. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ wsKeepAliveMs: 300 });
});
afterAll(() => s.close());

const open = (autoPong: boolean) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${s.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", { autoPong });
    socket.once("open", () => {
      socket.send(JSON.stringify({ type: "connection_init" }));
      resolve(socket);
    });
    socket.once("error", reject);
  });

test("a socket that does not answer pings is terminated; one that answers stays", async () => {
  const silent = await open(false);
  const answering = await open(true);
  let pings = 0;
  answering.on("ping", () => pings++);
  const closed = await new Promise<number>((resolve) => {
    silent.once("close", (code) => resolve(code));
    setTimeout(() => resolve(-1), 5000);
  });
  expect(closed).toBe(1006); // terminated: no close frame
  await new Promise((r) => setTimeout(r, 1000)); // a few more rounds
  expect(answering.readyState).toBe(WebSocket.OPEN);
  expect(pings).toBeGreaterThanOrEqual(2);
  answering.close();
});
