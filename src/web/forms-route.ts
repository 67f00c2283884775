import { randomUUID } from "node:crypto";
import type { Express, Request, Response } from "express";
import { ANONYMOUS, type Authentication, authenticate, bearer, userAuthentication } from "../auth/authenticate";
import type { AppServices } from "../context/app-context";
import { DomainError, unauthenticated } from "../errors";
import type { OperationPipeline } from "../operation/pipeline";
import { isFormKind, printableFormsService } from "../services/inspection/printable-forms.service";

/**
 * Printable forms have no script at all and carry their own inline print styles (they are also saved as files),
 * so they get a policy of their own: no script, no network, inline styles only.
 */
export const FORM_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

/**
 * GET /forms/<kind>/<id>: the form as a printable HTML page (检查通知书, 抽查情况记录表, 选派（抽取）记录单,
 * 抽查情况汇总表). Credential: `Authorization: Bearer` (API clients) or `?t=` from the `formLink` query (browsers).
 * The read runs through the operation pipeline's tenant transaction like any GraphQL operation (the principal
 * re-read under RLS, rollback, retry), so RLS and the user's current state apply.
 */
export function mountFormRoutes(app: Express, services: AppServices, pipeline: OperationPipeline): void {
  app.get("/forms/:kind/:id", async (req: Request, res: Response) => {
    const kind = String(req.params.kind);
    const id = String(req.params.id);
    res.set({
      "Content-Security-Policy": FORM_CONTENT_SECURITY_POLICY,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    });
    try {
      if (!isFormKind(kind)) throw new DomainError("NOT_FOUND", "没有这种表单");
      const auth = await credential(req, services, `${kind}/${id}`);
      if (auth.claimed.kind === "anonymous") throw unauthenticated("请先登录后再打开表单");
      const taskId = typeof req.query.taskId === "string" ? req.query.taskId : undefined;
      const form = await pipeline.run({ requestId: randomUUID(), auth }, async (c) => {
        // Open the transaction first: it re-reads the principal (roles), which role checks before any read need.
        if (c.transaction && !c.transaction.isOpen) await c.transaction.open();
        return printableFormsService.render(kind, id, { taskId, origin: `${req.protocol}://${req.get("host") ?? ""}` });
      });
      res.status(200).type("text/html; charset=utf-8").send(form.html);
    } catch (e) {
      const known = e instanceof DomainError;
      if (!known) services.log.error("form failed", { kind, error: e instanceof Error ? e.message : String(e) });
      res
        .status(known ? (STATUS[e.code] ?? 400) : 500)
        .type("text/plain; charset=utf-8")
        .send(known ? e.message : "表单生成失败，请稍后重试");
    }
  });
}

async function credential(req: Request, services: AppServices, form: string): Promise<Authentication> {
  const header = bearer(req.headers.authorization);
  if (header) return authenticate(header, services.tokens);
  const t = typeof req.query.t === "string" ? req.query.t : undefined;
  if (!t) return ANONYMOUS;
  const claims = await services.tokens.verifyFormToken(t, form);
  if ("refused" in claims)
    throw unauthenticated(claims.refused === "expired" ? "表单链接已过期，请在工作台重新打开" : "表单链接无效");
  return userAuthentication(claims);
}
