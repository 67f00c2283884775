import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { CalendarDayOverrideEntity } from "../../entities/system/calendar-day-override.entity";

export enum CalendarDayKind {
  DAY_OFF = "DAY_OFF",
  WORKDAY = "WORKDAY",
}
registerEnumType(CalendarDayKind, {
  name: "CalendarDayKind",
  valuesConfig: {
    DAY_OFF: { description: "放假（不计工作日）" },
    WORKDAY: { description: "上班（调休上班日等，计工作日）" },
  },
});

@ObjectType("CalendarDay", { description: "节假日或调休上班日" })
export class CalendarDayType {
  @Field({ description: "日期 YYYY-MM-DD" }) date: string;
  @Field(() => CalendarDayKind) kind: CalendarDayKind;
  @Field({ description: "名称，如 春节、国庆节调休" }) name: string;
  @Field({ description: "是否为平台管理员的调整（与全国数据不同）" }) overridden: boolean;
}

@ObjectType("WorkingCalendarYear", { description: "某年的工作日日历：放假日与调休上班日（普通周末不列出）" })
export class WorkingCalendarYearType {
  @Field(() => Int) year: number;
  @Field({ description: "是否已载入该年的节假日安排；未载入时仅按周末计算" }) covered: boolean;
  @Field({ description: "是否为暂定数据（国务院通知尚未发布，仅含法定假日、无调休）" }) provisional: boolean;
  @Field(() => String, { nullable: true, description: "数据来源" }) source: string | null;
  @Field(() => [CalendarDayType]) days: CalendarDayType[];
}

@ObjectType("WorkingDayResult", { description: "工作日计算结果" })
export class WorkingDayResultType {
  @Field({ description: "日期 YYYY-MM-DD" }) date: string;
  @Field({ description: "是否为估算（用到了未载入或暂定年份的日期）" }) approximate: boolean;
}

@ObjectType("CalendarDayOverride", { description: "平台管理员的工作日调整" })
export class CalendarDayOverrideType {
  @Field({ description: "日期 YYYY-MM-DD" }) date: string;
  @Field(() => CalendarDayKind) kind: CalendarDayKind;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: "行政区划代码；为空表示全国" }) regionCode: string | null;
  @Field() createdAt: Date;

  static from(e: CalendarDayOverrideEntity): CalendarDayOverrideType {
    return Object.assign(new CalendarDayOverrideType(), {
      date: e.date,
      kind: e.kind as CalendarDayKind,
      name: e.name,
      regionCode: e.regionCode,
      createdAt: e.createdAt,
    });
  }
}
