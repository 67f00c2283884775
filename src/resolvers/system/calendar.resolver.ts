import { Arg, Authorized, Int, Mutation, Query, Resolver } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { badInput } from "../../errors";
import { CalendarDayInput } from "../../schema/system/calendar.input";
import {
  CalendarDayOverrideType,
  CalendarDayType,
  WorkingCalendarYearType,
  WorkingDayResultType,
} from "../../schema/system/calendar.type";
import { calendarService } from "../../services/system/calendar.service";
import { calendarAdminService } from "../../services/system/calendar-admin.service";

const REGION_ARG = {
  nullable: true,
  description: "行政区划代码（6 位）；不填则按登录用户所在部门的区划，匿名时按全国",
} as const;

@Resolver()
export class CalendarResolver {
  @Public()
  @Query(() => WorkingCalendarYearType, { description: "工作日日历：某年的放假日与调休上班日（公开）" })
  async workingCalendar(
    @Arg("year", () => Int) year: number,
    @Arg("regionCode", () => String, REGION_ARG) regionCode: string | null,
  ): Promise<WorkingCalendarYearType> {
    const view = await calendarAdminService.year(year, checkRegion(regionCode));
    return Object.assign(new WorkingCalendarYearType(), {
      ...view,
      days: view.days.map((d) => Object.assign(new CalendarDayType(), d)),
    });
  }

  @Public()
  @Query(() => WorkingDayResultType, {
    description: "某日之后第 N 个工作日（当日不计；N=0 为当日或其后第一个工作日）（公开）",
  })
  async addWorkingDays(
    @Arg("date", { description: "起算日 YYYY-MM-DD" }) date: string,
    @Arg("days", () => Int) days: number,
    @Arg("regionCode", () => String, REGION_ARG) regionCode: string | null,
  ): Promise<WorkingDayResultType> {
    const r = await calendarService.dueDate(date, days, checkRegion(regionCode));
    return Object.assign(new WorkingDayResultType(), r);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CalendarDayOverrideType, { description: "平台管理员：设置某日放假或上班（已有调整则覆盖）" })
  async setCalendarDay(@Arg("input") input: CalendarDayInput): Promise<CalendarDayOverrideType> {
    return CalendarDayOverrideType.from(await calendarAdminService.set(input));
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CalendarDayOverrideType, { description: "平台管理员：删除某日的调整，恢复全国数据" })
  async removeCalendarDay(
    @Arg("date") date: string,
    @Arg("regionCode", () => String, { nullable: true, description: "行政区划代码（6 位）；为空表示全国的调整" })
    regionCode: string | null,
  ): Promise<CalendarDayOverrideType> {
    return CalendarDayOverrideType.from(await calendarAdminService.remove(date, checkRegion(regionCode) ?? null));
  }
}

function checkRegion(regionCode: string | null | undefined): string | undefined {
  if (regionCode == null) return undefined;
  if (!/^[0-9]{6}$/.test(regionCode)) throw badInput("regionCode", "行政区划代码应为 6 位数字");
  return regionCode;
}
