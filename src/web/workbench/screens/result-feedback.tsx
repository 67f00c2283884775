import { ElButton, ElCard, ElDatePicker, ElEmpty, ElForm, ElFormItem, ElInput, ElTag } from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import EnumSelect from "../enum-select";
import { act, formatTime, todayInChina } from "../format";
import { label } from "../labels";
import { gql } from "../session";

interface Feedback {
  assignmentId: string;
  method: string;
  deliveredOn: string;
  note: string;
  recordedAt: string;
}
interface Row {
  id: string;
  taskName: string;
  subject: { name: string; address: string | null };
  result: { status: string; submittedAt: string | null } | null;
}
interface Deadline {
  assignmentId: string | null;
  kind: string;
  dueDate: string;
  state: string;
  approximate: boolean;
}

/** The report is completed once the result is submitted (as the API: result-feedback.service.ts). */
const REPORTED = ["SUBMITTED", "APPROVED", "PUBLISHED"];
const NOTE_MAX = 500;
const STATE: Record<string, [string, "success" | "warning" | "danger" | "info"]> = {
  OK: ["未到期", "info"],
  DUE_SOON: ["即将到期", "warning"],
  OVERDUE: ["已逾期", "danger"],
};

/**
 * 检查结果反馈 (the team, phone first): after the report is completed (result submitted) the team delivers the result
 * to the inspected subject (直接送达 or 邮寄送达) and records how and when, once per target; where the department's
 * rule sets a deadline (RESULT_FEEDBACK, e.g. 住建局 5 个工作日) each open one shows its due date and state.
 * Dates are Beijing dates.
 */
export default defineComponent({
  setup() {
    const rows = ref<Row[]>([]);
    const feedback = ref<Record<string, Feedback | null>>({});
    const deadlines = ref<Record<string, Deadline>>({});
    const forms = reactive<Record<string, { method: string; deliveredOn: string; note: string }>>({});
    const load = async () => {
      const r = await gql<{ myInspectionAssignments: Row[]; inspectionDeadlines: Deadline[] }>(
        `{ myInspectionAssignments { id taskName subject { name address } result { status submittedAt } }
          inspectionDeadlines { assignmentId kind dueDate state approximate } }`,
      );
      const reported = r.myInspectionAssignments.filter((a) => a.result && REPORTED.includes(a.result.status));
      deadlines.value = Object.fromEntries(
        r.inspectionDeadlines
          .filter((d) => d.kind === "RESULT_FEEDBACK" && d.assignmentId)
          .map((d) => [d.assignmentId as string, d]),
      );
      // Each target's feedback in one request (aliases).
      if (reported.length) {
        const decl = reported.map((_, i) => `$a${i}: ID!`).join(", ");
        const sel = reported
          .map(
            (_, i) => `f${i}: resultFeedback(assignmentId: $a${i}) { assignmentId method deliveredOn note recordedAt }`,
          )
          .join(" ");
        const f = await gql<Record<string, Feedback | null>>(
          `query(${decl}) { ${sel} }`,
          Object.fromEntries(reported.map((a, i) => [`a${i}`, a.id])),
        );
        feedback.value = Object.fromEntries(reported.map((a, i) => [a.id, f[`f${i}`] ?? null]));
      }
      for (const a of reported) forms[a.id] ??= { method: "DIRECT", deliveredOn: todayInChina(), note: "" };
      rows.value = reported;
    };
    onMounted(() => act(load));
    const record = (id: string) =>
      act(async () => {
        const f = forms[id];
        if (f.note.trim().length > NOTE_MAX) throw new Error(`备注不超过 ${NOTE_MAX} 个字符`);
        if (!f.deliveredOn) throw new Error("请选择送达日期");
        await gql(
          `mutation($a: ID!, $m: FeedbackMethod!, $d: String!, $n: String) {
            recordResultFeedback(assignmentId: $a, method: $m, deliveredOn: $d, note: $n) { id } }`,
          { a: id, m: f.method, d: f.deliveredOn, n: f.note.trim() || null },
        );
        await load();
      }, "检查结果反馈已登记");

    const card = (a: Row) => {
      const done = feedback.value[a.id];
      const due = deadlines.value[a.id];
      const f = forms[a.id];
      return (
        <ElCard class="wb-card" shadow="never" key={a.id} data-feedback={a.subject.name}>
          <div class="wb-card-title">
            {a.subject.name}{" "}
            {done ? (
              <ElTag type="success" data-feedback-status="DONE">
                已反馈
              </ElTag>
            ) : (
              <ElTag type="warning" data-feedback-status="PENDING">
                待反馈
              </ElTag>
            )}
          </div>
          <div class="wb-muted">{a.subject.address}</div>
          <div>{a.taskName}</div>
          <div class="wb-muted" data-reported="">
            检查报告完成：{formatTime(a.result?.submittedAt).slice(0, 10)}（{label("ResultStatus", a.result?.status)}）
          </div>
          {done ? (
            <div data-feedback-done="">
              {`${label("FeedbackMethod", done.method)} · 送达日期 ${done.deliveredOn}`}
              {done.note ? ` · ${done.note}` : ""}
              <div class="wb-muted">登记于 {formatTime(done.recordedAt)}</div>
            </div>
          ) : (
            <div>
              {due ? (
                <div data-deadline={due.state}>
                  {`反馈期限：${due.dueDate}${due.approximate ? "（估算）" : ""} `}
                  <ElTag type={STATE[due.state]?.[1] ?? "info"} size="small">
                    {STATE[due.state]?.[0] ?? due.state}
                  </ElTag>
                </div>
              ) : (
                <div class="wb-muted" data-deadline="NONE">
                  本部门未规定检查结果反馈期限
                </div>
              )}
              {f && (
                <ElForm labelWidth="80px" class="wb-section">
                  <ElFormItem label="送达方式">
                    <EnumSelect
                      enumName="FeedbackMethod"
                      modelValue={f.method}
                      onUpdate:modelValue={(v: string) => (f.method = v)}
                      testId="feedback-method"
                    />
                  </ElFormItem>
                  <ElFormItem label="送达日期">
                    <ElDatePicker
                      type="date"
                      modelValue={f.deliveredOn}
                      onUpdate:modelValue={(v: string | null) => (f.deliveredOn = v ?? "")}
                      valueFormat="YYYY-MM-DD"
                      disabledDate={(d: Date) => todayInChina(d) > todayInChina()}
                      data-field="delivered-on"
                    />
                  </ElFormItem>
                  <ElFormItem label="备注">
                    <ElInput
                      modelValue={f.note}
                      onUpdate:modelValue={(v: string) => (f.note = v)}
                      maxlength={NOTE_MAX}
                      placeholder="如邮寄单号（选填）"
                      name="feedback-note"
                    />
                  </ElFormItem>
                  <ElButton type="primary" onClick={() => record(a.id)} data-action="record-feedback">
                    登记反馈
                  </ElButton>
                </ElForm>
              )}
            </div>
          )}
        </ElCard>
      );
    };

    return () => (
      <div class="wb-screen wb-phone">
        <h2>检查结果反馈</h2>
        <p class="wb-muted">
          检查报告完成（检查结果提交）后，向被检查对象送达检查结果并在此登记；每个检查对象登记一次。
        </p>
        {!rows.value.length && <ElEmpty description="暂无待反馈的检查结果" />}
        {rows.value.map(card)}
      </div>
    );
  },
});
