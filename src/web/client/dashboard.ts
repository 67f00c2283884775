import type { Client } from "graphql-ws";
import { catchUp, followFeed, GqlError, gql, type LinkState, type LiveEvent, liveClient } from "./api";
import { progressChart } from "./chart";
import { byId, formatTime, h, show, todayInChina } from "./dom";
import { eventNames } from "./event-names";
import { describeEvent, roleLabel, topicLabel } from "./labels";
import { type Alert, PLANS_QUERY, type PlanRow, progressOf, RESULTS_QUERY, type ResultTotals } from "./progress";

/** 工作台 (/dashboard): sign in, the department's progress, deadline alerts and live events over graphql-ws. */

interface Me {
  id: string;
  displayName: string;
  roles: string[];
  tenant: { id: string; code: string; name: string; isCoordinator: boolean };
}

const SESSION_KEY = "jointcheck.session";
const DASHBOARD_ROLES = ["ADMIN", "PLANNER", "SUPERVISOR", "VIEWER"];
const MAX_LISTED = 50;

let token: string | null = null;
let live: Client | null = null;
const stops: Array<() => void> = [];

function saveSession(t: string, expiresAt: string) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: t, expiresAt }));
}

function loadSession(): string | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as { token: string; expiresAt: string } | null;
    return s && Date.parse(s.expiresAt) > Date.now() + 30_000 ? s.token : null;
  } catch {
    return null;
  }
}

function signOut(message?: string) {
  sessionStorage.removeItem(SESSION_KEY);
  token = null;
  for (const stop of stops.splice(0)) stop();
  void live?.dispose();
  live = null;
  show(byId("app"), false);
  show(byId("logout"), false);
  byId("who").textContent = "";
  showLogin(message);
}

function showLogin(message?: string) {
  show(byId("login"), true);
  const err = byId("login-error");
  err.textContent = message ?? "";
  show(err, Boolean(message));
  (byId<HTMLFormElement>("login-form").elements.namedItem("tenantCode") as HTMLInputElement).focus();
}

async function onLogin(ev: SubmitEvent) {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const field = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value.trim();
  const [tenantCode, username, password] = [field("tenantCode"), field("username"), field("password")];
  const err = byId("login-error");
  if (!tenantCode || !username || !password) {
    err.textContent = "请填写部门代码、用户名和密码";
    show(err, true);
    return;
  }
  const button = form.querySelector("button")!;
  button.disabled = true;
  try {
    const { login } = await gql<{ login: { token: string; expiresAt: string } }>(
      `mutation($t: String!, $u: String!, $p: String!) { login(tenantCode: $t, username: $u, password: $p) { token expiresAt } }`,
      { t: tenantCode, u: username, p: password },
    );
    saveSession(login.token, login.expiresAt);
    (form.elements.namedItem("password") as HTMLInputElement).value = "";
    await start(login.token);
  } catch (e) {
    err.textContent = e instanceof Error ? e.message : "登录失败";
    show(err, true);
  } finally {
    button.disabled = false;
  }
}

/** Runs a query; an expired or revoked session goes back to the sign-in form. */
async function query<T>(q: string, vars: Record<string, unknown> = {}): Promise<T> {
  try {
    return await gql<T>(q, vars, token);
  } catch (e) {
    if (e instanceof GqlError && e.code === "UNAUTHENTICATED") signOut("登录已过期，请重新登录");
    throw e;
  }
}

function setLink(state: LinkState) {
  const el = byId("link");
  el.dataset.state = state;
  el.textContent =
    state === "connected"
      ? "实时连接：已连接"
      : state === "connecting"
        ? "实时连接：连接中…"
        : "实时连接：已断开，正在重连…";
}

const names = eventNames(() => token);

/** One event line; the task and department names are filled in as soon as they are loaded. */
function eventItem(e: LiveEvent): HTMLLIElement {
  const text = h("span", { class: "text" }, describeEvent(e, names));
  void names.load(e).then((learned) => {
    if (learned) text.textContent = describeEvent(e, names);
  });
  return h(
    "li",
    { "data-topic": e.topic ?? "", "data-cursor": e.cursor },
    h("span", { class: `tag tag-${(e.topic ?? "").toLowerCase()}` }, topicLabel(e.topic)),
    text,
    h("time", { datetime: e.createdAt ?? "" }, formatTime(e.createdAt)),
  );
}

/** Newest first, at most MAX_LISTED. */
function prepend(list: HTMLElement, items: HTMLElement[]) {
  list.querySelector(".empty")?.remove();
  for (const item of items) list.prepend(item);
  while (list.children.length > MAX_LISTED) list.lastElementChild?.remove();
}

let eventCount = 0;
function countEvent() {
  byId("event-count").textContent = String(++eventCount);
}

function renderProgress(plans: PlanRow[], results: ResultTotals | null, liveAlerts: Alert[]) {
  const { counters, alerts } = progressOf(plans, todayInChina(), results);
  byId("counters").replaceChildren(
    ...counters.map((c) =>
      h(
        "div",
        { class: `counter counter-${c.key}`, "data-counter": c.key },
        h("span", { class: "value" }, c.value),
        c.of !== undefined ? h("span", { class: "of" }, `/ ${c.of}`) : null,
        h("span", { class: "label" }, c.label),
      ),
    ),
  );
  byId("chart").replaceChildren(progressChart(counters));
  const all = [...liveAlerts, ...alerts];
  byId("alerts").replaceChildren(
    ...(all.length
      ? all.map((a) =>
          h("li", { class: `alert alert-${a.level}` }, a.level === "overdue" ? "已逾期 " : "即将到期 ", a.text),
        )
      : [h("li", { class: "empty" }, "暂无期限提醒")]),
  );
}

/** Result totals, or null where the server has no inspectionResults query (the counters fall back to plans). */
async function resultTotals(): Promise<ResultTotals | null> {
  try {
    const r = await query<Record<keyof ResultTotals, { total: number }>>(RESULTS_QUERY);
    return { submitted: r.submitted.total, approved: r.approved.total, published: r.published.total };
  } catch (e) {
    if (e instanceof GqlError && (e.code === "GRAPHQL_VALIDATION_FAILED" || e.code === "FORBIDDEN")) return null;
    throw e;
  }
}

function debounce(fn: () => void, ms: number): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

async function start(t: string) {
  token = t;
  let me: Me;
  try {
    ({ me } = await query<{ me: Me }>(`{ me { id displayName roles tenant { id code name isCoordinator } } }`));
  } catch (e) {
    if (!(e instanceof GqlError && e.code === "UNAUTHENTICATED")) signOut(e instanceof Error ? e.message : undefined);
    return;
  }
  show(byId("login"), false);
  show(byId("app"), true);
  show(byId("logout"), true);
  byId("who").textContent = `${me.displayName}（${me.roles.map(roleLabel).join("、")}）`;
  byId("dept").textContent = me.tenant.name;
  live = liveClient(token, setLink);
  const appError = (message: string) => {
    const el = byId("app-error");
    el.textContent = message;
    show(el, true);
  };

  const dashboardRole = me.roles.some((r) => DASHBOARD_ROLES.includes(r));
  const inspector = me.roles.includes("INSPECTOR");
  show(byId("progress-card"), dashboardRole);
  show(byId("alerts-card"), dashboardRole);
  show(byId("events-card"), dashboardRole);
  show(byId("mine-card"), inspector);
  show(byId("joint-card"), dashboardRole && me.tenant.isCoordinator);

  if (dashboardRole) {
    const liveAlerts: Alert[] = [];
    const refresh = async () => {
      try {
        const [p, results] = await Promise.all([
          query<{ plans: { items: PlanRow[] } }>(PLANS_QUERY, { tenantId: me.tenant.id }),
          resultTotals(),
        ]);
        renderProgress(p.plans.items, results, liveAlerts);
      } catch (e) {
        appError(e instanceof Error ? e.message : "进度加载失败");
      }
    };
    const refreshSoon = debounce(refresh, 200);
    const onDashboard = (e: LiveEvent) => {
      prepend(byId("events"), [eventItem(e)]);
      countEvent();
      if (e.topic === "DEADLINE_ALERT") liveAlerts.unshift({ level: "soon", text: describeEvent(e) });
      refreshSoon();
    };
    const [, backlog] = await Promise.all([refresh(), catchUp("dashboardEvents", token)]);
    prepend(byId("events"), backlog.events.map(eventItem));
    eventCount = backlog.events.length - 1;
    countEvent();
    stops.push(followFeed(live, "dashboard", backlog.cursor, onDashboard, appError));
    if (me.tenant.isCoordinator) {
      const joint = await catchUp("jointProgressEvents", token);
      prepend(byId("joint"), joint.events.map(eventItem));
      stops.push(
        followFeed(live, "jointProgress", joint.cursor, (e) => prepend(byId("joint"), [eventItem(e)]), appError),
      );
    }
  }
  if (inspector || !dashboardRole) {
    show(byId("mine-card"), true);
    let assignments = 0;
    let notices = 0;
    const tally = (e: LiveEvent) => {
      if (e.topic === "NOTICE") notices++;
      const change = e.payload?.change;
      if (change === "ASSIGNED" || change === "SUBSTITUTED_IN") assignments++;
      if (change === "RECUSED" || change === "CANCELLED") assignments = Math.max(0, assignments - 1);
      byId("my-assignments").textContent = String(assignments);
      byId("my-notices").textContent = String(notices);
    };
    const backlog = await catchUp("myEvents", token, MAX_LISTED, 10, tally);
    prepend(byId("mine"), backlog.events.map(eventItem));
    stops.push(
      followFeed(
        live,
        "myAssignments",
        backlog.cursor,
        (e) => {
          tally(e);
          const item = eventItem(e);
          item.classList.add("fresh");
          prepend(byId("mine"), [item]);
        },
        appError,
      ),
    );
  }
}

document.addEventListener("DOMContentLoaded", () => {
  byId<HTMLFormElement>("login-form").addEventListener("submit", (e) => void onLogin(e));
  byId("logout").addEventListener("click", () => signOut());
  const saved = loadSession();
  if (saved) void start(saved);
  else showLogin();
});
