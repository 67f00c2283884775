import { Arg, Authorized, Mutation, Resolver } from "type-graphql";
import { Role } from "../../auth/roles";
import { isIsoDate } from "../../calendar";
import { badInput } from "../../errors";
import { DeadlineScanType } from "../../schema/inspection/deadline-alert.type";
import { InspectionDeadlineType } from "../../schema/inspection/result.type";
import { deadlineAlertService } from "../../services/inspection/deadline-alert.service";

@Resolver()
export class DeadlineAlertResolver {
  @Authorized(Role.SUPERVISOR, Role.ADMIN)
  @Mutation(() => DeadlineScanType, {
    description:
      "扫描本部门待办期限，向部门看板推送新的即将到期/已逾期提醒（每事项每状态一次；可由定时任务以 API 密钥调用）",
  })
  async scanDeadlines(
    @Arg("today", () => String, { nullable: true, description: "按指定日期计算（默认今天）" }) today?: string,
  ): Promise<DeadlineScanType> {
    if (today !== undefined && today !== null && !isIsoDate(today)) throw badInput("today", "日期应为 YYYY-MM-DD 格式");
    const r = await deadlineAlertService.scan(today ?? undefined);
    return Object.assign(new DeadlineScanType(), r, { alerted: r.alerted.map(InspectionDeadlineType.from) });
  }
}
