import { type IsoDate, isIsoDate, isWeekend, nationalCalendar, nationalHolidayData, yearOf } from "../../calendar";
import { ctx, currentUserId } from "../../context/request-context";
import { type CalendarDayKind, CalendarDayOverrideEntity } from "../../entities/system/calendar-day-override.entity";
import { badInput, notFound } from "../../errors";
import { audit } from "../audit/audit.service";
import { calendarService } from "./calendar.service";

export interface CalendarDayInput {
  date: IsoDate;
  kind: CalendarDayKind;
  name: string;
  regionCode?: string | null;
}

export interface CalendarYearView {
  year: number;
  covered: boolean;
  provisional: boolean;
  source: string | null;
  days: Array<{ date: IsoDate; kind: CalendarDayKind; name: string; overridden: boolean }>;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** 工作日调整 by a PLATFORM_ADMIN, and the public view of a year. */
export const calendarAdminService = {
  /**
   * Days off (other than plain weekends) and make-up workdays of a year, as in effect for the region
   * (default: the caller's department's region; national for anonymous callers).
   */
  async year(year: number, regionCode?: string | null): Promise<CalendarYearView> {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
      throw badInput("year", `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间`);
    const cal = await calendarService.current(await calendarService.regionFor(regionCode));
    const plain = nationalCalendar();
    const inYear = (d: IsoDate) => yearOf(d) === year;
    const overridden = (d: IsoDate) =>
      plain.daysOff.has(d) !== cal.daysOff.has(d) || plain.workdays.has(d) !== cal.workdays.has(d);
    const days = [
      ...[...cal.daysOff].filter(inYear).map((date) => ({ date, kind: "DAY_OFF" as const })),
      ...[...cal.workdays].filter(inYear).map((date) => ({ date, kind: "WORKDAY" as const })),
    ]
      .map((d) => ({ ...d, name: cal.labels.get(d.date) ?? "", overridden: overridden(d.date) }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    return {
      year,
      covered: cal.years.has(year),
      provisional: cal.provisionalYears.has(year),
      source: nationalHolidayData().years[String(year)]?.source ?? null,
      days,
    };
  },

  async set(input: CalendarDayInput): Promise<CalendarDayOverrideEntity> {
    checkDay(input.date);
    const national = await calendarService.current(null);
    if (input.kind === "WORKDAY" && !isWeekend(input.date) && !national.daysOff.has(input.date))
      throw badInput("date", `${input.date} 本来就是工作日，无需设为上班`);
    const { manager } = ctx();
    const regionCode = input.regionCode ?? null;
    const existing = await find(input.date, regionCode);
    const row = existing ?? manager.create(CalendarDayOverrideEntity, { date: input.date, regionCode });
    const before = existing ? { ...existing } : undefined;
    Object.assign(row, { kind: input.kind, name: input.name.trim(), createdBy: currentUserId() });
    const saved = await manager.save(row);
    await audit.record({
      action: existing ? "calendar_day.update" : "calendar_day.create",
      entityType: "calendar_day_override",
      entityId: saved.id,
      before,
      after: saved,
      summary: { date: saved.date, kind: saved.kind, name: saved.name, regionCode },
    });
    ctx().afterCommit.push(() => calendarService.invalidate());
    return saved;
  },

  async remove(date: IsoDate, regionCode: string | null = null): Promise<CalendarDayOverrideEntity> {
    checkDay(date);
    const existing = await find(date, regionCode);
    if (!existing) throw notFound("工作日调整");
    await ctx().manager.delete(CalendarDayOverrideEntity, { id: existing.id });
    await audit.record({
      action: "calendar_day.remove",
      entityType: "calendar_day_override",
      entityId: existing.id,
      before: existing,
      summary: { date, kind: existing.kind, regionCode },
    });
    ctx().afterCommit.push(() => calendarService.invalidate());
    return existing;
  },
};

function checkDay(date: string): void {
  if (!isIsoDate(date))
    throw badInput("date", `日期“${String(date).slice(0, 20)}”无效，应为 YYYY-MM-DD 格式的真实日期`);
  const y = yearOf(date);
  if (y < MIN_YEAR || y > MAX_YEAR) throw badInput("date", `日期须在 ${MIN_YEAR}–${MAX_YEAR} 年之间`);
}

function find(date: IsoDate, regionCode: string | null): Promise<CalendarDayOverrideEntity | null> {
  return ctx()
    .manager.createQueryBuilder(CalendarDayOverrideEntity, "o")
    .where("o.date = :date AND o.region_code IS NOT DISTINCT FROM :region", { date, region: regionCode })
    .getOne();
}
