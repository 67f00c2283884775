/** The shipped national calendar (cn-holidays.json), validated once on first use. */
import raw from "./cn-holidays.json";
import { type HolidayData, parseHolidayData } from "./holiday-data";
import { type CalendarOverrides, calendarFromData, type WorkingCalendar } from "./working-calendar";

let data: HolidayData | undefined;
let plain: WorkingCalendar | undefined;

export function nationalHolidayData(): HolidayData {
  data ??= parseHolidayData(raw);
  return data;
}

/** National calendar, optionally with local overrides (tenant or PLATFORM_ADMIN edits). */
export function nationalCalendar(overrides?: CalendarOverrides): WorkingCalendar {
  if (overrides) return calendarFromData(nationalHolidayData(), overrides);
  plain ??= calendarFromData(nationalHolidayData());
  return plain;
}
