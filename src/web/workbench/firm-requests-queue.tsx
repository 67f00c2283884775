import { ElButton, ElEmpty, ElMessageBox, ElTable, ElTableColumn, ElTag } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import { inspectorsById } from "./draws";
import { act, formatTime } from "./format";
import { gql } from "./session";

interface FirmRequest {
  id: string;
  kind: "RECUSAL" | "COMPLAINT";
  inspectorId: string | null;
  reason: string;
  createdAt: string;
  firmName: string;
  taskName: string;
  inspector?: string;
}

interface Feedback {
  assignmentId: string;
  firmName: string;
  taskName: string;
  agreedDate: string | null;
  tookPlace: boolean;
  confirmNote: string | null;
  rating: number | null;
  comment: string | null;
}

/**
 * The supervisor's part of the firm's side (issue 15): recusal requests and complaints from inspected firms, which
 * no inspector sees. Granting a recusal replaces the inspector by 递补 from the draw's ranking (recorded in the
 * draw record); a complaint is closed with the supervisor's note. The firm sees the decision on its page.
 */
export default defineComponent({
  setup() {
    const rows = ref<FirmRequest[]>([]);
    const feedback = ref<Feedback[]>([]);
    const load = async () => {
      const r = await gql<{ firmRequests: FirmRequest[]; firmFeedback: Feedback[] }>(
        `{ firmRequests(status: "PENDING", limit: 100) { id kind inspectorId reason createdAt firmName taskName }
           firmFeedback(limit: 50) { assignmentId firmName taskName agreedDate tookPlace confirmNote rating comment } }`,
      );
      feedback.value = r.firmFeedback;
      const people = await inspectorsById([...new Set(r.firmRequests.flatMap((x) => x.inspectorId ?? []))]);
      rows.value = r.firmRequests.map((x) => ({
        ...x,
        inspector: x.inspectorId ? (people.get(x.inspectorId)?.name ?? "") : "",
      }));
    };
    onMounted(() => act(load));
    const decide = (row: FirmRequest, grant: boolean) =>
      act(
        async () => {
          const note = (
            await ElMessageBox.prompt("请填写处理意见（企业可见）", grant ? "准予" : "处理", {
              confirmButtonText: "确定",
              cancelButtonText: "取消",
              inputValidator: (v: string) => Boolean(v?.trim()) || "请填写处理意见",
            })
          ).value;
          await gql(
            `mutation($id: ID!, $g: Boolean!, $n: String!) { decideFirmRequest(id: $id, grant: $g, note: $n) { status } }`,
            { id: row.id, g: grant, n: note },
          );
          await load();
        },
        row.kind === "COMPLAINT" ? "投诉已办结" : grant ? "已准予回避，已按原排序递补" : "已驳回回避申请",
      );
    return () => (
      <div>
        <section class="wb-section" data-queue="firm-requests">
          <h3>
            企业回避申请与投诉 <ElTag>{rows.value.length}</ElTag>
          </h3>
          {rows.value.length ? (
            <ElTable data={rows.value} border>
              <ElTableColumn label="类型" width="100">
                {{ default: ({ row }: { row: FirmRequest }) => (row.kind === "RECUSAL" ? "申请回避" : "投诉") }}
              </ElTableColumn>
              <ElTableColumn prop="firmName" label="企业" minWidth="180" />
              <ElTableColumn prop="taskName" label="抽查任务" minWidth="160" />
              <ElTableColumn prop="inspector" label="检查人员" width="110" />
              <ElTableColumn prop="reason" label="理由或内容" minWidth="220" />
              <ElTableColumn label="提出时间" width="160">
                {{ default: ({ row }: { row: FirmRequest }) => formatTime(row.createdAt) }}
              </ElTableColumn>
              <ElTableColumn label="操作" width="190">
                {{
                  default: ({ row }: { row: FirmRequest }) =>
                    row.kind === "RECUSAL" ? (
                      <span>
                        <ElButton
                          size="small"
                          type="success"
                          onClick={() => decide(row, true)}
                          data-action="grant-recusal"
                        >
                          准予回避
                        </ElButton>
                        <ElButton size="small" onClick={() => decide(row, false)} data-action="reject-recusal">
                          不准予
                        </ElButton>
                      </span>
                    ) : (
                      <ElButton
                        size="small"
                        type="primary"
                        onClick={() => decide(row, false)}
                        data-action="close-complaint"
                      >
                        办结
                      </ElButton>
                    ),
                }}
              </ElTableColumn>
            </ElTable>
          ) : (
            <ElEmpty description="暂无" imageSize={48} />
          )}
        </section>
        <section class="wb-section" data-queue="firm-feedback">
          <h3>
            企业确认与评价 <ElTag>{feedback.value.length}</ElTag>
          </h3>
          {feedback.value.length ? (
            <ElTable data={feedback.value} border>
              <ElTableColumn prop="firmName" label="企业" minWidth="180" />
              <ElTableColumn prop="taskName" label="抽查任务" minWidth="160" />
              <ElTableColumn prop="agreedDate" label="检查日期" width="110" />
              <ElTableColumn label="检查已进行" width="110">
                {{
                  default: ({ row }: { row: Feedback }) =>
                    row.tookPlace ? "是" : <ElTag type="danger">企业称未进行</ElTag>,
                }}
              </ElTableColumn>
              <ElTableColumn label="评分" width="80">
                {{ default: ({ row }: { row: Feedback }) => (row.rating === null ? "" : `${row.rating} 分`) }}
              </ElTableColumn>
              <ElTableColumn label="意见" minWidth="200">
                {{ default: ({ row }: { row: Feedback }) => [row.comment, row.confirmNote].filter(Boolean).join("；") }}
              </ElTableColumn>
            </ElTable>
          ) : (
            <ElEmpty description="暂无" imageSize={48} />
          )}
        </section>
      </div>
    );
  },
});
