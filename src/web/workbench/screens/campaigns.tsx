import {
  ElButton,
  ElDatePicker,
  ElDialog,
  ElForm,
  ElFormItem,
  ElInput,
  ElRadioButton,
  ElRadioGroup,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { act } from "../format";
import { label, options } from "../labels";
import { gql, hasRole } from "../session";

export interface Campaign {
  id: string;
  name: string;
  kind: string;
  periodFrom: string;
  periodTo: string;
  basis: string;
  tasks: number;
  tasksDrawn: number;
}

export const CAMPAIGN_FIELDS = "id name kind periodFrom periodTo basis tasks tasksDrawn";

/** This department's 专项检查/专项整治, newest period first (the task builder offers them to directed tasks). */
export async function loadCampaigns(): Promise<Campaign[]> {
  const r = await gql<{ inspectionCampaigns: Campaign[] }>(`{ inspectionCampaigns { ${CAMPAIGN_FIELDS} } }`);
  return r.inspectionCampaigns.sort((a, b) => b.periodFrom.localeCompare(a.periodFrom));
}

/**
 * 专项检查/专项整治: the department's campaigns with their period, basis and how many of their directed tasks are
 * drawn; a planner opens a new one. Tasks join a campaign in the task builder (定向抽查 inside its period).
 */
export default defineComponent({
  setup() {
    const campaigns = ref<Campaign[]>([]);
    const creating = ref(false);
    const form = reactive({ name: "", kind: "SPECIAL_CHECK", period: [] as string[], basis: "" });
    const load = async () => {
      campaigns.value = await loadCampaigns();
    };
    onMounted(() => act(load));
    const create = async () => {
      const r = await act(
        () =>
          gql(`mutation($i: CampaignInput!) { createInspectionCampaign(input: $i) { id } }`, {
            i: {
              name: form.name.trim(),
              kind: form.kind,
              periodFrom: form.period[0] ?? "",
              periodTo: form.period[1] ?? "",
              basis: form.basis.trim(),
            },
          }),
        "专项已新建",
      );
      if (!r) return;
      creating.value = false;
      Object.assign(form, { name: "", period: [], basis: "" });
      await act(load);
    };
    return () => (
      <div class="wb-screen">
        <h2>专项检查 / 专项整治</h2>
        <p class="wb-muted">专项内的任务须为定向抽查，检查期在专项期间内；全县视图和年终通报分开统计专项任务。</p>
        <div class="wb-toolbar">
          {hasRole("PLANNER", "ADMIN") && (
            <ElButton type="primary" onClick={() => (creating.value = true)} data-action="new-campaign">
              新建专项
            </ElButton>
          )}
        </div>
        <ElTable data={campaigns.value} border data-campaigns="" emptyText="本部门尚无专项">
          <ElTableColumn prop="name" label="专项名称" minWidth="240" />
          <ElTableColumn label="类型" width="120">
            {{ default: ({ row }: { row: Campaign }) => <ElTag>{label("CampaignKind", row.kind)}</ElTag> }}
          </ElTableColumn>
          <ElTableColumn label="期间" width="220">
            {{ default: ({ row }: { row: Campaign }) => `${row.periodFrom} 至 ${row.periodTo}` }}
          </ElTableColumn>
          <ElTableColumn prop="basis" label="依据" minWidth="200" />
          <ElTableColumn label="任务（已抽取）" width="140">
            {{
              default: ({ row }: { row: Campaign }) => (
                <span data-campaign-tasks={row.name}>
                  {row.tasks}（{row.tasksDrawn}）
                </span>
              ),
            }}
          </ElTableColumn>
        </ElTable>
        <ElDialog
          modelValue={creating.value}
          onUpdate:modelValue={(v: boolean) => (creating.value = v)}
          title="新建专项"
          width="560px"
        >
          {{
            default: () => (
              <ElForm labelWidth="90px">
                <ElFormItem label="专项名称">
                  <ElInput
                    modelValue={form.name}
                    onUpdate:modelValue={(v: string) => (form.name = v)}
                    name="campaignName"
                    placeholder="如：2026年燃气安全专项整治"
                  />
                </ElFormItem>
                <ElFormItem label="类型">
                  <ElRadioGroup
                    modelValue={form.kind}
                    onUpdate:modelValue={(v: string | number | boolean | undefined) => (form.kind = String(v))}
                  >
                    {options("CampaignKind").map((o) => (
                      <ElRadioButton key={o.value} value={o.value}>
                        {o.label}
                      </ElRadioButton>
                    ))}
                  </ElRadioGroup>
                </ElFormItem>
                <ElFormItem label="期间">
                  <ElDatePicker
                    type="daterange"
                    modelValue={form.period}
                    onUpdate:modelValue={(v: string[] | null) => (form.period = v ?? [])}
                    valueFormat="YYYY-MM-DD"
                    startPlaceholder="开始日期"
                    endPlaceholder="结束日期"
                    data-field="campaign-period"
                  />
                </ElFormItem>
                <ElFormItem label="依据">
                  <ElInput
                    modelValue={form.basis}
                    onUpdate:modelValue={(v: string) => (form.basis = v)}
                    name="campaignBasis"
                    placeholder="上级文件、工作方案等"
                  />
                </ElFormItem>
              </ElForm>
            ),
            footer: () => (
              <ElButton type="primary" onClick={create} data-action="create-campaign">
                新建
              </ElButton>
            ),
          }}
        </ElDialog>
      </div>
    );
  },
});
