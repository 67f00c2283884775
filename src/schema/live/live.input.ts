import { ArrayMaxSize, ArrayNotEmpty, IsInt, IsOptional, Length, Matches, Max, Min } from "class-validator";
import { ArgsType, Field, ID, Int } from "type-graphql";
import { CURSOR_PATTERN } from "../../domain/live/topics";
import { MAX_PAGE_SIZE } from "../pagination";

const CURSOR_MESSAGE = "游标须为非负整数（取自已收到事件的 cursor）";

@ArgsType()
export class SinceArgs {
  @Field({ nullable: true, description: "只要此游标之后的事件；断线重连时传入最后收到的 cursor" })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: CURSOR_MESSAGE })
  since?: string;
}

@ArgsType()
export class EventsSinceArgs extends SinceArgs {
  @Field(() => Int, { defaultValue: 100, description: `每页条数（1–${MAX_PAGE_SIZE}）` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 100;
}

@ArgsType()
export class SendNoticeArgs {
  @Field(() => [ID], { description: "接收人（本部门用户）" })
  @ArrayNotEmpty({ message: "请至少选择一位接收人" })
  @ArrayMaxSize(500, { message: "一次最多发送给 500 人" })
  userIds: string[];

  @Field({ description: "通知内容（1–500 字）" })
  @Length(1, 500, { message: "通知内容须为 1–500 个字符" })
  message: string;
}
