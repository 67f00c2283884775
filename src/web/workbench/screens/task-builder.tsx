import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElCheckboxGroup,
  ElDatePicker,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElOption,
  ElRadioButton,
  ElRadioGroup,
  ElSelect,
  ElTable,
  ElTableColumn,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref, watch } from "vue";
import EnumSelect from "../enum-select";
import { act, errorText, splitInputList } from "../format";
import { label, options } from "../labels";
import { go } from "../router";
import { gql, session } from "../session";
import { type Campaign, loadCampaigns } from "./campaigns";

interface Item {
  id: string;
  code: string;
  name: string;
  itemClass: string;
  defaultRatio: number | null;
  ratioCap: number | null;
}
interface Preview {
  populationSize: number;
  drawCount: number;
  strata: Array<{ stratum: string; populationCount: number; sampleSize: number }>;
  exclusions: Array<{ reason: string; count: number }>;
  warnings: string[];
}
interface RuleRow {
  /** Stable key of a stratum row while its name is edited. */
  key?: number;
  stratum: string;
  mode: string;
  percent: number | undefined;
  count: number | undefined;
}

const RATIO_MODES = ["MIN", "MAX", "APPROX"];
const PREVIEW_FIELDS = `populationSize drawCount strata { stratum populationCount sampleSize }
  exclusions { reason count } warnings`;

const ruleOf = (r: RuleRow) => ({
  mode: r.mode,
  percent: RATIO_MODES.includes(r.mode) ? (r.percent ?? null) : null,
  count: r.mode === "FIXED" ? (r.count ?? null) : null,
});

/**
 * 新建抽查任务: items from the published list, the window, 定向 filters, the sampling-rule builder (a default rule
 * and one rule per stratum) with a live preview of every stratum's size and draw count, and the team rule.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const items = ref<Item[]>([]);
    const campaigns = ref<Campaign[]>([]);
    const preview = ref<Preview | null>(null);
    const previewError = ref("");
    const f = reactive({
      name: "",
      kind: "UNDIRECTED",
      itemIds: [] as string[],
      window: [] as string[],
      stratifyBy: "NONE",
      tags: "",
      riskClasses: "",
      subjectKinds: [] as string[],
      rule: { stratum: "", mode: "APPROX", percent: 5, count: undefined } as RuleRow,
      strata: [] as RuleRow[],
      minSize: 2,
      maxSize: 3,
      subLibrary: "",
      expertCount: 0,
      expertSubLibrary: "",
      overrideReason: "",
      origin: "OWN",
      originAuthority: "",
      originReference: "",
      campaignId: "",
      revisionReason: "",
    });
    /** A published plan is frozen: the new task is a public revision and needs its reason (计划修订). */
    const planPublished = ref(false);

    onMounted(() =>
      act(async () => {
        const r = await gql<{ currentItemList: { items: Item[] } | null }>(
          `query($c: String!) { currentItemList(tenantCode: $c) { items { id code name itemClass defaultRatio ratioCap } } }`,
          { c: session.me?.tenant.code },
        );
        items.value = r.currentItemList?.items ?? [];
        campaigns.value = await loadCampaigns();
        const p = await gql<{ plan: { status: string } }>(`query($id: ID!) { plan(id: $id) { status } }`, {
          id: props.params.id,
        });
        planPublished.value = p.plan.status === "PUBLISHED";
      }),
    );

    const input = () => ({
      planId: props.params.id,
      name: f.name.trim() || "（未命名任务）",
      kind: f.kind,
      itemIds: f.itemIds,
      windowFrom: f.window[0] ?? "",
      windowTo: f.window[1] ?? "",
      filters:
        f.kind === "DIRECTED"
          ? {
              tags: splitInputList(f.tags),
              riskClasses: splitInputList(f.riskClasses),
              subjectKinds: f.subjectKinds,
            }
          : {},
      stratifyBy: f.stratifyBy,
      samplingRule: {
        default: ruleOf(f.rule),
        strata:
          f.stratifyBy === "NONE"
            ? []
            : f.strata.filter((s) => s.stratum).map((s) => ({ stratum: s.stratum, ...ruleOf(s) })),
      },
      teamRule: {
        minSize: f.minSize,
        maxSize: f.maxSize,
        subLibrary: f.subLibrary.trim() || null,
        experts: f.expertCount > 0 ? { count: f.expertCount, subLibrary: f.expertSubLibrary.trim() } : null,
      },
      policyOverrideReason: f.overrideReason.trim() || null,
      origin: f.origin,
      originAuthority: f.origin === "OWN" ? null : f.originAuthority.trim() || null,
      originReference: f.origin === "OWN" ? null : f.originReference.trim() || null,
      campaignId: f.kind === "DIRECTED" && f.campaignId ? f.campaignId : null,
      revisionReason: f.revisionReason.trim() || null,
    });

    // The preview follows every change (debounced): the clerk sees the stratum sizes while building the rule.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!f.itemIds.length) {
          preview.value = null;
          previewError.value = "请选择抽查事项后查看预览";
          return;
        }
        try {
          const v = {
            ...input(),
            windowFrom: input().windowFrom || "2000-01-01",
            windowTo: input().windowTo || "2000-01-01",
          };
          preview.value = (
            await gql<{ taskPreview: Preview }>(
              `query($i: NewTaskInput!) { taskPreview(input: $i) { ${PREVIEW_FIELDS} } }`,
              { i: v },
            )
          ).taskPreview;
          previewError.value = "";
        } catch (e) {
          preview.value = null;
          previewError.value = errorText(e);
        }
      }, 300);
    };
    watch(() => JSON.stringify({ ...input(), name: "", policyOverrideReason: null, revisionReason: null }), refresh);

    const create = async () => {
      const r = await act(
        () =>
          gql<{ createTask: { id: string } }>(`mutation($i: NewTaskInput!) { createTask(input: $i) { id } }`, {
            i: input(),
          }),
        "抽查任务已新建",
      );
      if (r) go(`/tasks/${r.createTask.id}`);
    };

    const ruleEditor = (r: RuleRow) => (
      <span class="wb-toolbar">
        <EnumSelect
          enumName="StratumMode"
          modelValue={r.mode}
          onUpdate:modelValue={(v: string) => (r.mode = v)}
          class="wb-rule-mode"
          testId="mode"
        />
        {RATIO_MODES.includes(r.mode) && (
          <ElInputNumber
            modelValue={r.percent}
            onUpdate:modelValue={(v: number | undefined) => (r.percent = v)}
            min={0}
            max={100}
            precision={2}
            step={1}
            data-field="percent"
          />
        )}
        {RATIO_MODES.includes(r.mode) && <span>%</span>}
        {r.mode === "FIXED" && (
          <ElInputNumber modelValue={r.count} onUpdate:modelValue={(v: number | undefined) => (r.count = v)} min={0} />
        )}
        {r.mode === "FIXED" && <span>户</span>}
      </span>
    );

    return () => (
      <div class="wb-screen">
        <h2>新建抽查任务</h2>
        <ElForm labelWidth="130px">
          <ElFormItem label="任务名称">
            <ElInput modelValue={f.name} onUpdate:modelValue={(v: string) => (f.name = v)} name="taskName" />
          </ElFormItem>
          <ElFormItem label="抽查类型">
            <ElRadioGroup
              modelValue={f.kind}
              onUpdate:modelValue={(v: string | number | boolean | undefined) => (f.kind = String(v))}
            >
              <ElRadioButton value="UNDIRECTED">{label("TaskKind", "UNDIRECTED")}</ElRadioButton>
              <ElRadioButton value="DIRECTED">{label("TaskKind", "DIRECTED")}</ElRadioButton>
            </ElRadioGroup>
          </ElFormItem>
          <ElFormItem label="任务来源">
            <ElRadioGroup
              modelValue={f.origin}
              onUpdate:modelValue={(v: string | number | boolean | undefined) => (f.origin = String(v))}
              data-field="origin"
            >
              {["OWN", "HIGHER_LEVEL", "CROSS_REGION"].map((o) => (
                <ElRadioButton key={o} value={o}>
                  {label("TaskOrigin", o)}
                </ElRadioButton>
              ))}
            </ElRadioGroup>
          </ElFormItem>
          {f.origin !== "OWN" && (
            <>
              <ElFormItem label={f.origin === "HIGHER_LEVEL" ? "下发机关" : "对方地区/部门"}>
                <ElInput
                  modelValue={f.originAuthority}
                  onUpdate:modelValue={(v: string) => (f.originAuthority = v)}
                  name="originAuthority"
                  placeholder={
                    f.origin === "HIGHER_LEVEL" ? "如：巴彦淖尔市市场监督管理局" : "如：临河区市场监督管理局"
                  }
                />
              </ElFormItem>
              <ElFormItem label="文号">
                <ElInput
                  modelValue={f.originReference}
                  onUpdate:modelValue={(v: string) => (f.originReference = v)}
                  name="originReference"
                  placeholder="下发文件或协作函的文号（可不填）"
                />
              </ElFormItem>
            </>
          )}
          <ElFormItem label="抽查事项">
            <ElCheckboxGroup
              modelValue={f.itemIds}
              onUpdate:modelValue={(v: (string | number | boolean)[]) => (f.itemIds = v.map(String))}
              data-field="items"
            >
              {items.value.map((i) => (
                <ElCheckbox key={i.id} value={i.id} data-item={i.code}>
                  {i.code} {i.name}（{label("ItemClass", i.itemClass)}
                  {i.ratioCap !== null ? `，比例上限 ${i.ratioCap * 100}%` : ""}）
                </ElCheckbox>
              ))}
            </ElCheckboxGroup>
          </ElFormItem>
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
          {f.kind === "DIRECTED" && (
            <>
              <ElFormItem label="所属专项">
                <ElSelect
                  modelValue={f.campaignId}
                  onUpdate:modelValue={(v: string) => (f.campaignId = v ?? "")}
                  clearable
                  placeholder={campaigns.value.length ? "不属于专项" : "本部门尚无专项"}
                  class="wb-select-campaign"
                  data-field="campaign"
                >
                  {campaigns.value.map((c) => (
                    <ElOption
                      key={c.id}
                      value={c.id}
                      label={`${c.name}（${label("CampaignKind", c.kind)}，${c.periodFrom} 至 ${c.periodTo}）`}
                    />
                  ))}
                </ElSelect>
              </ElFormItem>
              <ElFormItem label="行业标签">
                <ElInput
                  modelValue={f.tags}
                  onUpdate:modelValue={(v: string) => (f.tags = v)}
                  placeholder="多个用顿号分隔"
                  name="tags"
                />
              </ElFormItem>
              <ElFormItem label="风险/信用等级">
                <ElInput
                  modelValue={f.riskClasses}
                  onUpdate:modelValue={(v: string) => (f.riskClasses = v)}
                  placeholder="如 C、D"
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
            </>
          )}
          <ElFormItem label="分层">
            <ElRadioGroup
              modelValue={f.stratifyBy}
              onUpdate:modelValue={(v: string | number | boolean | undefined) => (f.stratifyBy = String(v))}
            >
              {options("StratifyBy").map((o) => (
                <ElRadioButton key={o.value} value={o.value}>
                  {o.label}
                </ElRadioButton>
              ))}
            </ElRadioGroup>
          </ElFormItem>
          <ElFormItem label={f.stratifyBy === "NONE" ? "抽查比例" : "其余分层的比例"}>{ruleEditor(f.rule)}</ElFormItem>
          {f.stratifyBy !== "NONE" && (
            <ElFormItem label="分层规则">
              <div>
                {f.strata.map((s, i) => (
                  <div class="wb-toolbar" key={s.key}>
                    <ElInput
                      modelValue={s.stratum}
                      onUpdate:modelValue={(v: string) => (s.stratum = v)}
                      placeholder={f.stratifyBy === "RISK_CLASS" ? "等级，如 D" : "行业标签"}
                      class="wb-stratum-name"
                    />
                    {ruleEditor(s)}
                    <ElButton link type="danger" onClick={() => f.strata.splice(i, 1)}>
                      删除
                    </ElButton>
                  </div>
                ))}
                <ElButton
                  onClick={() =>
                    f.strata.push({ key: Date.now(), stratum: "", mode: "APPROX", percent: 5, count: undefined })
                  }
                >
                  添加分层规则
                </ElButton>
              </div>
            </ElFormItem>
          )}
          <ElFormItem label="检查组人数">
            <ElInputNumber
              modelValue={f.minSize}
              onUpdate:modelValue={(v: number | undefined) => (f.minSize = v ?? 2)}
              min={2}
              max={9}
            />
            <span class="wb-muted">至</span>
            <ElInputNumber
              modelValue={f.maxSize}
              onUpdate:modelValue={(v: number | undefined) => (f.maxSize = v ?? 3)}
              min={2}
              max={9}
            />
            <span class="wb-muted">人</span>
          </ElFormItem>
          <ElFormItem label="人员子库">
            <ElInput
              modelValue={f.subLibrary}
              onUpdate:modelValue={(v: string) => (f.subLibrary = v)}
              placeholder="不填则从全部执法检查人员中选派"
              name="subLibrary"
            />
          </ElFormItem>
          <ElFormItem label="随行专家/辅助人员">
            <ElInputNumber
              modelValue={f.expertCount}
              onUpdate:modelValue={(v: number | undefined) => (f.expertCount = v ?? 0)}
              min={0}
              max={5}
              data-field="expert-count"
            />
            <span class="wb-muted">人，从子库</span>
            <ElInput
              modelValue={f.expertSubLibrary}
              onUpdate:modelValue={(v: string) => (f.expertSubLibrary = v)}
              placeholder="专家/辅助人员所在子库（不计入执法检查人员）"
              name="expertSubLibrary"
              class="wb-select-wide"
              disabled={f.expertCount === 0}
            />
          </ElFormItem>
          <ElFormItem label="比例调整理由">
            <ElInput
              modelValue={f.overrideReason}
              onUpdate:modelValue={(v: string) => (f.overrideReason = v)}
              placeholder="低于本部门抽查比例下限时必须填写（记录在案）"
            />
          </ElFormItem>
          {planPublished.value && (
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
        <div class="wb-section" data-preview="">
          <h3>抽取预览（按当前名录库计算）</h3>
          {previewError.value && <ElAlert type="info" title={previewError.value} closable={false} />}
          {preview.value && (
            <>
              <p>
                可抽取 <b data-population>{preview.value.populationSize}</b> 户，将抽取{" "}
                <b data-draw-count>{preview.value.drawCount}</b> 户
              </p>
              <ElTable data={preview.value.strata} border size="small">
                <ElTableColumn prop="stratum" label="分层" />
                <ElTableColumn prop="populationCount" label="可抽取户数" />
                <ElTableColumn prop="sampleSize" label="将抽取户数" />
              </ElTable>
              <p class="wb-muted">
                已排除：
                {preview.value.exclusions
                  .filter((x) => x.count)
                  .map((x) => `${x.reason} ${x.count} 户`)
                  .join("；") || "无"}
              </p>
              {preview.value.warnings.map((w) => (
                <ElAlert key={w} type="warning" title={w} closable={false} data-warning="" />
              ))}
            </>
          )}
        </div>
        <ElButton type="primary" onClick={create} data-action="create-task">
          新建任务
        </ElButton>
      </div>
    );
  },
});
