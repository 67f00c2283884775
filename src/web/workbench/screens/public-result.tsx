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
}

const FIELDS = `id version subjectName creditCode address legalRepresentative departmentName taskName categoryName
  problems handling items mode inspectedOn publishedAt supersededAt correctionReason changes
  inspectors { name certificateNo } withheld { field note }`;
const CHANGE_NAMES: Record<string, string> = {
  categoryCode: "检查结果",
  problems: "存在问题",
  handling: "处理情况",
  withheld: "不予公开内容",
  address: "地址",
  items: "抽查事项",
};

/**
 * 抽查结果公示 (no sign-in): the current version of a published result — problems found, handling, inspectors —
 * and its correction history, each 更正 marked with its reason. Joint inspections: once the joint results of
 * issue 12 carry a visit, the other departments' results of the same visit are listed here as one visit.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const history = ref<Published[]>([]);
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
                {h.version > 1 ? (
                  <span data-correction="">
                    <ElTag type="warning" size="small">
                      更正
                    </ElTag>{" "}
                    第 {h.version} 版：{h.correctionReason}（更正：
                    {(h.changes ?? []).map((c) => CHANGE_NAMES[c] ?? c).join("、")}）
                  </span>
                ) : (
                  <span>首次公示</span>
                )}
                {h.supersededAt && <span class="wb-muted"> · 已被新版本取代（{formatTime(h.supersededAt)}）</span>}
              </ElTimelineItem>
            ))}
          </ElTimeline>
        </div>
      );
    };
  },
});
