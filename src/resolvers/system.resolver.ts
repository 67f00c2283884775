import { setTimeout as sleep } from "node:timers/promises";
import { Max, Min } from "class-validator";
import { Args, ArgsType, Authorized, Field, Int, Resolver, Root, Subscription } from "type-graphql";
import { now } from "../time";

@ArgsType()
class ServerTimeArgs {
  @Field(() => Int, { defaultValue: 1000, description: "间隔毫秒（100–60000）" })
  @Min(100)
  @Max(60_000)
  intervalMs: number = 1000;
}

async function* ticks(intervalMs: number): AsyncGenerator<Date> {
  for (;;) {
    yield now();
    await sleep(intervalMs, undefined, { ref: false }); // an idle feed must not keep the process alive
  }
}

@Resolver()
export class SystemResolver {
  /** A heartbeat feed: lets clients and tests check that an authenticated WebSocket subscription works. */
  @Authorized()
  @Subscription(() => Date, {
    description: "服务器时间（心跳），需登录",
    subscribe: ({ args }) => ticks((args as ServerTimeArgs).intervalMs ?? 1000),
  })
  serverTime(@Root() now: Date, @Args() _args: ServerTimeArgs): Date {
    return now;
  }
}
