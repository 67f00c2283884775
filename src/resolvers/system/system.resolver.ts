import { setTimeout as sleep } from "node:timers/promises";
import { Args, Authorized, Query, Resolver, Root, Subscription } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { RuleInfoType } from "../../schema/system/rule.type";
import { ServerTimeArgs } from "../../schema/system/system.args";
import { now } from "../../time";

async function* ticks(intervalMs: number): AsyncGenerator<Date> {
  for (;;) {
    yield now();
    await sleep(intervalMs, undefined, { ref: false }); // an idle feed must not keep the process alive
  }
}

@Resolver()
export class SystemResolver {
  /** Public: clients show a refusal's rule by its Chinese title. */
  @Public()
  @Query(() => [RuleInfoType], { description: "业务规则代码及名称（公开）" })
  ruleCodes(): RuleInfoType[] {
    return RuleInfoType.all();
  }

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
