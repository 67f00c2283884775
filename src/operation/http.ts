import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import { authenticate, bearer } from "../auth/authenticate";
import type { AppServices, GqlContext } from "../context/app-context";
import { DomainError } from "../errors";
import type { OperationPipeline } from "./pipeline";

/** Bodies anyone may send; larger ones (file uploads as base64 in JSON, docs/EXCHANGE.md) need a verified credential. */
export const SMALL_BODY = 256 * 1024;
export const LARGE_BODY = 33 * 1024 * 1024;

const smallJson = express.json({ limit: SMALL_BODY });
const largeJson = express.json({ limit: LARGE_BODY });

/**
 * POST/GET /graphql. Order matters: the credential is checked before a byte of the body is read (a bad, expired
 * or exp-less token is refused with 401 at once); an anonymous body is read only up to SMALL_BODY; a larger body is
 * read only after the credential was confirmed against the database (active user, unrevoked key). Every answer,
 * including 401, 405, 413 and malformed JSON, is a GraphQL JSON error without a stack trace.
 */
export function graphqlHttpHandler(deps: {
  apollo: ApolloServer<GqlContext>;
  pipeline: OperationPipeline;
  app: AppServices;
  clientAddress: (req: IncomingMessage) => string;
}): express.RequestHandler {
  const { apollo, pipeline, app, clientAddress } = deps;
  return async (req, res) => {
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    try {
      if (req.method !== "GET" && req.method !== "POST") {
        res.set("Allow", "GET, POST");
        return sendError(res, 405, "METHOD_NOT_ALLOWED", "仅支持 GET 和 POST 请求");
      }
      const header = req.headers.authorization;
      const token = bearer(header);
      if (header && !token) return refuse(res, 401, "UNAUTHENTICATED", "Authorization 请求头须为 Bearer <令牌>");
      const auth = await authenticate(token, app.tokens);
      const operation = { requestId, auth, clientAddress: clientAddress(req) };
      if (req.method === "POST") {
        const large = mayBeLarge(req) && auth.check !== undefined;
        if (large) await pipeline.run(operation, async (c) => c.transaction?.open()); // confirms, or 401
        const max = large ? LARGE_BODY : SMALL_BODY;
        if (Number(req.headers["content-length"]) > max) {
          const [status, code, message, extensions] = tooLarge(max);
          return refuse(res, status, code, message, extensions);
        }
        const problem = await readJson(large ? largeJson : smallJson, req, res);
        if (problem) return refuse(res, problem.status, problem.code, problem.message, problem.extensions);
      }
      const response = await pipeline.run(operation, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method.toUpperCase(),
            headers: headerMap(req),
            search: searchOf(req.originalUrl),
            body: req.body,
          },
          context: async () => ({ app, credential: auth }),
        }),
      );
      // Written only now, after COMMIT: a client never sees an answer whose writes could still roll back.
      for (const [k, v] of response.headers) res.setHeader(k, v);
      res.setHeader("Cache-Control", "no-store"); // answers are per caller: no shared cache may keep them
      res.status(response.status ?? 200);
      if (response.body.kind === "complete") {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      if (e instanceof DomainError && e.code === "UNAUTHENTICATED") return refuse(res, 401, e.code, e.message);
      app.log.error("request failed", { requestId, error: e instanceof Error ? e.message : String(e) });
      sendError(res, 500, "INTERNAL_SERVER_ERROR", `服务器内部错误，请稍后重试（请求编号 ${requestId}）`);
    }
  };
}

/** For express as a whole: nothing ever answers with an HTML page or a stack trace. */
export const jsonErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = typeof err?.status === "number" && err.status >= 400 && err.status < 600 ? err.status : 500;
  sendError(res, status, status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST", "请求无法处理");
};

function mayBeLarge(req: Request): boolean {
  const length = Number(req.headers["content-length"]);
  return Number.isFinite(length) ? length > SMALL_BODY : req.headers["transfer-encoding"] !== undefined;
}

interface BodyProblem {
  status: number;
  code: string;
  message: string;
  extensions?: Record<string, unknown>;
}

/** Runs body-parser's JSON reader; its errors become GraphQL errors a client can act on. */
function readJson(parser: express.RequestHandler, req: Request, res: Response): Promise<BodyProblem | undefined> {
  return new Promise((resolve) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return resolve(undefined);
      const type = (err as { type?: string }).type;
      if (type === "entity.too.large") {
        const [status, code, message, extensions] = tooLarge(parser === largeJson ? LARGE_BODY : SMALL_BODY);
        return resolve({ status, code, message, extensions });
      }
      if (type === "entity.parse.failed")
        return resolve({ status: 400, code: "BAD_REQUEST", message: "请求体不是有效的 JSON" });
      if (type === "encoding.unsupported" || type === "charset.unsupported")
        return resolve({ status: 415, code: "BAD_REQUEST", message: "请求体编码不受支持，请使用 UTF-8" });
      resolve({ status: 400, code: "BAD_REQUEST", message: "请求体读取失败" });
    }),
  );
}

function tooLarge(max: number): [number, string, string, Record<string, unknown>] {
  const message =
    max === SMALL_BODY
      ? `请求体超过 ${SMALL_BODY / 1024} KB；上传文件须先登录（携带有效的令牌或接口密钥）`
      : `请求体超过 ${LARGE_BODY / 1024 / 1024} MB 上限`;
  return [413, "LIMIT_EXCEEDED", message, { limit: "body", max }];
}

/** An answer before (or instead of) reading the body: the connection closes, so the unread body is never read. */
function refuse(res: Response, status: number, code: string, message: string, extensions = {}): void {
  res.setHeader("Connection", "close");
  sendError(res, status, code, message, extensions);
}

/** The query string of a request target, with its "?" (what Apollo reads GET operations from). */
function searchOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? "" : url.slice(q);
}

function headerMap(req: Request): HeaderMap {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
}

function sendError(res: Response, status: number, code: string, message: string, extensions = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(status)
    .type("application/json")
    .end(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}
