import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput, ElOption, ElSelect } from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { gql as post } from "../../client/api";
import { errorText } from "../format";
import { session, signIn } from "../session";

interface Tenant {
  code: string;
  name: string;
  kind: string;
  isCoordinator: boolean;
}

/** 登录: pick the department from the list (no codes to type), then user name and password. */
export default defineComponent({
  setup() {
    const tenants = ref<Tenant[]>([]);
    const form = reactive({ tenantCode: "", username: "", password: "" });
    const error = ref("");
    const busy = ref(false);
    onMounted(async () => {
      try {
        const r = await post<{ tenants: Tenant[] }>("{ tenants { code name kind isCoordinator } }");
        tenants.value = r.tenants.filter((t) => t.kind !== "PLATFORM");
      } catch (e) {
        error.value = errorText(e);
      }
    });
    const submit = async () => {
      if (!form.tenantCode) {
        error.value = "请选择所在部门";
        return;
      }
      busy.value = true;
      error.value = "";
      try {
        await signIn(form.tenantCode, form.username.trim(), form.password);
      } catch (e) {
        error.value = errorText(e);
      } finally {
        busy.value = false;
      }
    };
    // Element Plus renders the <form>; its submit (Enter or the button) signs in without leaving the page.
    const onSubmit = (e: Event) => {
      e.preventDefault();
      void submit();
    };
    return () => (
      <ElCard class="wb-signin" header="登录工作台">
        {session.notice && <ElAlert type="info" title={session.notice} closable={false} show-icon />}
        <ElForm labelPosition="top" {...{ onSubmit }}>
          <ElFormItem label="所在部门">
            <ElSelect
              modelValue={form.tenantCode}
              onUpdate:modelValue={(v: string) => (form.tenantCode = v)}
              filterable
              placeholder="请选择部门（可输入名称筛选）"
              data-field="tenant"
            >
              {tenants.value.map((t) => (
                <ElOption key={t.code} value={t.code} label={t.isCoordinator ? `${t.name}（牵头协调）` : t.name} />
              ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label="用户名">
            <ElInput
              modelValue={form.username}
              onUpdate:modelValue={(v: string) => (form.username = v)}
              name="username"
              autocomplete="username"
            />
          </ElFormItem>
          <ElFormItem label="密码">
            <ElInput
              modelValue={form.password}
              onUpdate:modelValue={(v: string) => (form.password = v)}
              type="password"
              name="password"
              autocomplete="current-password"
              showPassword
            />
          </ElFormItem>
          {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
          <ElButton type="primary" nativeType="submit" loading={busy.value} class="wb-signin-submit">
            登录
          </ElButton>
        </ElForm>
      </ElCard>
    );
  },
});
