import { validateCreditCode } from "../../domain/credit-code";
import { catchUp, followFeed, gql, type LinkState, type LiveEvent, liveClient } from "./api";
import { byId, formatTime, h, present, show, todayInChina } from "./dom";
import { renderDraw } from "./draw-view";
import { describeEvent } from "./labels";
import { searchPublishedResults } from "./results";

/** 公示查询 (/public, no sign-in): results search, item lists and plans per department, draw verification. */

interface Tenant {
  id: string;
  code: string;
  name: string;
  kind: string;
  regionCode: string;
}
interface Item {
  code: string;
  name: string;
  category: string;
  itemClass: string;
}
interface ItemList {
  id: string;
  label: string;
  effectiveDate: string | null;
  publishedAt: string | null;
  items: Item[];
}
interface DrawSummary {
  id: string;
  sequence: number;
  status: string;
  drawnAt: string;
  drawnCount: number;
  populationSize: number;
  publicAfter: string | null;
}
interface Plan {
  id: string;
  title: string;
  year: number;
  status: string;
  publishedAt: string | null;
  department: { code: string; name: string };
  tasks: Array<{ id: string; name: string; windowFrom: string; windowTo: string; draws: DrawSummary[] }>;
  revisions: Array<{
    number: number;
    reason: string;
    revisedAt: string;
    changes: Array<{ kind: string; name: string }>;
  }>;
}

/** 计划修订 as the public reads them (PlanChangeKind in schema.graphql). */
const CHANGE_KIND: Record<string, string> = {
  TASK_ADDED: "新增抽查任务",
  JOINT_TASK_ADDED: "新增联合抽查任务",
  CONSOLIDATION_ADDED: "新增合并检查",
};

const PLAN_FIELDS = `id title year status publishedAt department { code name }
  tasks { id name windowFrom windowTo draws { id sequence status drawnAt drawnCount populationSize publicAfter } }
  revisions { number reason revisedAt changes { kind name } }`;
const ITEM_LIST_FIELDS = "id label effectiveDate publishedAt items { code name category itemClass }";
const ITEM_CLASS: Record<string, string> = { KEY: "重点检查事项", GENERAL: "一般检查事项" };

interface Estimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  rawRate: number | null;
  drawn: number;
  published: number;
  pending: number;
  notes: string[];
}
interface PooledEstimate {
  key: string;
  label: string;
  tasks: number;
  estimate: Estimate;
}

const ESTIMATE_FIELDS = "key label tasks estimate { estimate lower upper rawRate drawn published pending notes }";
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * 合规估计 on the public page (issue 15): each department's design-weighted share of subjects with problems, its
 * interval and the raw rate beside it, from published results only (scope PUBLIC, no sign-in; docs/ESTIMATES.md).
 */
async function showEstimates(year: number) {
  const rows = byId("estimate-rows");
  const table = byId("estimate-table");
  const empty = byId("estimate-empty");
  try {
    const r = await gql<{
      complianceEstimates: { confidenceLevel: number; overall: PooledEstimate; byDepartment: PooledEstimate[] };
    }>(
      `query($y: Int!) { complianceEstimates(year: $y, scope: PUBLIC) { confidenceLevel
        overall { ${ESTIMATE_FIELDS} } byDepartment { ${ESTIMATE_FIELDS} } } }`,
      { y: year },
    );
    const report = r.complianceEstimates;
    const list = report.byDepartment.filter((d) => d.estimate.drawn > 0);
    const line = (d: PooledEstimate, label: string) =>
      h(
        "tr",
        { "data-estimate": d.key || "overall" },
        h("td", null, label),
        h("td", null, pct(d.estimate.estimate)),
        h(
          "td",
          null,
          d.estimate.lower === null || d.estimate.upper === null
            ? "—"
            : `${pct(d.estimate.lower)} – ${pct(d.estimate.upper)}`,
        ),
        h("td", null, pct(d.estimate.rawRate)),
        h("td", null, `${d.estimate.published}／${d.estimate.drawn}`),
        h("td", null, String(d.estimate.pending)),
      );
    rows.replaceChildren(
      ...list.map((d) => line(d, d.label)),
      ...(list.length > 1 ? [line(report.overall, "合计")] : []),
    );
    show(table, list.length > 0);
    show(empty, list.length === 0);
    const level = Math.round(report.confidenceLevel * 100);
    byId("estimate-explain").textContent = byId("estimate-explain").textContent!.replace(
      /约有 \d+% /,
      `约有 ${level}% `,
    );
    byId("estimate-notes").replaceChildren(
      ...list.flatMap((d) => d.estimate.notes.map((n) => h("li", null, `${d.label}：${n}`))),
    );
  } catch (e) {
    show(table, false);
    empty.textContent = e instanceof Error ? e.message : "加载失败";
    show(empty, true);
  }
}

let tenants: Tenant[] = [];

/** The published plans, loaded once for the search. */
/** Published plans whose title or a task's name holds the text, searched by the server among every department's. */
async function searchPlans(text: string): Promise<Plan[]> {
  const d = await gql<{ plans: { items: Plan[] } }>(
    `query($s: String!) { plans(search: $s, status: PUBLISHED, limit: 50) { items { ${PLAN_FIELDS} } } }`,
    { s: text },
  );
  return d.plans.items;
}

/**
 * Items of every department's current list matching the text, searched by the server: one small request whatever
 * the number of departments (one alias per department grew past the anonymous body limit at province scale).
 */
async function searchItems(text: string): Promise<Array<{ tenant: Tenant; item: Item }>> {
  const data = await gql<{ publicItemSearch: Array<Item & { department: { code: string } }> }>(
    `query($t: String!) { publicItemSearch(text: $t, limit: 100) { code name category itemClass department { code } } }`,
    { t: text },
  );
  return data.publicItemSearch.flatMap((item) => {
    const tenant = tenants.find((t) => t.code === item.department.code);
    return tenant ? [{ tenant, item }] : [];
  });
}

function hint(text: string | null) {
  const el = byId("search-hint");
  el.textContent = text ?? "";
  show(el, Boolean(text));
}

async function onSearch(ev: SubmitEvent) {
  ev.preventDefault();
  const text = byId<HTMLInputElement>("search-input").value.trim();
  if (!text) return hint("请输入企业名称或统一社会信用代码");
  const looksLikeCode = /^[0-9A-Za-z]{18}$/.test(text);
  const code = looksLikeCode ? validateCreditCode(text) : null;
  hint(code && !code.ok ? `统一社会信用代码可能有误：${code.message}` : null);
  const query = code?.ok ? code.value : text;
  const needle = query.toLowerCase();
  const [results, items, plans] = await Promise.all([
    searchPublishedResults(query, Boolean(code?.ok)).catch((e) => {
      hint(e instanceof Error ? e.message : "查询失败");
      return [];
    }),
    searchItems(query.slice(0, 100)),
    searchPlans(query.slice(0, 100)),
  ]);
  const resultList = byId("result-list");
  resultList.replaceChildren(
    ...(results?.length
      ? results.map((r) =>
          h(
            "li",
            { "data-result": r.id },
            h("a", { href: `/workbench#/public/results/${r.resultId}` }, h("strong", null, r.subjectName)),
            r.jointVisit
              ? h(
                  "span",
                  { class: "tag", "data-joint-visit": r.jointVisit.visitId },
                  `部门联合抽查（${r.jointVisit.departments.map((d) => d.name).join("、")} 同一次检查）`,
                )
              : null,
            h("span", null, `${r.creditCode ?? ""} ${r.departmentName} · ${r.taskName} · ${r.categoryName}`),
            h("time", null, `检查日期 ${r.inspectedOn}`),
          ),
        )
      : [h("li", { class: "empty" }, "暂无公示结果")]),
  );
  const matches: HTMLLIElement[] = [];
  for (const { tenant, item } of items)
    matches.push(h("li", null, h("span", { class: "tag" }, "事项"), `${tenant.name} · ${item.code} ${item.name}`));
  for (const plan of plans) {
    const tasks = plan.tasks.filter((t) => t.name.toLowerCase().includes(needle));
    if (plan.title.toLowerCase().includes(needle) || tasks.length)
      matches.push(
        h(
          "li",
          null,
          h("span", { class: "tag" }, "计划"),
          `${plan.department.name} · ${plan.title}${tasks.length ? `（${tasks.map((t) => t.name).join("、")}）` : ""}`,
        ),
      );
  }
  byId("match-list").replaceChildren(...(matches.length ? matches : [h("li", { class: "empty" }, "无相关事项或计划")]));
  show(byId("search-results"), true);
}

function drawLink(d: DrawSummary) {
  const embargoed = d.publicAfter !== null && Date.parse(d.publicAfter) > Date.now();
  const label = `第 ${d.sequence} 次抽取 · ${formatTime(d.drawnAt)} · 抽中 ${d.drawnCount} / ${d.populationSize} 户${d.status === "VOIDED" ? " · 已作废" : ""}`;
  return h(
    "li",
    null,
    h("span", null, label),
    embargoed
      ? h("span", { class: "hint" }, ` 名单将于 ${formatTime(d.publicAfter)} 公开`)
      : h("a", { href: `#draw=${d.id}`, class: "button-link", "data-draw": d.id }, "查看并验证"),
  );
}

async function showDepartment(code: string) {
  const body = byId("dept-body");
  const tenant = tenants.find((t) => t.code === code);
  if (!tenant) return body.replaceChildren();
  body.replaceChildren(h("p", { class: "hint" }, "加载中…"));
  try {
    const data = await gql<{
      itemListVersions: Array<{ id: string; label: string; effectiveDate: string | null; publishedAt: string | null }>;
      currentItemList: ItemList | null;
      plans: { items: Plan[] };
    }>(
      `query($code: String!, $tid: ID!) {
        itemListVersions(tenantCode: $code) { id label effectiveDate publishedAt }
        currentItemList(tenantCode: $code) { ${ITEM_LIST_FIELDS} }
        plans(tenantId: $tid, limit: 20) { items { ${PLAN_FIELDS} } }
      }`,
      { code, tid: tenant.id },
    );
    const list = data.currentItemList;
    const plans = data.plans.items.filter((p) => p.status === "PUBLISHED" || p.status === "CLOSED");
    body.replaceChildren(
      ...present(
        h("h3", null, "随机抽查事项清单", list ? `（${list.label}，${list.effectiveDate ?? ""} 起施行）` : ""),
        list
          ? h(
              "ol",
              { class: "items" },
              ...list.items.map((i) =>
                h(
                  "li",
                  null,
                  h("span", { class: "code" }, i.code),
                  h("span", { class: "name" }, i.name),
                  h("span", { class: "meta" }, `${i.category} · ${ITEM_CLASS[i.itemClass] ?? i.itemClass}`),
                ),
              ),
            )
          : h("p", { class: "empty" }, "该部门尚未公布事项清单"),
        data.itemListVersions.length > 1
          ? h(
              "p",
              { class: "hint" },
              "历次版本：",
              data.itemListVersions.map((v) => `${v.label}（${v.effectiveDate ?? ""}）`).join("、"),
            )
          : null,
        h("h3", null, "年度抽查计划"),
        plans.length
          ? h(
              "ul",
              { class: "plans" },
              ...plans.map((p) =>
                h(
                  "li",
                  null,
                  h("strong", null, p.title),
                  h("span", { class: "meta" }, ` ${p.year} 年 · ${formatTime(p.publishedAt)} 公布`),
                  h(
                    "ul",
                    { class: "tasks" },
                    ...p.tasks.map((t) =>
                      h(
                        "li",
                        null,
                        h("span", null, `${t.name}（检查期 ${t.windowFrom} 至 ${t.windowTo}）`),
                        t.draws.length
                          ? h("ul", { class: "draws" }, ...t.draws.map(drawLink))
                          : h("span", { class: "hint" }, " 尚未抽取"),
                      ),
                    ),
                  ),
                  p.revisions.length
                    ? h(
                        "ul",
                        { class: "revisions" },
                        ...p.revisions.map((r) =>
                          h(
                            "li",
                            { "data-revision": String(r.number) },
                            h("strong", null, `第 ${r.number} 次修订`),
                            h("span", { class: "meta" }, ` ${formatTime(r.revisedAt)} · 理由：${r.reason} · `),
                            h(
                              "span",
                              null,
                              r.changes.map((c) => `${CHANGE_KIND[c.kind] ?? c.kind}“${c.name}”`).join("；"),
                            ),
                          ),
                        ),
                      )
                    : null,
                ),
              ),
            )
          : h("p", { class: "empty" }, "该部门暂无已公布的抽查计划"),
      ),
    );
  } catch (e) {
    body.replaceChildren(h("p", { class: "error" }, e instanceof Error ? e.message : "加载失败"));
  }
}

function onHash() {
  const id = /^#draw=([0-9a-fA-F-]{36})$/.exec(location.hash)?.[1];
  const card = byId("draw-card");
  show(card, Boolean(id));
  if (id) {
    void renderDraw(id, byId("draw-body"));
    card.scrollIntoView({ block: "start" });
  }
}

function setLink(state: LinkState) {
  const el = byId("public-link");
  el.dataset.state = state;
  el.textContent = state === "connected" ? "实时" : "重连中…";
}

async function startFeed() {
  const list = byId("public-feed");
  const add = (e: LiveEvent) => {
    list.querySelector(".empty")?.remove();
    list.prepend(
      h(
        "li",
        { "data-cursor": e.cursor },
        h("span", { class: "text" }, describeEvent(e)),
        h("time", null, formatTime(e.createdAt)),
      ),
    );
    while (list.children.length > 20) list.lastElementChild?.remove();
  };
  const backlog = await catchUp("publicEvents", null, 20);
  backlog.events.forEach(add);
  followFeed(liveClient(null, setLink), "publicResults", backlog.cursor, add, () => undefined);
}

document.addEventListener("DOMContentLoaded", async () => {
  byId<HTMLFormElement>("search-form").addEventListener("submit", (e) => void onSearch(e));
  byId("draw-close").addEventListener("click", () => {
    history.replaceState(null, "", location.pathname);
    onHash();
  });
  window.addEventListener("hashchange", onHash);
  onHash();
  void startFeed().catch(() => setLink("closed"));
  const years = byId<HTMLSelectElement>("estimate-year");
  const thisYear = Number(todayInChina().slice(0, 4));
  years.replaceChildren(...[0, 1, 2, 3].map((i) => h("option", { value: thisYear - i }, `${thisYear - i}年`)));
  years.addEventListener("change", () => void showEstimates(Number(years.value)));
  void showEstimates(thisYear);
  const select = byId<HTMLSelectElement>("dept-select");
  try {
    tenants = (await gql<{ tenants: Tenant[] }>(`{ tenants { id code name kind regionCode } }`)).tenants.filter(
      (t) => t.kind !== "PLATFORM",
    );
  } catch (e) {
    select.replaceChildren(h("option", { value: "" }, e instanceof Error ? e.message : "加载失败"));
    return;
  }
  // Several counties on one platform: the county with the most departments first (the installation's home county).
  const size = new Map<string, number>();
  for (const t of tenants) size.set(t.regionCode, (size.get(t.regionCode) ?? 0) + 1);
  tenants = tenants
    .map((t, i) => ({ t, i }))
    .sort((a, b) => size.get(b.t.regionCode)! - size.get(a.t.regionCode)! || a.i - b.i)
    .map((x) => x.t);
  select.replaceChildren(...tenants.map((t) => h("option", { value: t.code }, t.name)));
  select.addEventListener("change", () => void showDepartment(select.value));
  if (tenants.length) {
    select.value = tenants[0].code;
    void showDepartment(tenants[0].code);
  }
});
