import {
  ElButton,
  ElDatePicker,
  ElDialog,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElOption,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { act, todayInChina } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql } from "../session";

interface JointPlanRow {
  id: string;
  title: string;
  year: number;
  status: string;
  dueDate: string;
  tasks: Array<{ id: string; status: string }>;
  report: { visits: number; departmentVisitsAvoided: number };
}
interface Overlap {
  subjectId: string;
  departmentIds: string[];
  visitsAvoided: number;
  windowFrom: string;
  windowTo: string;
  tasks: Array<{ taskId: string; departmentId: string }>;
  subject?: string;
}

/**
 * 联合抽查计划 (the coordinator, 联席会议办公室): the joint plans of a year, a new plan, and 重复检查合并 — the same
 * target drawn by several departments' own tasks in overlapping windows, made one joint visit in a chosen plan.
 */
export default defineComponent({
  setup() {
    const year = ref(Number(todayInChina().slice(0, 4)));
    const plans = ref<JointPlanRow[]>([]);
    const overlaps = ref<Overlap[]>([]);
    const tenants = ref<Map<string, string>>(new Map());
    const range = ref<string[]>([`${year.value}-01-01`, `${year.value}-12-31`]);
    const creating = ref(false);
    const form = reactive({ title: "", year: year.value });
    const target = ref("");
    /** Consolidating into a published plan revises it: the reason is public (计划修订). */
    const revisionReason = ref("");
    const targetPublished = () => plans.value.find((p) => p.id === target.value)?.status === "PUBLISHED";

    const load = async () => {
      const r = await gql<{ jointPlans: { items: JointPlanRow[] }; tenants: Array<{ id: string; name: string }> }>(
        `query($y: Int) { jointPlans(year: $y, limit: 50) { items { id title year status dueDate tasks { id status }
          report { visits departmentVisitsAvoided } } } tenants { id name } }`,
        { y: year.value },
      );
      plans.value = r.jointPlans.items;
      tenants.value = new Map(r.tenants.map((t) => [t.id, t.name]));
      target.value ||= plans.value[0]?.id ?? "";
    };
    onMounted(() => act(load));

    const findOverlaps = () =>
      act(async () => {
        const r = await gql<{ jointOverlaps: Overlap[] }>(
          `query($f: String!, $t: String!) { jointOverlaps(from: $f, to: $t) { subjectId departmentIds visitsAvoided
            windowFrom windowTo tasks { taskId departmentId } } }`,
          { f: range.value[0], t: range.value[1] },
        );
        const ids = [...new Set(r.jointOverlaps.map((o) => o.subjectId))];
        const names = ids.length
          ? await gql<Record<string, { id: string; name: string }>>(
              `query(${ids.map((_, i) => `$s${i}: ID!`).join(", ")}) { ${ids.map((_, i) => `s${i}: subject(id: $s${i}) { id name }`).join(" ")} }`,
              Object.fromEntries(ids.map((id, i) => [`s${i}`, id])),
            )
          : {};
        const byId = new Map(Object.values(names).map((s) => [s.id, s.name]));
        overlaps.value = r.jointOverlaps.map((o) => ({ ...o, subject: byId.get(o.subjectId) ?? "" }));
      });
    const consolidate = (o: Overlap) =>
      act(async () => {
        if (!target.value) throw new Error("请先选择合并到的联合抽查计划");
        await gql(`mutation($i: ConsolidateOverlapInput!) { consolidateJointOverlap(input: $i) { id } }`, {
          i: {
            planId: target.value,
            subjectId: o.subjectId,
            taskIds: o.tasks.map((t) => t.taskId),
            revisionReason: revisionReason.value.trim() || null,
          },
        });
        await findOverlaps();
        await load();
      }, "已合并为一次联合检查");
    const create = async () => {
      const r = await act(
        () =>
          gql<{ createJointPlan: { id: string } }>(
            `mutation($t: String!, $y: Int!) { createJointPlan(title: $t, year: $y) { id } }`,
            {
              t: form.title.trim(),
              y: form.year,
            },
          ),
        "联合抽查计划已新建",
      );
      if (r) go(`/joint/plans/${r.createJointPlan.id}`);
    };

    return () => (
      <div class="wb-screen">
        <h2>部门联合抽查计划</h2>
        <div class="wb-toolbar">
          <span>年度</span>
          <ElInputNumber
            modelValue={year.value}
            onUpdate:modelValue={(v: number | undefined) => {
              year.value = v ?? year.value;
              void act(load);
            }}
            min={2000}
            max={2100}
          />
          <ElButton type="primary" onClick={() => (creating.value = true)} data-action="new-joint-plan">
            新建联合抽查计划
          </ElButton>
        </div>
        <ElTable data={plans.value} border data-joint-plans="">
          <ElTableColumn label="计划" minWidth="280">
            {{
              default: ({ row }: { row: JointPlanRow }) => (
                <a href={`#/joint/plans/${row.id}`} data-joint-plan={row.title}>
                  {row.title}
                </a>
              ),
            }}
          </ElTableColumn>
          <ElTableColumn label="状态" width="110">
            {{ default: ({ row }: { row: JointPlanRow }) => <ElTag>{label("JointPlanStatus", row.status)}</ElTag> }}
          </ElTableColumn>
          <ElTableColumn label="任务数" width="90">
            {{ default: ({ row }: { row: JointPlanRow }) => row.tasks.length }}
          </ElTableColumn>
          <ElTableColumn label="联合检查 / 减少上门" width="170">
            {{
              default: ({ row }: { row: JointPlanRow }) =>
                `${row.report.visits} 次 / ${row.report.departmentVisitsAvoided} 次`,
            }}
          </ElTableColumn>
          <ElTableColumn prop="dueDate" label="应制定完成" width="130" />
        </ElTable>

        <div class="wb-section" data-overlaps="">
          <h3>重复检查合并（同一对象被多个部门抽中且期限重叠）</h3>
          <div class="wb-toolbar">
            <ElDatePicker
              type="daterange"
              modelValue={range.value}
              onUpdate:modelValue={(v: string[] | null) => (range.value = v ?? range.value)}
              valueFormat="YYYY-MM-DD"
            />
            <ElButton onClick={findOverlaps} data-action="find-overlaps">
              查找重复检查
            </ElButton>
            <span>合并到</span>
            <ElSelect
              modelValue={target.value}
              onUpdate:modelValue={(v: string) => (target.value = v)}
              class="wb-select-wide"
              placeholder="选择联合抽查计划"
            >
              {plans.value.map((p) => (
                <ElOption key={p.id} value={p.id} label={p.title} />
              ))}
            </ElSelect>
            {targetPublished() && (
              <ElInput
                modelValue={revisionReason.value}
                onUpdate:modelValue={(v: string) => (revisionReason.value = v)}
                placeholder="计划已公布：合并是一次计划修订，须填写修订理由（公开）"
                class="wb-select-wide"
                name="revisionReason"
              />
            )}
          </div>
          <ElTable data={overlaps.value} border size="small" emptyText="未发现重复检查">
            <ElTableColumn label="检查对象" minWidth="200">
              {{ default: ({ row }: { row: Overlap }) => row.subject }}
            </ElTableColumn>
            <ElTableColumn label="涉及部门" minWidth="260">
              {{
                default: ({ row }: { row: Overlap }) =>
                  row.departmentIds.map((d) => tenants.value.get(d) ?? d).join("、"),
              }}
            </ElTableColumn>
            <ElTableColumn label="期限" width="220">
              {{ default: ({ row }: { row: Overlap }) => `${row.windowFrom} 至 ${row.windowTo}` }}
            </ElTableColumn>
            <ElTableColumn label="可减少上门" width="110">
              {{ default: ({ row }: { row: Overlap }) => `${row.visitsAvoided} 次` }}
            </ElTableColumn>
            <ElTableColumn label="操作" width="150">
              {{
                default: ({ row }: { row: Overlap }) => (
                  <ElButton size="small" type="primary" onClick={() => consolidate(row)} data-action="consolidate">
                    合并为联合检查
                  </ElButton>
                ),
              }}
            </ElTableColumn>
          </ElTable>
        </div>

        <ElDialog
          modelValue={creating.value}
          onUpdate:modelValue={(v: boolean) => (creating.value = v)}
          title="新建部门联合抽查计划"
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
                    name="jointPlanTitle"
                  />
                </ElFormItem>
              </ElForm>
            ),
            footer: () => (
              <ElButton type="primary" onClick={create} data-action="create-joint-plan">
                新建
              </ElButton>
            ),
          }}
        </ElDialog>
      </div>
    );
  },
});
