import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import type { GqlContext } from "../../context/app-context";
import { ctx, currentUserId } from "../../context/request-context";
import { ApiKeyType, CreatedApiKey } from "../../schema/system/api-key.type";
import { CreateApiKeyInput } from "../../schema/system/tenancy.input";
import { LoginResult, UserType } from "../../schema/system/user.type";
import { tenancyService } from "../../services/system/tenancy.service";

@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => LoginResult, { description: "登录：返回短期访问令牌" })
  async login(
    @Arg("tenantCode", { description: "部门代码" }) tenantCode: string,
    @Arg("username") username: string,
    @Arg("password") password: string,
    @Ctx() { app }: GqlContext,
  ): Promise<LoginResult> {
    const r = await app.auth.login(tenantCode, username, password);
    return Object.assign(new LoginResult(), { token: r.token, expiresAt: r.expiresAt, user: UserType.from(r.user) });
  }

  @Authorized()
  @Query(() => UserType, { description: "当前登录用户" })
  async me(): Promise<UserType> {
    // The row the operation's first round trip re-read under RLS to confirm the caller: no second query.
    const self = ctx().user;
    return UserType.from(self ?? (await tenancyService.getUser(currentUserId())));
  }

  @Authorized(Role.ADMIN)
  @Query(() => [ApiKeyType], { description: "本部门接口密钥" })
  async apiKeys(): Promise<ApiKeyType[]> {
    return (await tenancyService.listApiKeys()).map(ApiKeyType.from);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiKey, { description: "新建接口密钥（明文只显示一次）" })
  async createApiKey(@Arg("input") input: CreateApiKeyInput, @Ctx() { app }: GqlContext): Promise<CreatedApiKey> {
    const r = await app.auth.createApiKey(input.name, input.roles);
    return Object.assign(new CreatedApiKey(), { apiKey: ApiKeyType.from(r.apiKey), key: r.key });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKeyType, { description: "吊销接口密钥：立即失效" })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() { app }: GqlContext): Promise<ApiKeyType> {
    return ApiKeyType.from(await app.auth.revokeApiKey(id));
  }
}
