import {
  ElButton,
  ElCard,
  ElCheckbox,
  ElCheckboxGroup,
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
import EnumSelect from "../enum-select";
import { act, formatTime } from "../format";
import { label } from "../labels";
import PlanRevisions, { PLAN_REVISION_FIELDS, type PlanRevision } from "../plan-revisions";
import { gql } from "../session";

interface Tenant {
  id: string;
  code: string;
  name: string;
  kind: string;
}
interface Visit {
  id: string;
  status: string;
  proposedDate: string | null;
  agreedDate: string | null;
  subject: { name: string };
  pendingResponses: string[];
  publishedBy: string[];
  pendingPublications: string[];
}
interface JointTaskRow {
  id: string;
  name: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  initiatingDepartment: { id: string; name: string };
  participations: Array<{
    id: string;
    status: string;
    isInitiator: boolean;
    department: { id: string; name: string };
    declineReason: string | null;
    items: Array<{ name: string }>;
  }>;
  visits: Visit[];
}
interface JointPlanView {
  id: string;
  title: string;
  year: number;
  status: string;
  publishedAt: string | null;
  tasks: JointTaskRow[];
  revisions: PlanRevision[];
  report: {
    targets: number;
    visits: number;
    visitsDone: number;
    departmentVisitsAvoided: number;
    itemsChecked: number;
  };
}

const TASK = `id name status windowFrom windowTo initiatingDepartment { id name }
  participations { id status isInitiator declineReason department { id name } items { name } }
  visits { id status proposedDate agreedDate subject { name } pendingResponses publishedBy pendingPublications }`;

/**
 * 联合抽查计划详情 (coordinator): new joint tasks (departments, each department's items, scope, dates, ratio), each
 * department's participation status, publication of the plan, the visits with their dates and which departments
 * have published their part.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const plan = ref<JointPlanView | null>(null);
    const tenants = ref<Tenant[]>([]);
    const itemsOf = ref<Record<string, Array<{ id: string; code: string; name: string }>>>({});
    const creating = ref(false);
    const dates = reactive<Record<string, string>>({});
    const f = reactive({
      name: "",
      initiator: "",
      departments: [] as string[],
      items: {} as Record<string, string[]>,
      window: [] as string[],
      mode: "APPROX",
      percent: 50 as number | undefined,
      tags: "",
      subjectKinds: [] as string[],
      materials: "",
      revisionReason: "",
    });
    const load = async () => {
      const r = await gql<{ jointPlan: JointPlanView; tenants: Tenant[] }>(
        `query($id: ID!) { jointPlan(id: $id) { id title year status publishedAt
          report { targets visits visitsDone departmentVisitsAvoided itemsChecked } tasks { ${TASK} } ${PLAN_REVISION_FIELDS} }
          tenants { id code name kind } }`,
        { id: props.params.id },
      );
      plan.value = r.jointPlan;
      tenants.value = r.tenants.filter((t) => t.kind !== "PLATFORM");
    };
    onMounted(() => act(load));
    const name = (id: string) => tenants.value.find((t) => t.id === id)?.name ?? id;

    const pickDepartments = async (ids: string[]) => {
      f.departments = ids;
      for (const id of ids) {
        if (itemsOf.value[id]) continue;
        const code = tenants.value.find((t) => t.id === id)?.code;
        const r = await gql<{ currentItemList: { items: Array<{ id: string; code: string; name: string }> } | null }>(
          `query($c: String!) { currentItemList(tenantCode: $c) { items { id code name } } }`,
          { c: code },
        );
        itemsOf.value = { ...itemsOf.value, [id]: r.currentItemList?.items ?? [] };
        f.items[id] ??= [];
      }
    };
    const createTask = async () => {
      const ok = await act(
        () =>
          gql(`mutation($i: NewJointTaskInput!) { createJointTask(input: $i) { id } }`, {
            i: {
              planId: props.params.id,
              name: f.name.trim(),
              initiatingDepartmentId: f.initiator,
              departments: [...new Set([f.initiator, ...f.departments])]
                .filter(Boolean)
                .map((d) => ({ departmentId: d, itemIds: f.items[d] ?? [] })),
              windowFrom: f.window[0] ?? "",
              windowTo: f.window[1] ?? "",
              samplingRule: {
                default: { mode: f.mode, percent: ["MIN", "MAX", "APPROX"].includes(f.mode) ? f.percent : null },
              },
              stratifyBy: "NONE",
              targetScope: {
                tags: f.tags.split(/[、,，\s]+/).filter(Boolean),
                subjectKinds: f.subjectKinds,
              },
              materials: f.materials
                .split(/\n+/)
                .map((m) => m.trim())
                .filter(Boolean),
              revisionReason: f.revisionReason.trim() || null,
            },
          }),
        "联合抽查任务已新建，已邀请参与部门",
      );
      if (ok) {
        creating.value = false;
        await load();
      }
    };
    const run = (query: string, vars: Record<string, unknown>, done: string) =>
      act(async () => {
        await gql(query, vars);
        await load();
      }, done);

    const taskCard = (t: JointTaskRow) => (
      <ElCard class="wb-card" shadow="never" key={t.id} data-joint-task={t.name}>
        {{
          header: () => (
            <span>
              {t.name} <ElTag>{label("JointTaskStatus", t.status)}</ElTag>{" "}
              <span class="wb-muted">
                发起部门：{t.initiatingDepartment.name} · {t.windowFrom} 至 {t.windowTo}
              </span>
            </span>
          ),
          default: () => (
            <div>
              <ElTable data={t.participations} border size="small" data-participations="">
                <ElTableColumn label="部门" minWidth="200">
                  {{
                    default: ({ row }: { row: JointTaskRow["participations"][number] }) =>
                      `${row.department.name}${row.isInitiator ? "（发起）" : ""}`,
                  }}
                </ElTableColumn>
                <ElTableColumn label="参与情况" width="130">
                  {{
                    default: ({ row }: { row: JointTaskRow["participations"][number] }) => (
                      <ElTag
                        type={row.status === "CONFIRMED" ? "success" : row.status === "DECLINED" ? "danger" : "warning"}
                        data-participation={row.status}
                      >
                        {label("JointParticipationStatus", row.status)}
                      </ElTag>
                    ),
                  }}
                </ElTableColumn>
                <ElTableColumn label="承担事项" minWidth="260">
                  {{
                    default: ({ row }: { row: JointTaskRow["participations"][number] }) =>
                      row.declineReason ?? row.items.map((i) => i.name).join("；"),
                  }}
                </ElTableColumn>
              </ElTable>
              {t.visits.length > 0 && (
                <ElTable data={t.visits} border size="small" class="wb-section" data-visits="">
                  <ElTableColumn label="检查对象" minWidth="200">
                    {{ default: ({ row }: { row: Visit }) => row.subject.name }}
                  </ElTableColumn>
                  <ElTableColumn label="状态" width="120">
                    {{
                      default: ({ row }: { row: Visit }) => (
                        <ElTag data-visit-status={row.status}>{label("JointVisitStatus", row.status)}</ElTag>
                      ),
                    }}
                  </ElTableColumn>
                  <ElTableColumn label="检查日期" width="260">
                    {{
                      default: ({ row }: { row: Visit }) =>
                        row.agreedDate ? (
                          `已确定 ${row.agreedDate}`
                        ) : (
                          <span class="wb-toolbar">
                            <ElDatePicker
                              type="date"
                              modelValue={dates[row.id] ?? row.proposedDate ?? ""}
                              onUpdate:modelValue={(v: string) => (dates[row.id] = v)}
                              valueFormat="YYYY-MM-DD"
                              size="small"
                            />
                            <ElButton
                              size="small"
                              onClick={() =>
                                run(
                                  `mutation($i: JointVisitDateInput!) { ${row.status === "CONTESTED" ? "resolveJointVisitDate" : "proposeJointVisitDate"}(input: $i) { id } }`,
                                  { i: { visitId: row.id, date: dates[row.id] ?? row.proposedDate } },
                                  row.status === "CONTESTED" ? "检查日期已裁定" : "已提出检查日期，等待各部门接受",
                                )
                              }
                              data-action="propose-date"
                            >
                              {row.status === "CONTESTED" ? "裁定" : "提出"}
                            </ElButton>
                          </span>
                        ),
                    }}
                  </ElTableColumn>
                  <ElTableColumn label="结果公示" minWidth="220">
                    {{
                      default: ({ row }: { row: Visit }) =>
                        `已公示：${row.publishedBy.map(name).join("、") || "无"}；待公示：${row.pendingPublications.map(name).join("、") || "无"}`,
                    }}
                  </ElTableColumn>
                </ElTable>
              )}
            </div>
          ),
        }}
      </ElCard>
    );

    return () => {
      const p = plan.value;
      if (!p) return <div class="wb-screen" />;
      return (
        <div class="wb-screen">
          <h2>
            {p.title} <ElTag>{label("JointPlanStatus", p.status)}</ElTag>
          </h2>
          <p class="wb-muted">
            检查对象 {p.report.targets} 户 · 联合检查 {p.report.visits} 次（已完成 {p.report.visitsDone}） ·
            减少部门上门 {p.report.departmentVisitsAvoided} 次
            {p.publishedAt ? ` · 公布于 ${formatTime(p.publishedAt)}` : ""}
          </p>
          <div class="wb-toolbar">
            <ElButton type="primary" onClick={() => (creating.value = true)} data-action="new-joint-task">
              新建联合抽查任务
            </ElButton>
            {p.status === "DRAFT" && (
              <ElButton
                type="success"
                onClick={() =>
                  run(`mutation($id: ID!) { publishJointPlan(id: $id) { id } }`, { id: p.id }, "联合抽查计划已公布")
                }
                data-action="publish-joint-plan"
              >
                公布计划
              </ElButton>
            )}
          </div>
          {p.tasks.map(taskCard)}
          <PlanRevisions revisions={p.revisions} />
          <ElDialog
            modelValue={creating.value}
            onUpdate:modelValue={(v: boolean) => (creating.value = v)}
            title="新建联合抽查任务"
            width="760px"
          >
            {{
              default: () => (
                <ElForm labelWidth="110px">
                  <ElFormItem label="任务名称">
                    <ElInput
                      modelValue={f.name}
                      onUpdate:modelValue={(v: string) => (f.name = v)}
                      name="jointTaskName"
                    />
                  </ElFormItem>
                  <ElFormItem label="发起部门">
                    <ElSelect
                      modelValue={f.initiator}
                      onUpdate:modelValue={(v: string) => {
                        f.initiator = v;
                        void pickDepartments([...new Set([v, ...f.departments])]);
                      }}
                      filterable
                      data-field="initiator"
                    >
                      {tenants.value.map((t) => (
                        <ElOption key={t.id} value={t.id} label={t.name} />
                      ))}
                    </ElSelect>
                  </ElFormItem>
                  <ElFormItem label="参与部门">
                    <ElSelect
                      multiple
                      filterable
                      modelValue={f.departments}
                      onUpdate:modelValue={(v: string[]) => void pickDepartments(v)}
                      data-field="departments"
                    >
                      {tenants.value.map((t) => (
                        <ElOption key={t.id} value={t.id} label={t.name} />
                      ))}
                    </ElSelect>
                  </ElFormItem>
                  {[...new Set([f.initiator, ...f.departments])].filter(Boolean).map((d) => (
                    <ElFormItem key={d} label={name(d)}>
                      <ElCheckboxGroup
                        modelValue={f.items[d] ?? []}
                        onUpdate:modelValue={(v: (string | number | boolean)[]) => (f.items[d] = v.map(String))}
                      >
                        {(itemsOf.value[d] ?? []).map((i) => (
                          <ElCheckbox key={i.id} value={i.id} data-item={i.code}>
                            {i.code} {i.name}
                          </ElCheckbox>
                        ))}
                      </ElCheckboxGroup>
                    </ElFormItem>
                  ))}
                  <ElFormItem label="检查期">
                    <ElDatePicker
                      type="daterange"
                      modelValue={f.window}
                      onUpdate:modelValue={(v: string[] | null) => (f.window = v ?? [])}
                      valueFormat="YYYY-MM-DD"
                      startPlaceholder="开始日期"
                      endPlaceholder="结束日期"
                      data-field="window"
                    />
                  </ElFormItem>
                  <ElFormItem label="抽查比例">
                    <EnumSelect
                      enumName="StratumMode"
                      filter={(v) => v !== "EXCLUDE"}
                      modelValue={f.mode}
                      onUpdate:modelValue={(v: string) => (f.mode = v)}
                      class="wb-rule-mode"
                    />
                    {["MIN", "MAX", "APPROX"].includes(f.mode) && (
                      <ElInputNumber
                        modelValue={f.percent}
                        onUpdate:modelValue={(v: number | undefined) => (f.percent = v)}
                        min={0}
                        max={100}
                      />
                    )}
                  </ElFormItem>
                  <ElFormItem label="对象范围（标签）">
                    <ElInput
                      modelValue={f.tags}
                      onUpdate:modelValue={(v: string) => (f.tags = v)}
                      placeholder="发起部门名录库的行业标签，多个用顿号分隔"
                      name="jointTags"
                    />
                  </ElFormItem>
                  <ElFormItem label="检查对象类型">
                    <EnumSelect
                      enumName="SubjectKind"
                      multiple
                      modelValue={f.subjectKinds}
                      onUpdate:modelValue={(v: string[]) => (f.subjectKinds = v)}
                    />
                  </ElFormItem>
                  <ElFormItem label="需准备的材料">
                    <ElInput
                      type="textarea"
                      modelValue={f.materials}
                      onUpdate:modelValue={(v: string) => (f.materials = v)}
                      placeholder="每行一项"
                    />
                  </ElFormItem>
                  {p.status === "PUBLISHED" && (
                    <ElFormItem label="修订理由" required>
                      <ElInput
                        modelValue={f.revisionReason}
                        onUpdate:modelValue={(v: string) => (f.revisionReason = v)}
                        placeholder="计划已公布：新增任务是一次计划修订，须说明理由，修订内容向社会公开"
                        name="revisionReason"
                      />
                    </ElFormItem>
                  )}
                </ElForm>
              ),
              footer: () => (
                <ElButton type="primary" onClick={createTask} data-action="create-joint-task">
                  新建并邀请
                </ElButton>
              ),
            }}
          </ElDialog>
        </div>
      );
    };
  },
});
