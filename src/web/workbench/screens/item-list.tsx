import {
  ElButton,
  ElDatePicker,
  ElDialog,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import EnumSelect from "../enum-select";
import { act, formatTime, splitInputList, todayInChina } from "../format";
import { label } from "../labels";
import { gql, session } from "../session";

interface Item {
  id: string;
  code: string;
  category: string;
  name: string;
  content: string;
  itemClass: string;
  methods: string[];
  targetKinds: string[];
  targetIndustryCodes: string[];
  targetDescription: string | null;
  frequency: string | null;
  requiredCategories: string[];
  initiatingDepartment: { code: string };
  cooperatingDepartments: Array<{ code: string }>;
  defaultRatio: number | null;
  ratioCap: number | null;
  legalBasis: Array<{ kind: string; title: string; articles: string; text: string }>;
}
interface Version {
  id: string;
  label: string;
  versionNo: number;
  status: string;
  effectiveDate: string | null;
  publishedAt: string | null;
  items: Item[];
}
interface Diff {
  added: Item[];
  removed: Item[];
  changed: Array<{ code: string; fields: string[]; before: Item; after: Item }>;
}

const ITEM = `id code category name content itemClass methods targetKinds targetIndustryCodes targetDescription
  frequency requiredCategories initiatingDepartment { code } cooperatingDepartments { code } defaultRatio ratioCap
  legalBasis { kind title articles text }`;
const VERSION = `id label versionNo status effectiveDate publishedAt items { ${ITEM} }`;
const FIELD_NAMES: Record<string, string> = {
  category: "抽查类别",
  name: "抽查事项",
  content: "检查内容",
  itemClass: "事项类别",
  methods: "检查方式",
  legalBasis: "检查依据",
  targetKinds: "检查对象类型",
  defaultRatio: "抽查比例",
  ratioCap: "比例上限",
  frequency: "频次",
  initiatingDepartment: "发起部门",
  cooperatingDepartments: "配合部门",
  requiredCategories: "执法类别",
  targetDescription: "检查对象",
  targetIndustryCodes: "适用行业",
};

const emptyForm = () => ({
  id: "",
  code: "",
  category: "",
  name: "",
  content: "",
  itemClass: "KEY",
  methods: ["ON_SITE"] as string[],
  targetKinds: ["ENTERPRISE"] as string[],
  defaultRatio: undefined as number | undefined,
  ratioCap: undefined as number | undefined,
  basisTitle: "",
  basisArticles: "",
  basisKind: "LAW",
  industries: "",
});

/** Ratios are fractions in the API (0.2) and percentages on the screen (20). */
const toPercent = (r: number | null) => (r === null ? undefined : Math.round(r * 10_000) / 100);
const toRatio = (p: number | undefined) => (p === undefined ? null : Math.round(p * 100) / 10_000);

/** 随机抽查事项清单: the draft (add, edit, remove items), publication as 第N版 with the diff, earlier versions. */
export default defineComponent({
  setup() {
    const versions = ref<Version[]>([]);
    const draft = ref<Version | null>(null);
    const diff = ref<Diff | null>(null);
    const editing = ref(false);
    const form = reactive(emptyForm());
    /** The item being edited as loaded: what the form does not show is saved back unchanged. */
    let original: Item | null = null;
    const effectiveDate = ref(todayInChina());

    const load = async () => {
      const r = await gql<{ itemListDraft: Version | null; itemListVersions: Version[] }>(
        `query($c: String!) { itemListDraft { ${VERSION} } itemListVersions(tenantCode: $c) { ${VERSION} } }`,
        { c: session.me?.tenant.code },
      );
      draft.value = r.itemListDraft;
      versions.value = r.itemListVersions.filter((v) => v.status === "PUBLISHED");
      const latest = versions.value[0];
      diff.value = null;
      if (draft.value && latest) diff.value = await diffOf(latest.id, draft.value.id);
    };
    const diffOf = async (from: string, to: string) =>
      (
        await gql<{ itemListDiff: Diff }>(
          `query($f: ID!, $t: ID!) { itemListDiff(fromVersionId: $f, toVersionId: $t) {
            added { ${ITEM} } removed { ${ITEM} } changed { code fields before { ${ITEM} } after { ${ITEM} } } } }`,
          { f: from, t: to },
        )
      ).itemListDiff;
    onMounted(() => act(load));

    const edit = (it?: Item) => {
      Object.assign(form, emptyForm());
      original = it ?? null;
      if (it) {
        Object.assign(form, {
          ...it,
          defaultRatio: toPercent(it.defaultRatio),
          ratioCap: toPercent(it.ratioCap),
          industries: it.targetIndustryCodes.join("、"),
          basisTitle: it.legalBasis[0]?.title ?? "",
          basisArticles: it.legalBasis[0]?.articles ?? "",
          basisKind: it.legalBasis[0]?.kind ?? "LAW",
        });
      }
      editing.value = true;
    };
    const save = async () => {
      const o = original;
      // The form edits the first citation; the others, and the quoted text of the first, are kept.
      const first = form.basisTitle
        ? [
            {
              kind: form.basisKind,
              title: form.basisTitle.trim(),
              articles: form.basisArticles.trim(),
              text: o?.legalBasis[0]?.title === form.basisTitle.trim() ? o.legalBasis[0].text : "",
            },
          ]
        : [];
      const input = {
        code: form.code.trim(),
        category: form.category.trim(),
        name: form.name.trim(),
        content: form.content,
        itemClass: form.itemClass,
        methods: form.methods,
        targetKinds: form.targetKinds,
        targetIndustryCodes: splitInputList(form.industries),
        defaultRatio: toRatio(form.defaultRatio),
        ratioCap: toRatio(form.ratioCap),
        legalBasis: [...first, ...(o?.legalBasis.slice(1) ?? [])],
        targetDescription: o?.targetDescription ?? null,
        frequency: o?.frequency ?? null,
        requiredCategories: o?.requiredCategories ?? [],
        initiatingTenantCode: o?.initiatingDepartment.code ?? null,
        cooperatingTenantCodes: o?.cooperatingDepartments.map((d) => d.code) ?? [],
      };
      const ok = await act(
        () =>
          form.id
            ? gql(`mutation($id: ID!, $i: CheckItemInput!) { updateCheckItem(id: $id, input: $i) { id } }`, {
                id: form.id,
                i: input,
              })
            : gql(`mutation($i: CheckItemInput!) { saveCheckItem(input: $i) { id } }`, { i: input }),
        "事项已保存到草稿",
      );
      if (ok) {
        editing.value = false;
        await act(load);
      }
    };
    const remove = (it: Item) =>
      act(async () => {
        await gql(`mutation($id: ID!) { removeCheckItem(id: $id) { id } }`, { id: it.id });
        await load();
      }, "已从草稿中删除");
    const newDraft = () =>
      act(async () => {
        await gql("mutation { createItemListDraft { id } }");
        await load();
      }, "已新建草稿（复制现行版本）");
    const publish = () =>
      act(async () => {
        const r = await gql<{ publishItemList: Version }>(
          `mutation($d: String!) { publishItemList(effectiveDate: $d) { id label } }`,
          { d: effectiveDate.value },
        );
        await load();
        const prev = versions.value[1];
        if (prev) diff.value = await diffOf(prev.id, r.publishItemList.id);
        return r;
      }, "清单已发布");

    const itemsTable = (items: Item[], editable: boolean) => (
      <ElTable data={items} border size="small" data-items="">
        <ElTableColumn prop="code" label="编码" width="130" />
        <ElTableColumn prop="category" label="抽查类别" width="150" />
        <ElTableColumn prop="name" label="抽查事项" minWidth="220" />
        <ElTableColumn label="事项类别" width="110">
          {{ default: ({ row }: { row: Item }) => label("ItemClass", row.itemClass) }}
        </ElTableColumn>
        <ElTableColumn label="检查方式" width="120">
          {{ default: ({ row }: { row: Item }) => row.methods.map((m) => label("CheckMethod", m)).join("、") }}
        </ElTableColumn>
        <ElTableColumn label="检查依据" minWidth="200">
          {{
            default: ({ row }: { row: Item }) => row.legalBasis.map((b) => `《${b.title}》${b.articles}`).join("；"),
          }}
        </ElTableColumn>
        {editable && (
          <ElTableColumn label="操作" width="140">
            {{
              default: ({ row }: { row: Item }) => (
                <span>
                  <ElButton link type="primary" onClick={() => edit(row)} data-action="edit-item">
                    修改
                  </ElButton>
                  <ElButton link type="danger" onClick={() => remove(row)}>
                    删除
                  </ElButton>
                </span>
              ),
            }}
          </ElTableColumn>
        )}
      </ElTable>
    );

    const diffView = (d: Diff) => (
      <div class="wb-section" data-diff="">
        <h3>与上一版本的差异</h3>
        {!d.added.length && !d.removed.length && !d.changed.length && <p class="wb-muted">无变化</p>}
        <ul>
          {d.added.map((i) => (
            <li class="diff-added" key={`a${i.code}`}>
              新增 {i.code} {i.name}
            </li>
          ))}
          {d.removed.map((i) => (
            <li class="diff-removed" key={`r${i.code}`}>
              删除 {i.code} {i.name}
            </li>
          ))}
          {d.changed.map((c) => (
            <li class="diff-changed" key={`c${c.code}`}>
              修改 {c.code} {c.after.name}：{c.fields.map((f) => FIELD_NAMES[f] ?? f).join("、")}
            </li>
          ))}
        </ul>
      </div>
    );

    return () => (
      <div class="wb-screen">
        <h2>随机抽查事项清单</h2>
        <div class="wb-toolbar">
          {!draft.value && (
            <ElButton type="primary" onClick={newDraft} data-action="new-draft">
              新建草稿
            </ElButton>
          )}
          {draft.value && (
            <>
              <ElButton type="primary" onClick={() => edit()} data-action="add-item">
                新增事项
              </ElButton>
              <span>生效日期</span>
              <ElDatePicker
                modelValue={effectiveDate.value}
                onUpdate:modelValue={(v: string) => (effectiveDate.value = v)}
                valueFormat="YYYY-MM-DD"
                type="date"
              />
              <ElButton type="success" onClick={publish} data-action="publish">
                发布为新版本
              </ElButton>
            </>
          )}
        </div>
        {draft.value && (
          <div class="wb-section">
            <h3>
              草稿 <ElTag type="warning">未发布</ElTag>
            </h3>
            {itemsTable(draft.value.items, true)}
          </div>
        )}
        {diff.value && diffView(diff.value)}
        {versions.value.map((v) => (
          <div class="wb-section" key={v.id}>
            <h3>
              {v.label} <ElTag type="success">已发布</ElTag>{" "}
              <span class="wb-muted">
                生效 {v.effectiveDate} · 发布于 {formatTime(v.publishedAt)}
              </span>
            </h3>
            {itemsTable(v.items, false)}
          </div>
        ))}
        {!draft.value && !versions.value.length && <ElEmpty description="尚无清单，请新建草稿" />}
        <ElDialog
          modelValue={editing.value}
          onUpdate:modelValue={(v: boolean) => (editing.value = v)}
          title={form.id ? "修改事项" : "新增事项"}
          width="640px"
        >
          {{
            default: () => (
              <ElForm labelWidth="110px">
                <ElFormItem label="事项编码">
                  <ElInput modelValue={form.code} onUpdate:modelValue={(v: string) => (form.code = v)} name="code" />
                </ElFormItem>
                <ElFormItem label="抽查类别">
                  <ElInput
                    modelValue={form.category}
                    onUpdate:modelValue={(v: string) => (form.category = v)}
                    name="category"
                  />
                </ElFormItem>
                <ElFormItem label="抽查事项">
                  <ElInput modelValue={form.name} onUpdate:modelValue={(v: string) => (form.name = v)} name="name" />
                </ElFormItem>
                <ElFormItem label="检查内容">
                  <ElInput
                    type="textarea"
                    modelValue={form.content}
                    onUpdate:modelValue={(v: string) => (form.content = v)}
                  />
                </ElFormItem>
                <ElFormItem label="事项类别">
                  <EnumSelect
                    enumName="ItemClass"
                    modelValue={form.itemClass}
                    onUpdate:modelValue={(v: string) => (form.itemClass = v)}
                  />
                </ElFormItem>
                <ElFormItem label="检查方式">
                  <EnumSelect
                    enumName="CheckMethod"
                    multiple
                    modelValue={form.methods}
                    onUpdate:modelValue={(v: string[]) => (form.methods = v)}
                  />
                </ElFormItem>
                <ElFormItem label="检查对象类型">
                  <EnumSelect
                    enumName="SubjectKind"
                    multiple
                    modelValue={form.targetKinds}
                    onUpdate:modelValue={(v: string[]) => (form.targetKinds = v)}
                  />
                </ElFormItem>
                <ElFormItem label="适用行业">
                  <ElInput
                    modelValue={form.industries}
                    onUpdate:modelValue={(v: string) => (form.industries = v)}
                    placeholder="国民经济行业分类代码，如 C13、1311；不填则适用所有行业"
                    name="industries"
                  />
                </ElFormItem>
                <ElFormItem label="抽查比例 %">
                  <ElInputNumber
                    modelValue={form.defaultRatio}
                    onUpdate:modelValue={(v: number | undefined) => (form.defaultRatio = v)}
                    min={0}
                    max={100}
                  />
                </ElFormItem>
                {form.itemClass === "GENERAL" && (
                  <ElFormItem label="比例上限 %">
                    <ElInputNumber
                      modelValue={form.ratioCap}
                      onUpdate:modelValue={(v: number | undefined) => (form.ratioCap = v)}
                      min={0}
                      max={100}
                    />
                  </ElFormItem>
                )}
                <ElFormItem label="检查依据">
                  <EnumSelect
                    enumName="LegalBasisKind"
                    modelValue={form.basisKind}
                    onUpdate:modelValue={(v: string) => (form.basisKind = v)}
                  />
                  <ElInput
                    modelValue={form.basisTitle}
                    onUpdate:modelValue={(v: string) => (form.basisTitle = v)}
                    placeholder="名称，如 中华人民共和国石油天然气管道保护法"
                    name="basisTitle"
                  />
                  <ElInput
                    modelValue={form.basisArticles}
                    onUpdate:modelValue={(v: string) => (form.basisArticles = v)}
                    placeholder="条款，如 第十七条"
                  />
                </ElFormItem>
              </ElForm>
            ),
            footer: () => (
              <>
                <ElButton onClick={() => (editing.value = false)}>取消</ElButton>
                <ElButton type="primary" onClick={save} data-action="save-item">
                  保存
                </ElButton>
              </>
            ),
          }}
        </ElDialog>
      </div>
    );
  },
});
