import {
  ElButton,
  ElDialog,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { act, todayInChina } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql, hasRole, session } from "../session";

export interface PlanRow {
  id: string;
  title: string;
  year: number;
  status: string;
  dueDate: string;
  overdue: boolean;
  returnedReason: string | null;
  department: { id: string; name: string };
  tasks: Array<{ id: string }>;
}

export const PLAN_STATUS_TAG: Record<string, "info" | "warning" | "success" | "primary" | "danger"> = {
  DRAFT: "info",
  SUBMITTED: "warning",
  APPROVED: "primary",
  PUBLISHED: "success",
  CLOSED: "info",
};

/** 年度抽查计划: this department's plans (newest year first) and a new draft plan. */
export default defineComponent({
  setup() {
    const plans = ref<PlanRow[]>([]);
    const creating = ref(false);
    const form = reactive({ title: "", year: Number(todayInChina().slice(0, 4)) });
    const load = async () => {
      const r = await gql<{ plans: { items: PlanRow[] } }>(
        `query($t: ID) { plans(tenantId: $t, limit: 100) { items {
          id title year status dueDate overdue returnedReason department { id name } tasks { id } } } }`,
        { t: session.me?.tenant.id },
      );
      plans.value = r.plans.items.sort((a, b) => b.year - a.year);
    };
    onMounted(() => act(load));
    const create = async () => {
      const r = await act(
        () =>
          gql<{ createPlan: { id: string } }>(
            `mutation($y: Int!, $t: String!) { createPlan(year: $y, title: $t) { id } }`,
            { y: form.year, t: form.title.trim() },
          ),
        "计划草稿已新建",
      );
      if (r) go(`/plans/${r.createPlan.id}`);
    };
    return () => (
      <div class="wb-screen">
        <h2>年度抽查计划</h2>
        <div class="wb-toolbar">
          {hasRole("PLANNER", "ADMIN") && (
            <ElButton type="primary" onClick={() => (creating.value = true)} data-action="new-plan">
              新建计划
            </ElButton>
          )}
        </div>
        <ElTable data={plans.value} border data-plans="">
          <ElTableColumn prop="year" label="年度" width="80" />
          <ElTableColumn label="计划名称" minWidth="280">
            {{
              default: ({ row }: { row: PlanRow }) => (
                <a href={`#/plans/${row.id}`} data-plan={row.title}>
                  {row.title}
                </a>
              ),
            }}
          </ElTableColumn>
          <ElTableColumn label="状态" width="120">
            {{
              default: ({ row }: { row: PlanRow }) => (
                <ElTag type={PLAN_STATUS_TAG[row.status]}>{label("PlanStatus", row.status)}</ElTag>
              ),
            }}
          </ElTableColumn>
          <ElTableColumn label="任务数" width="90">
            {{ default: ({ row }: { row: PlanRow }) => row.tasks.length }}
          </ElTableColumn>
          <ElTableColumn label="应制定完成" width="140">
            {{
              default: ({ row }: { row: PlanRow }) => (
                <span>
                  {row.dueDate} {row.overdue && <ElTag type="danger">逾期</ElTag>}
                </span>
              ),
            }}
          </ElTableColumn>
        </ElTable>
        <ElDialog
          modelValue={creating.value}
          onUpdate:modelValue={(v: boolean) => (creating.value = v)}
          title="新建年度抽查计划"
          width="520px"
        >
          {{
            default: () => (
              <ElForm labelWidth="90px">
                <ElFormItem label="年度">
                  <ElInputNumber
                    modelValue={form.year}
                    onUpdate:modelValue={(v: number | undefined) => (form.year = v ?? form.year)}
                    min={2000}
                    max={2100}
                  />
                </ElFormItem>
                <ElFormItem label="计划名称">
                  <ElInput
                    modelValue={form.title}
                    onUpdate:modelValue={(v: string) => (form.title = v)}
                    name="planTitle"
                    placeholder="如：2026年“双随机、一公开”抽查工作计划"
                  />
                </ElFormItem>
              </ElForm>
            ),
            footer: () => (
              <ElButton type="primary" onClick={create} data-action="create-plan">
                新建
              </ElButton>
            ),
          }}
        </ElDialog>
      </div>
    );
  },
});
