import { In } from "typeorm";
import { ctx, currentTenantId } from "../../context/request-context";
import { isUuid } from "../../domain/ids";
import { LiveTopic } from "../../domain/live/topics";
import { UserEntity } from "../../entities/system/user.entity";
import { badInput, notFound } from "../../errors";
import { now } from "../../time";
import { liveEvents } from "./live-events.service";

/** 部门通知: a short message from a department's ADMIN/SUPERVISOR/PLANNER to users of the same department. */
export const noticeService = {
  async sendNotice(userIds: string[], message: string): Promise<{ recipients: number; cursors: string[] }> {
    const text = message.trim();
    if (!text) throw badInput("message", "通知内容不能为空");
    const ids = [...new Set(userIds)];
    if (ids.some((id) => !isUuid(id))) throw notFound("用户");
    const { manager, principal } = ctx();
    const tenantId = currentTenantId();
    const users = await manager.find(UserEntity, { where: { id: In(ids), tenantId } });
    if (users.length !== ids.length) throw notFound("用户");
    const inactive = users.find((u) => !u.active);
    if (inactive) throw badInput("userIds", `用户“${inactive.displayName}”已停用，不能接收通知`);
    const sender =
      principal.kind === "user"
        ? await manager.findOne(UserEntity, { where: { id: principal.userId, tenantId } })
        : null;
    const sentAt = now().toISOString();
    const from = sender
      ? { kind: "user", id: sender.id, displayName: sender.displayName }
      : { kind: "apiKey", id: principal.kind === "apiKey" ? principal.apiKeyId : null };
    const published = await liveEvents.publishMany([
      ...users.map((u) => ({
        topic: LiveTopic.NOTICE,
        userId: u.id,
        payload: { kind: "NOTICE", message: text, from, sentAt },
      })),
      // A dashboard tick, so the department's live counters see the notice too.
      { topic: LiveTopic.TASK_PROGRESS, payload: { kind: "NOTICE_SENT", recipients: users.length, at: sentAt } },
    ]);
    return { recipients: users.length, cursors: published.slice(0, users.length).map((p) => p.cursor) };
  },
};
