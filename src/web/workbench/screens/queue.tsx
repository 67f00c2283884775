import { ElAlert, ElButton, ElEmpty, ElMessageBox, ElTable, ElTableColumn, ElTag } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import FirmRequestsQueue from "../firm-requests-queue";
import { act, formatTime } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql, session } from "../session";

interface PlanRow {
  id: string;
  title: string;
  year: number;
  status: string;
  submittedAt: string | null;
  tasks: Array<{ id: string; name: string; status: string; kind: string; windowFrom: string; windowTo: string }>;
}
interface ResultRow {
  id: string;
  status: string;
  categoryCode: string;
  problems: string;
  handling: string;
  submittedAt: string | null;
  approvedAt: string | null;
  subjectId: string;
  subject?: string;
}
interface TaskRow {
  id: string;
  name: string;
  kind: string;
  windowFrom: string;
  windowTo: string;
  plan: string;
}

const RESULT_FIELDS = "id status categoryCode problems handling submittedAt approvedAt subjectId";

/** Names of subjects in one request (aliases). */
async function subjectNames(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const r = await gql<Record<string, { id: string; name: string }>>(
    `query(${unique.map((_, i) => `$s${i}: ID!`).join(", ")}) { ${unique
      .map((_, i) => `s${i}: subject(id: $s${i}) { id name }`)
      .join(" ")} }`,
    Object.fromEntries(unique.map((id, i) => [`s${i}`, id])),
  );
  return new Map(Object.values(r).map((s) => [s.id, s.name]));
}

/**
 * 待审核事项: one queue of what waits for the department's supervisor — plans to approve, tasks to approve (which
 * commits the draw's seed), results to review and approved results to publish — each with approve / return.
 */
export default defineComponent({
  setup() {
    const plans = ref<PlanRow[]>([]);
    const tasks = ref<TaskRow[]>([]);
    const submitted = ref<ResultRow[]>([]);
    const approved = ref<ResultRow[]>([]);
    const codes = ref<Map<string, string>>(new Map());
    const load = async () => {
      const r = await gql<{
        plans: { items: PlanRow[] };
        s: { items: ResultRow[] };
        a: { items: ResultRow[] };
        resultCodes: Array<{ code: string; name: string }>;
      }>(
        `query($t: ID) {
          plans(tenantId: $t, limit: 50) { items { id title year status submittedAt
            tasks { id name status kind windowFrom windowTo } } }
          s: inspectionResults(status: SUBMITTED, limit: 100) { items { ${RESULT_FIELDS} } }
          a: inspectionResults(status: APPROVED, limit: 100) { items { ${RESULT_FIELDS} } }
          resultCodes { code name } }`,
        { t: session.me?.tenant.id },
      );
      codes.value = new Map(r.resultCodes.map((c) => [c.code, c.name]));
      plans.value = r.plans.items.filter((p) => p.status === "SUBMITTED");
      tasks.value = r.plans.items
        .filter((p) => p.status === "APPROVED" || p.status === "PUBLISHED")
        .flatMap((p) =>
          p.tasks.filter((t) => t.status === "DRAFT" && t.kind !== "COMPLAINT").map((t) => ({ ...t, plan: p.title })),
        );
      const names = await subjectNames([...r.s.items, ...r.a.items].map((x) => x.subjectId));
      const named = (x: ResultRow) => ({ ...x, subject: names.get(x.subjectId) ?? "" });
      submitted.value = r.s.items.map(named);
      approved.value = r.a.items.map(named);
    };
    onMounted(() => act(load));

    const run = (mutation: string, id: string, done: string, extra = "") =>
      act(async () => {
        await gql(`mutation($id: ID!${extra ? ", $reason: String!" : ""}) { ${mutation}(id: $id${extra}) { id } }`, {
          id,
          ...(extra ? { reason: (await reasonFor()) as string } : {}),
        });
        await load();
      }, done);
    const reasonFor = async () => {
      const r = await ElMessageBox.prompt("请填写退回原因（将告知提交人）", "退回", {
        confirmButtonText: "退回",
        cancelButtonText: "取消",
        inputValidator: (v: string) => Boolean(v?.trim()) || "退回必须说明原因",
      });
      return r.value;
    };
    const returnArg = ", reason: $reason";

    const results = (rows: ResultRow[], review: boolean) => (
      <ElTable data={rows} border data-results={review ? "submitted" : "approved"}>
        <ElTableColumn label="检查对象" minWidth="200">
          {{ default: ({ row }: { row: ResultRow }) => row.subject }}
        </ElTableColumn>
        <ElTableColumn label="检查结果" minWidth="160">
          {{ default: ({ row }: { row: ResultRow }) => codes.value.get(row.categoryCode) ?? row.categoryCode }}
        </ElTableColumn>
        <ElTableColumn prop="problems" label="存在问题" minWidth="200" />
        <ElTableColumn prop="handling" label="处理情况" minWidth="160" />
        <ElTableColumn label={review ? "提交时间" : "批准时间"} width="160">
          {{ default: ({ row }: { row: ResultRow }) => formatTime(review ? row.submittedAt : row.approvedAt) }}
        </ElTableColumn>
        <ElTableColumn label="操作" width="170">
          {{
            default: ({ row }: { row: ResultRow }) =>
              review ? (
                <span>
                  <ElButton
                    size="small"
                    type="success"
                    onClick={() => run("approveInspectionResult", row.id, "结果已批准")}
                    data-action="approve-result"
                  >
                    批准
                  </ElButton>
                  <ElButton size="small" onClick={() => run("returnInspectionResult", row.id, "已退回", returnArg)}>
                    退回
                  </ElButton>
                </span>
              ) : (
                <ElButton
                  size="small"
                  type="primary"
                  onClick={() => run("publishInspectionResult", row.id, "结果已公示")}
                  data-action="publish-result"
                >
                  公示
                </ElButton>
              ),
          }}
        </ElTableColumn>
      </ElTable>
    );

    return () => (
      <div class="wb-screen">
        <h2>待审核事项</h2>
        <section class="wb-section" data-queue="plans">
          <h3>
            待审批计划 <ElTag>{plans.value.length}</ElTag>
          </h3>
          {plans.value.length ? (
            <ElTable data={plans.value} border>
              <ElTableColumn label="计划" minWidth="260">
                {{ default: ({ row }: { row: PlanRow }) => <a href={`#/plans/${row.id}`}>{row.title}</a> }}
              </ElTableColumn>
              <ElTableColumn label="提交时间" width="170">
                {{ default: ({ row }: { row: PlanRow }) => formatTime(row.submittedAt) }}
              </ElTableColumn>
              <ElTableColumn label="操作" width="170">
                {{
                  default: ({ row }: { row: PlanRow }) => (
                    <span>
                      <ElButton
                        size="small"
                        type="success"
                        onClick={() => run("approvePlan", row.id, "计划已批准")}
                        data-action="approve-plan"
                      >
                        批准
                      </ElButton>
                      <ElButton size="small" onClick={() => run("returnPlan", row.id, "计划已退回", returnArg)}>
                        退回
                      </ElButton>
                    </span>
                  ),
                }}
              </ElTableColumn>
            </ElTable>
          ) : (
            <ElEmpty description="暂无" imageSize={48} />
          )}
        </section>
        <section class="wb-section" data-queue="tasks">
          <h3>
            待批准的抽查任务 <ElTag>{tasks.value.length}</ElTag>
          </h3>
          {tasks.value.length ? (
            <ElTable data={tasks.value} border>
              <ElTableColumn label="任务" minWidth="240">
                {{ default: ({ row }: { row: TaskRow }) => <a href={`#/tasks/${row.id}`}>{row.name}</a> }}
              </ElTableColumn>
              <ElTableColumn prop="plan" label="所属计划" minWidth="200" />
              <ElTableColumn label="类型" width="120">
                {{ default: ({ row }: { row: TaskRow }) => label("TaskKind", row.kind) }}
              </ElTableColumn>
              <ElTableColumn label="操作" width="220">
                {{
                  default: ({ row }: { row: TaskRow }) => (
                    <ElButton
                      size="small"
                      type="success"
                      onClick={() =>
                        act(async () => {
                          await gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: row.id });
                          go(`/tasks/${row.id}`);
                        }, "任务已批准，随机种子承诺值已公布")
                      }
                      data-action="approve-task"
                    >
                      批准（承诺随机种子）
                    </ElButton>
                  ),
                }}
              </ElTableColumn>
            </ElTable>
          ) : (
            <ElEmpty description="暂无" imageSize={48} />
          )}
        </section>
        <section class="wb-section" data-queue="results">
          <h3>
            待审核检查结果 <ElTag>{submitted.value.length}</ElTag>
          </h3>
          {submitted.value.length ? results(submitted.value, true) : <ElEmpty description="暂无" imageSize={48} />}
        </section>
        <section class="wb-section" data-queue="publish">
          <h3>
            已批准待公示 <ElTag>{approved.value.length}</ElTag>
          </h3>
          {approved.value.length ? results(approved.value, false) : <ElEmpty description="暂无" imageSize={48} />}
        </section>
        <FirmRequestsQueue />
        <ElAlert
          type="info"
          closable={false}
          title="检查人员自行申报的回避与作废申请：现由监督人员在抽查任务页面直接办理；抽取协议 v2 的申请—审批接口上线后将列入本队列。"
        />
      </div>
    );
  },
});
