import { ElAlert, ElTag, ElTimeline, ElTimelineItem } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import Facts from "../facts";
import { errorText, formatTime } from "../format";
import { gql } from "../session";

interface Published {
  id: string;
  version: number;
  subjectName: string;
  creditCode: string | null;
  address: string | null;
  legalRepresentative: string | null;
  departmentName: string;
  taskName: string;
  categoryName: string;
  problems: string | null;
  handling: string | null;
  items: string[] | null;
  mode: string | null;
  inspectedOn: string;
  publishedAt: string;
  supersededAt: string | null;
  correctionReason: string | null;
  changes: string[] | null;
  inspectors: Array<{ name: string; certificateNo: string }>;
  withheld: Array<{ field: string; note: string }>;
  jointVisit: { visitId: string; taskName: string; departments: Array<{ id: string; name: string }> } | null;
}
/** Another department's result of the same joint visit. */
interface Sibling {
  resultId: string;
  departmentName: string;
  categoryName: string;
  jointVisit: { visitId: string } | null;
}

const FIELDS = `id version subjectName creditCode address legalRepresentative departmentName taskName categoryName
  problems handling items mode inspectedOn publishedAt supersededAt correctionReason changes
  inspectors { name certificateNo } withheld { field note } jointVisit { visitId taskName departments { id name } }`;
const CHANGE_NAMES: Record<string, string> = {
  categoryCode: "检查结果",
  problems: "存在问题",
  handling: "处理情况",
  withheld: "不予公开内容",
  address: "地址",
  items: "抽查事项",
};

/** The other departments' published results of the same joint visit (same subject, same visit). */
async function sameVisit(cur: Published, visitId: string): Promise<Sibling[]> {
  const r = await gql<{ publishedResults: { items: Sibling[] } }>(
    `query($n: String, $c: String) { publishedResults(subjectName: $n, creditCode: $c, limit: 100) {
      items { resultId departmentName categoryName jointVisit { visitId } } } }`,
    cur.creditCode ? { c: cur.creditCode } : { n: cur.subjectName },
  );
  const seen = new Set<string>();
  return r.publishedResults.items.filter(
    (x) =>
      x.jointVisit?.visitId === visitId &&
      x.departmentName !== cur.departmentName &&
      !seen.has(x.resultId) &&
      seen.add(x.resultId),
  );
}

/**
 * 抽查结果公示 (no sign-in): the current version of a published result — problems found, handling, inspectors —
 * and its correction history, each 更正 marked with its reason. A result of a 部门联合抽查 visit says so, names the
 * departments of the one visit and links the results the other departments have published of it.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const history = ref<Published[]>([]);
    const siblings = ref<Sibling[]>([]);
    const error = ref("");
    onMounted(async () => {
      try {
        history.value = (
          await gql<{ publishedResultHistory: Published[] }>(
            `query($id: ID!) { publishedResultHistory(resultId: $id) { ${FIELDS} } }`,
            { id: props.params.id },
          )
        ).publishedResultHistory.sort((a, b) => b.version - a.version);
        if (!history.value.length) error.value = "未找到该公示结果";
        const joint = history.value[0]?.jointVisit;
        if (joint) siblings.value = await sameVisit(history.value[0], joint.visitId);
      } catch (e) {
        error.value = errorText(e);
      }
    });
    return () => {
      const cur = history.value.find((h) => !h.supersededAt) ?? history.value[0];
      if (error.value) return <ElAlert type="error" title={error.value} closable={false} />;
      if (!cur) return <div class="wb-screen" />;
      return (
        <div class="wb-screen" data-public-result="">
          <h2>
            {cur.subjectName} 抽查结果公示{" "}
            {cur.version > 1 && <ElTag type="warning">已更正（第 {cur.version} 版）</ElTag>}
          </h2>
          <Facts
            rows={[
              ["统一社会信用代码", <span key="f1">{cur.creditCode ?? "—"}</span>] as const,
              ["地址", <span key="f2">{cur.address ?? "—"}</span>] as const,
              ["抽查部门", <span key="f3">{cur.departmentName}</span>] as const,
              ["抽查任务", <span key="f4">{cur.taskName}</span>] as const,
              ["抽查事项", <span key="f5">{(cur.items ?? []).join("；")}</span>] as const,
              ["检查日期", <span key="f6">{cur.inspectedOn}</span>] as const,
              [
                "检查结果",
                <span key="f7">
                  <b data-category="">{cur.categoryName}</b>
                </span>,
              ] as const,
              ["存在问题", <span key="f8">{cur.problems || "无"}</span>] as const,
              ["处理情况", <span key="f9">{cur.handling || "—"}</span>] as const,
              [
                "检查人员",
                <span key="f10">
                  {cur.inspectors.map((p) => `${p.name}（执法证号 ${p.certificateNo}）`).join("、")}
                </span>,
              ] as const,
              ["公示时间", <span key="f11">{formatTime(cur.publishedAt)}</span>] as const,
              cur.jointVisit
                ? ([
                    "部门联合抽查",
                    <span key="f13" data-joint-visit={cur.jointVisit.visitId}>
                      {cur.jointVisit.taskName}：{cur.jointVisit.departments.map((d) => d.name).join("、")}
                      同一次上门检查，各部门分别公示本部门的检查结果
                      {siblings.value.map((x) => (
                        <a key={x.resultId} href={`#/public/results/${x.resultId}`} class="wb-joint-sibling">
                          {x.departmentName}：{x.categoryName}
                        </a>
                      ))}
                    </span>,
                  ] as const)
                : null,
              ...cur.withheld.map(
                (w) =>
                  [`依法不予公开（${CHANGE_NAMES[w.field] ?? "部分内容"}）`, <span key="f12">{w.note}</span>] as const,
              ),
            ]}
          />
          <h3>公示及更正记录</h3>
          <ElTimeline data-history="">
            {history.value.map((h) => (
              <ElTimelineItem
                key={h.id}
                timestamp={formatTime(h.publishedAt)}
                type={h.version > 1 ? "warning" : "primary"}
              >
                {{
                  // A slot, not array children: ElTimeline flattens array children of its items into its <ul>.
                  default: () => [
                    h.version > 1 ? (
                      <span key="what" data-correction="">
                        <ElTag type="warning" size="small">
                          更正
                        </ElTag>{" "}
                        第 {h.version} 版：{h.correctionReason}（更正：
                        {(h.changes ?? []).map((c) => CHANGE_NAMES[c] ?? c).join("、")}）
                      </span>
                    ) : (
                      <span key="what">首次公示</span>
                    ),
                    h.supersededAt && (
                      <span key="superseded" class="wb-muted">
                        {" "}
                        · 已被新版本取代（{formatTime(h.supersededAt)}）
                      </span>
                    ),
                  ],
                }}
              </ElTimelineItem>
            ))}
          </ElTimeline>
        </div>
      );
    };
  },
});
