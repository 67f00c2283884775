import { ElButton, ElInputNumber, ElTable, ElTableColumn, ElTag } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import Facts from "../facts";
import { act, formatTime } from "../format";
import { label } from "../labels";
import PlanRevisions, { PLAN_REVISION_FIELDS, type PlanRevision } from "../plan-revisions";
import { gql, hasRole } from "../session";
import { PLAN_STATUS_TAG } from "./plans";

interface Task {
  id: string;
  name: string;
  kind: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  commitment: string | null;
  origin: string;
  originAuthority: string | null;
  campaignId: string | null;
}
interface Plan {
  id: string;
  title: string;
  year: number;
  status: string;
  dueDate: string;
  returnedReason: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
  filedAt: string | null;
  requiredRounds: number | null;
  tasks: Task[];
  revisions: PlanRevision[];
}

export const TASK_FIELDS = "id name kind status windowFrom windowTo commitment origin originAuthority campaignId";

/** One plan: its lifecycle (submit → approve → publish → file) and its tasks. */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const plan = ref<Plan | null>(null);
    const rounds = ref<number | undefined>(undefined);
    const load = async () => {
      plan.value = (
        await gql<{ plan: Plan }>(
          `query($id: ID!) { plan(id: $id) { id title year status dueDate returnedReason submittedAt approvedAt
            publishedAt filedAt requiredRounds tasks { ${TASK_FIELDS} } ${PLAN_REVISION_FIELDS} } }`,
          { id: props.params.id },
        )
      ).plan;
      rounds.value = plan.value.requiredRounds ?? undefined;
    };
    const saveRounds = () =>
      act(async () => {
        await gql(`mutation($id: ID!, $r: Int) { setPlanRequiredRounds(id: $id, rounds: $r) { id } }`, {
          id: props.params.id,
          r: rounds.value ?? null,
        });
        await load();
      }, "抽查频次已保存");
    onMounted(() => act(load));
    const step = (mutation: string, done: string) =>
      act(async () => {
        await gql(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id: props.params.id });
        await load();
      }, done);
    return () => {
      const p = plan.value;
      if (!p) return <div class="wb-screen" />;
      const planner = hasRole("PLANNER", "ADMIN");
      return (
        <div class="wb-screen">
          <h2>
            {p.title} <ElTag type={PLAN_STATUS_TAG[p.status]}>{label("PlanStatus", p.status)}</ElTag>
          </h2>
          <Facts
            rows={[
              ["年度", <span key="f1">{p.year}</span>] as const,
              ["应制定完成", <span key="f2">{p.dueDate}</span>] as const,
              ["提交审批", <span key="f3">{formatTime(p.submittedAt)}</span>] as const,
              ["批准", <span key="f4">{formatTime(p.approvedAt)}</span>] as const,
              ["公布", <span key="f5">{formatTime(p.publishedAt)}</span>] as const,
              ["备案", <span key="f6">{formatTime(p.filedAt)}</span>] as const,
              p.returnedReason ? (["退回原因", <span key="f7">{p.returnedReason}</span>] as const) : null,
              [
                "抽查频次",
                planner && p.status === "DRAFT" ? (
                  <span key="f8" class="wb-toolbar" data-rounds="">
                    每年不少于
                    <ElInputNumber
                      modelValue={rounds.value}
                      onUpdate:modelValue={(v: number | undefined) => (rounds.value = v ?? undefined)}
                      min={1}
                      max={12}
                      size="small"
                    />
                    轮
                    <ElButton size="small" onClick={saveRounds} data-action="save-rounds">
                      保存
                    </ElButton>
                  </span>
                ) : (
                  <span key="f8" data-rounds="">
                    {p.requiredRounds ? `每年不少于 ${p.requiredRounds} 轮` : "未规定"}
                  </span>
                ),
              ] as const,
            ]}
          />
          <div class="wb-toolbar">
            {planner && p.status === "DRAFT" && (
              <ElButton type="primary" onClick={() => step("submitPlan", "已提交审批")} data-action="submit-plan">
                提交审批
              </ElButton>
            )}
            {planner && p.status === "APPROVED" && (
              <ElButton type="success" onClick={() => step("publishPlan", "计划已公布")} data-action="publish-plan">
                公布计划
              </ElButton>
            )}
            {planner && p.status === "PUBLISHED" && !p.filedAt && (
              <ElButton onClick={() => step("filePlan", "已报联席会议办公室备案")}>报备案</ElButton>
            )}
            {planner && p.status !== "CLOSED" && (
              <ElButton onClick={() => (location.hash = `#/plans/${p.id}/new-task`)} data-action="new-task">
                新建抽查任务
              </ElButton>
            )}
          </div>
          <h3>抽查任务</h3>
          <ElTable data={p.tasks} border data-tasks="">
            <ElTableColumn label="任务名称" minWidth="260">
              {{
                default: ({ row }: { row: Task }) => (
                  <a href={`#/tasks/${row.id}`} data-task={row.name}>
                    {row.name}
                  </a>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="类型" width="140">
              {{ default: ({ row }: { row: Task }) => label("TaskKind", row.kind) }}
            </ElTableColumn>
            <ElTableColumn label="来源" width="220">
              {{
                default: ({ row }: { row: Task }) => (
                  <span data-origin={row.origin}>
                    {label("TaskOrigin", row.origin)}
                    {row.originAuthority ? `（${row.originAuthority}）` : ""}
                    {row.campaignId && (
                      <ElTag size="small" type="warning">
                        专项
                      </ElTag>
                    )}
                  </span>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="检查期" width="220">
              {{ default: ({ row }: { row: Task }) => `${row.windowFrom} 至 ${row.windowTo}` }}
            </ElTableColumn>
            <ElTableColumn label="状态" width="110">
              {{ default: ({ row }: { row: Task }) => <ElTag>{label("TaskStatus", row.status)}</ElTag> }}
            </ElTableColumn>
          </ElTable>
          <PlanRevisions revisions={p.revisions} />
        </div>
      );
    };
  },
});
