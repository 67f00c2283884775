import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GqlContext } from "../../context/app-context";
import { ctx } from "../../context/request-context";
import { badInput, forbidden } from "../../errors";
import { FORM_KINDS, isFormKind } from "../../services/inspection/printable-forms.service";

/**
 * Links to the printable forms (/forms/<kind>/<id>): a browser cannot send an Authorization header when it opens
 * a page, so the link carries a token for that one form, valid for 5 minutes and useless for the API. API clients
 * may instead GET the same URL with their usual `Authorization: Bearer …`.
 */
@Resolver()
export class PrintableFormResolver {
  @Authorized()
  @Query(() => String, {
    description: `可打印表单的链接（5 分钟内有效）：${FORM_KINDS.join(" / ")}；notice、record 为检查任务编号，joint-notice 为联合检查编号，draw-record 为抽取编号，summary 为年度`,
  })
  async formLink(
    @Arg("kind") kind: string,
    @Arg("id", () => ID) id: string,
    @Ctx() { app }: GqlContext,
    @Arg("taskId", () => ID, { nullable: true }) taskId?: string,
  ): Promise<string> {
    if (!isFormKind(kind)) throw badInput("kind", `表单类型应为 ${FORM_KINDS.join("、")} 之一`);
    const p = ctx().principal;
    if (p.kind !== "user") throw forbidden("表单链接只能由登录用户生成；接口密钥请直接携带 Authorization 访问表单地址");
    const token = await app.tokens.issueFormToken({ userId: p.userId, tenantId: p.tenantId }, `${kind}/${id}`);
    const q = new URLSearchParams({ t: token, ...(taskId ? { taskId } : {}) });
    return `/forms/${kind}/${encodeURIComponent(id)}?${q}`;
  }
}
