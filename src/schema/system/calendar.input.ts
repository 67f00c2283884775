import { IsEnum, IsOptional, Length, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { CalendarDayKind } from "./calendar.type";

@InputType({ description: "工作日调整：某日放假或上班（全国或某行政区划）" })
export class CalendarDayInput {
  @Field({ description: "日期 YYYY-MM-DD" })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: "日期应为 YYYY-MM-DD 格式" })
  date: string;

  @Field(() => CalendarDayKind)
  @IsEnum(CalendarDayKind)
  kind: CalendarDayKind;

  @Field({ description: "名称，如 地方性假日、防汛调休" })
  @Length(1, 50, { message: "名称须为 1–50 个字符" })
  name: string;

  @Field(() => String, { nullable: true, description: "行政区划代码（6 位）；为空表示全国" })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: "行政区划代码应为 6 位数字" })
  regionCode?: string | null;
}
