import { ElButton, ElDialog, ElForm, ElFormItem, ElInput, ElSwitch, ElTable, ElTableColumn, ElTag } from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { act } from "../format";
import { gql } from "../session";

interface ResultCode {
  code: string;
  name: string;
  own: boolean;
  problemFound: boolean;
  provincialCode: string | null;
}

const FIELDS = "code name own problemFound provincialCode";

/**
 * 结果类别 (administrator): the national result categories and the department's own (such as 已迁出), each mapped
 * one to one to the provincial platform's code that exports and the credit feed use. Whether a category counts as
 * a problem found decides the 问题发现率 and the credit record, so it is shown beside each one.
 */
export default defineComponent({
  setup() {
    const codes = ref<ResultCode[]>([]);
    const drafts = reactive<Record<string, string>>({});
    const adding = ref(false);
    const form = reactive({ code: "", name: "", problemFound: false, provincialCode: "" });
    const show = (list: ResultCode[]) => {
      codes.value = list;
      for (const c of list) drafts[c.code] = c.provincialCode ?? "";
    };
    onMounted(() =>
      act(async () => show((await gql<{ resultCodes: ResultCode[] }>(`{ resultCodes { ${FIELDS} } }`)).resultCodes)),
    );
    const map = async (c: ResultCode) => {
      const r = await act(
        () =>
          gql<{ mapResultCode: ResultCode[] }>(
            `mutation($c: String!, $p: String!) { mapResultCode(code: $c, provincialCode: $p) { ${FIELDS} } }`,
            { c: c.code, p: (drafts[c.code] ?? "").trim() },
          ),
        `“${c.name}”的省级代码已保存`,
      );
      if (r) show(r.mapResultCode);
    };
    const add = async () => {
      const r = await act(
        () =>
          gql<{ addResultCode: ResultCode[] }>(
            `mutation($c: String!, $n: String!, $f: Boolean!, $p: String!) {
              addResultCode(code: $c, name: $n, problemFound: $f, provincialCode: $p) { ${FIELDS} } }`,
            { c: form.code.trim(), n: form.name.trim(), f: form.problemFound, p: form.provincialCode.trim() },
          ),
        "结果类别已增加",
      );
      if (!r) return;
      show(r.addResultCode);
      adding.value = false;
      Object.assign(form, { code: "", name: "", problemFound: false, provincialCode: "" });
    };
    return () => (
      <div class="wb-screen">
        <h2>检查结果类别</h2>
        <p class="wb-muted">每个类别对应一个省级平台代码（一一对应），公示数据交换和信用记录按此代码报送。</p>
        <div class="wb-toolbar">
          <ElButton type="primary" onClick={() => (adding.value = true)} data-action="new-result-code">
            增加本部门类别
          </ElButton>
        </div>
        <ElTable data={codes.value} border data-result-codes="">
          <ElTableColumn prop="code" label="代码" width="200" />
          <ElTableColumn label="类别名称" minWidth="200">
            {{
              default: ({ row }: { row: ResultCode }) => (
                <span>
                  {row.name} {row.own && <ElTag size="small">本部门</ElTag>}
                </span>
              ),
            }}
          </ElTableColumn>
          <ElTableColumn label="发现问题" width="110">
            {{
              default: ({ row }: { row: ResultCode }) =>
                row.problemFound ? <ElTag type="danger">是</ElTag> : <ElTag type="success">否</ElTag>,
            }}
          </ElTableColumn>
          <ElTableColumn label="省级平台代码" minWidth="260">
            {{
              default: ({ row }: { row: ResultCode }) => (
                <span class="wb-toolbar" data-code-row={row.code}>
                  <ElInput
                    modelValue={drafts[row.code]}
                    onUpdate:modelValue={(v: string) => (drafts[row.code] = v)}
                    placeholder="未映射"
                    size="small"
                    class="wb-code-input"
                  />
                  <ElButton size="small" onClick={() => map(row)} data-action="map-code">
                    保存
                  </ElButton>
                </span>
              ),
            }}
          </ElTableColumn>
        </ElTable>
        <ElDialog
          modelValue={adding.value}
          onUpdate:modelValue={(v: boolean) => (adding.value = v)}
          title="增加本部门结果类别"
          width="520px"
        >
          {{
            default: () => (
              <ElForm labelWidth="110px">
                <ElFormItem label="代码">
                  <ElInput
                    modelValue={form.code}
                    onUpdate:modelValue={(v: string) => (form.code = v)}
                    name="resultCode"
                    placeholder="2–40 个大写字母或下划线，如 MOVED_OUT"
                  />
                </ElFormItem>
                <ElFormItem label="类别名称">
                  <ElInput
                    modelValue={form.name}
                    onUpdate:modelValue={(v: string) => (form.name = v)}
                    name="resultName"
                    placeholder="如：已迁出"
                  />
                </ElFormItem>
                <ElFormItem label="属于发现问题">
                  <ElSwitch
                    modelValue={form.problemFound}
                    onUpdate:modelValue={(v: string | number | boolean) => (form.problemFound = Boolean(v))}
                  />
                </ElFormItem>
                <ElFormItem label="省级平台代码">
                  <ElInput
                    modelValue={form.provincialCode}
                    onUpdate:modelValue={(v: string) => (form.provincialCode = v)}
                    name="provincialCode"
                  />
                </ElFormItem>
              </ElForm>
            ),
            footer: () => (
              <ElButton type="primary" onClick={add} data-action="add-result-code">
                增加
              </ElButton>
            ),
          }}
        </ElDialog>
      </div>
    );
  },
});
