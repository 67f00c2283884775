import { ElButton, ElConfigProvider, ElResult, ElTag } from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import { computed, defineComponent, h as hx } from "vue";
import { roleLabel } from "./format";
import { go, match, route } from "./router";
import { ROUTES, type ScreenRoute } from "./routes";
import SignIn from "./screens/sign-in";
import { isCoordinator, session, signOut } from "./session";

const MENU_ORDER = ["计划", "审核", "检查", "联合"] as const;

/** Why the signed-in user may not open a screen, in Chinese (null = allowed). */
function refusal(r: ScreenRoute): string | null {
  if (r.anonymous) return null;
  if (r.coordinator && !isCoordinator()) return "此页面仅供牵头协调部门（联席会议办公室）使用";
  if (r.roles?.length && !session.me?.roles.some((x) => r.roles?.includes(x)))
    return `此页面需要${r.roles.map(roleLabel).join("或")}角色，请联系本部门管理员授权`;
  return null;
}

export const visible = (r: ScreenRoute) => refusal(r) === null;

function current(): { r: ScreenRoute; params: Record<string, string> } | null {
  for (const r of ROUTES) {
    const params = match(r.path);
    if (params) return { r, params };
  }
  return null;
}

/** The workbench shell: the menu of the screens this user may open, who is signed in, and the current screen. */
export default defineComponent({
  setup() {
    const here = computed(current);
    const menu = computed(() =>
      MENU_ORDER.map((g) => ({ g, items: ROUTES.filter((r) => r.menu === g && visible(r)) })).filter(
        (x) => x.items.length,
      ),
    );
    const body = () => {
      const h = here.value;
      if (!h) return <ElResult icon="warning" title="未找到该页面" subTitle={route.path} />;
      if (!session.me && !h.r.anonymous) return <SignIn />;
      const why = refusal(h.r);
      if (why) return <ElResult icon="warning" title="无权访问" subTitle={why} data-forbidden="" />;
      return hx(h.r.component, { key: route.path, params: h.params, query: route.query });
    };
    return () => {
      const full = here.value?.r.fullScreen;
      return (
        <ElConfigProvider locale={zhCn}>
          <div class={["wb", full ? "wb-full" : ""]}>
            {!full && (
              <header class="wb-top">
                <a class="wb-brand" href="#/">
                  联合抽查平台 · 工作台
                </a>
                {session.me && (
                  <nav class="wb-menu">
                    {menu.value.map(({ g, items }) => (
                      <span class="wb-menu-group" key={g}>
                        {items.map((r) => (
                          <a key={r.path} href={`#${r.path}`} class={route.path === r.path ? "active" : ""}>
                            {r.title}
                          </a>
                        ))}
                      </span>
                    ))}
                    <a href="/dashboard">看板</a>
                  </nav>
                )}
                <span class="wb-spacer" />
                <a class="wb-public" href="/public">
                  公示查询
                </a>
                {session.me && (
                  <span class="wb-who" data-who="">
                    <span class="wb-name">
                      {session.me.displayName} · {session.me.tenant.name}
                    </span>
                    {session.me.roles.map((r) => (
                      <ElTag key={r} size="small" type="info" data-role={r}>
                        {roleLabel(r)}
                      </ElTag>
                    ))}
                    <ElButton
                      size="small"
                      data-signout=""
                      onClick={() => {
                        signOut("您已退出登录");
                        go("/");
                      }}
                    >
                      退出
                    </ElButton>
                  </span>
                )}
              </header>
            )}
            <main class="wb-main">{body()}</main>
          </div>
        </ElConfigProvider>
      );
    };
  },
});
