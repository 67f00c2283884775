import {
  ElAlert,
  ElButton,
  ElCard,
  ElDatePicker,
  ElInput,
  ElOption,
  ElRadioButton,
  ElRadioGroup,
  ElSelect,
  ElSwitch,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, onUnmounted, reactive, ref } from "vue";
import { inspectorsById } from "../draws";
import EnumSelect from "../enum-select";
import { act, fileToBase64, formatTime, todayInChina } from "../format";
import { openForm } from "../forms";
import { label } from "../labels";
import {
  type Draft,
  flushDraft,
  loadDraft,
  type RecordDraft,
  saveDraft,
  shrinkPhoto,
  startDraftSync,
} from "../offline";
import { gql } from "../session";
import VisitCodeCard from "../visit-code-card";
import { ASSIGNMENT_STATUS } from "./inspections";

interface Assignment {
  id: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  leaderId: string;
  memberIds: string[];
  subject: { name: string; address: string | null; creditCode: string | null; legalRepresentative: string | null };
  taskName: string;
  items: Array<{ id: string; name: string; content: string }>;
  result: {
    id: string;
    status: string;
    categoryCode: string;
    problems: string;
    handling: string;
    returnedReason: string | null;
  } | null;
}
interface RecordView {
  acceptedBy: string[];
  mode: string | null;
  inspectedOn: string | null;
  noticeShown: boolean | null;
  identityShown: boolean | null;
  situation: string | null;
  handlingOpinion: string | null;
  lines: RecordDraft["lines"];
  inspectorSignoffs: Array<{ inspectorId: string; signedAt: string }>;
  targetSignerName: string | null;
  refusalReason: string | null;
  attachments: Array<{ id: string; fileName: string; mimeType: string; createdAt: string; sha256: string }>;
}

const ASSIGNMENT = `id status windowFrom windowTo leaderId memberIds
  subject { name address creditCode legalRepresentative } taskName items { id name content }
  result { id status categoryCode problems handling returnedReason }`;
const RECORD = `acceptedBy mode inspectedOn noticeShown identityShown situation handlingOpinion
  lines { checkItemId itemName checked result rectificationOrdered rectified }
  inspectorSignoffs { inspectorId signedAt } targetSignerName refusalReason
  attachments { id fileName mimeType createdAt sha256 }`;

/**
 * 检查记录 (phone first): the assignment, accept and start, the record item by item, photos as evidence, the
 * target's signature or refusal with a witness, the inspectors' signatures, completion and the result. The
 * record and photos are kept on the device while offline and sent when the connection returns (offline.ts).
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const id = props.params.id;
    const a = ref<Assignment | null>(null);
    const rec = ref<RecordView | null>(null);
    const me = ref<string | null>(null);
    const team = ref<Map<string, { name: string; certificateNo: string }>>(new Map());
    const codes = ref<Array<{ code: string; name: string }>>([]);
    const online = ref(navigator.onLine);
    const draft = ref<Draft>(
      loadDraft(id) ?? {
        assignmentId: id,
        record: null,
        recordPending: false,
        photos: [],
        savedAt: "",
        lastError: null,
      },
    );
    const form = reactive<RecordDraft>({
      inspectedOn: todayInChina(),
      noticeShown: true,
      identityShown: true,
      situation: "",
      handlingOpinion: "",
      lines: [],
    });
    const signoff = reactive({
      kind: "SIGN",
      signerName: "",
      signerRole: "负责人",
      refusalReason: "",
      refusalWitness: "",
    });
    const result = reactive({ categoryCode: "", problems: "", handling: "" });
    const mode = ref("ON_SITE");

    const load = async () => {
      const r = await gql<{
        myInspector: { id: string } | null;
        a: Assignment;
        rec: RecordView | null;
        resultCodes: Array<{ code: string; name: string }>;
      }>(
        `query($id: ID!) { myInspector { id } a: assignment(id: $id) { ${ASSIGNMENT} } rec: inspectionRecord(assignmentId: $id) { ${RECORD} } resultCodes { code name } }`,
        { id },
      );
      me.value = r.myInspector?.id ?? null;
      a.value = r.a;
      rec.value = r.rec;
      codes.value = r.resultCodes;
      team.value = await inspectorsById(r.a.memberIds);
      // The form starts from the device's unsent draft, else from the server's record, else from the items.
      const fromServer: RecordDraft | null = r.rec
        ? {
            inspectedOn: r.rec.inspectedOn ?? todayInChina(),
            noticeShown: r.rec.noticeShown ?? true,
            identityShown: r.rec.identityShown ?? true,
            situation: r.rec.situation ?? "",
            handlingOpinion: r.rec.handlingOpinion ?? "",
            lines: r.rec.lines,
          }
        : null;
      const start = draft.value.recordPending && draft.value.record ? draft.value.record : fromServer;
      Object.assign(form, start ?? {});
      if (!form.lines.length)
        form.lines = r.a.items.map((i) => ({
          checkItemId: i.id,
          itemName: i.name,
          checked: true,
          result: "",
          rectificationOrdered: false,
          rectified: false,
        }));
      if (r.a.result)
        Object.assign(result, {
          categoryCode: r.a.result.categoryCode,
          problems: r.a.result.problems,
          handling: r.a.result.handling,
        });
    };
    onMounted(() => act(load));
    const setOnline = () => (online.value = navigator.onLine);
    window.addEventListener("online", setOnline);
    window.addEventListener("offline", setOnline);
    const stopSync = startDraftSync(() => {
      draft.value = loadDraft(id) ?? { ...draft.value, recordPending: false, photos: [] };
      void act(load, "离线保存的记录和照片已发送");
    });
    onUnmounted(() => {
      stopSync();
      window.removeEventListener("online", setOnline);
      window.removeEventListener("offline", setOnline);
    });

    const step = (query: string, vars: Record<string, unknown>, done: string) =>
      act(async () => {
        await gql(query, vars);
        await load();
      }, done);

    /** Keeps the record on the device first, then sends it (or leaves it for the `online` event). */
    const saveRecord = async () => {
      draft.value = { ...draft.value, record: JSON.parse(JSON.stringify(form)), recordPending: true };
      saveDraft(draft.value);
      if (await flushDraft(draft.value)) await act(load, "记录已保存");
      else if (draft.value.lastError) await act(async () => Promise.reject(new Error(draft.value.lastError ?? "")));
      else await act(async () => undefined, "当前离线：记录已保存在本机，联网后自动发送");
      draft.value = loadDraft(id) ?? draft.value;
    };
    const addPhoto = async (ev: Event) => {
      const input = ev.target as HTMLInputElement;
      const file = input.files?.[0];
      input.value = "";
      if (!file) return;
      const blob = await shrinkPhoto(file);
      const photo = {
        fileName: file.name || "现场照片.jpg",
        contentBase64: await fileToBase64(blob),
        takenAt: new Date().toISOString(),
      };
      draft.value = { ...draft.value, photos: [...draft.value.photos, photo] };
      saveDraft(draft.value);
      if (await flushDraft(draft.value)) await act(load, "照片已上传");
      else if (!draft.value.lastError) await act(async () => undefined, "当前离线：照片已保存在本机，联网后自动上传");
      draft.value = loadDraft(id) ?? draft.value;
    };

    const section = (title: string, body: unknown, attr?: string) => (
      <ElCard class="wb-card" shadow="never" header={title} data-section={attr}>
        {body}
      </ElCard>
    );

    return () => {
      const x = a.value;
      if (!x) return <div class="wb-screen wb-phone" />;
      const leader = me.value === x.leaderId;
      const r = rec.value;
      const signed = new Set(r?.inspectorSignoffs.map((s) => s.inspectorId));
      const pending = draft.value.recordPending || draft.value.photos.length > 0;
      return (
        <div class="wb-screen wb-phone" data-entry="">
          <h2>
            {x.subject.name} <ElTag>{ASSIGNMENT_STATUS[x.status] ?? x.status}</ElTag>
          </h2>
          {!online.value && (
            <ElAlert
              type="warning"
              title="当前离线：填写内容保存在本机，联网后自动发送"
              closable={false}
              data-offline=""
            />
          )}
          {pending && (
            <ElAlert
              type="info"
              closable={false}
              title={`本机有未发送的内容（${draft.value.recordPending ? "记录" : ""}${draft.value.photos.length ? ` 照片 ${draft.value.photos.length} 张` : ""}）${draft.value.lastError ? `：${draft.value.lastError}` : ""}`}
              data-pending=""
            />
          )}
          {section(
            "任务信息",
            <div>
              <p>{x.taskName}</p>
              <p class="wb-muted">{x.subject.address}</p>
              <p class="wb-muted">统一社会信用代码：{x.subject.creditCode ?? "无"}</p>
              <p>
                检查期 {x.windowFrom} 至 {x.windowTo}
              </p>
              <p>
                检查组：
                {x.memberIds
                  .map((m) => `${team.value.get(m)?.name ?? ""}${m === x.leaderId ? "（组长）" : ""}`)
                  .join("、")}
              </p>
              <ol>
                {x.items.map((i) => (
                  <li key={i.id}>{i.name}</li>
                ))}
              </ol>
              <div class="wb-toolbar">
                <ElButton onClick={() => act(() => openForm("notice", id))}>检查通知书</ElButton>
                <ElButton onClick={() => act(() => openForm("record", id))}>抽查情况记录表</ElButton>
              </div>
            </div>,
          )}
          {x.status !== "CANCELLED" && <VisitCodeCard assignmentId={id} />}
          {(x.status === "ASSIGNED" || x.status === "ACCEPTED") &&
            section(
              "接收与开始",
              <div class="wb-toolbar">
                <ElButton
                  type="primary"
                  onClick={() =>
                    step(`mutation($id: ID!) { acceptAssignment(assignmentId: $id) { id } }`, { id }, "已接收任务")
                  }
                  data-action="accept"
                >
                  接收任务
                </ElButton>
                {leader && x.status === "ACCEPTED" && (
                  <>
                    <EnumSelect
                      enumName="InspectionMode"
                      values={["ON_SITE", "ONLINE_MONITORING", "SELF_INSPECTION"]}
                      modelValue={mode.value}
                      onUpdate:modelValue={(v: string) => (mode.value = v)}
                      class="wb-mode"
                    />
                    <ElButton
                      type="success"
                      onClick={() =>
                        step(
                          `mutation($id: ID!, $i: StartInspectionInput!) { startInspection(assignmentId: $id, input: $i) { id } }`,
                          { id, i: { mode: mode.value } },
                          "检查已开始",
                        )
                      }
                      data-action="start"
                    >
                      开始检查
                    </ElButton>
                  </>
                )}
              </div>,
            )}
          {x.status === "IN_PROGRESS" && (
            <>
              {section(
                "检查记录",
                <div class="wb-record">
                  <div class="wb-field">
                    检查日期
                    <ElDatePicker
                      modelValue={form.inspectedOn}
                      onUpdate:modelValue={(v: string) => (form.inspectedOn = v)}
                      valueFormat="YYYY-MM-DD"
                      type="date"
                    />
                  </div>
                  <div class="wb-field">
                    出示检查通知书{" "}
                    <ElSwitch
                      modelValue={form.noticeShown}
                      onUpdate:modelValue={(v: string | number | boolean) => (form.noticeShown = Boolean(v))}
                    />
                  </div>
                  <div class="wb-field">
                    出示执法证件{" "}
                    <ElSwitch
                      modelValue={form.identityShown}
                      onUpdate:modelValue={(v: string | number | boolean) => (form.identityShown = Boolean(v))}
                    />
                  </div>
                  {form.lines.map((l, i) => (
                    <div class="wb-line" key={l.checkItemId} data-line={i}>
                      <div class="wb-line-name">
                        {i + 1}. {l.itemName}
                      </div>
                      <div class="wb-field">
                        已检查{" "}
                        <ElSwitch
                          modelValue={l.checked}
                          onUpdate:modelValue={(v: string | number | boolean) => (l.checked = Boolean(v))}
                        />
                      </div>
                      <ElInput
                        modelValue={l.result}
                        onUpdate:modelValue={(v: string) => (l.result = v)}
                        placeholder="检查结果，如：符合要求"
                        name={`result-${i}`}
                      />
                      <div class="wb-field">
                        下达责令整改{" "}
                        <ElSwitch
                          modelValue={l.rectificationOrdered}
                          onUpdate:modelValue={(v: string | number | boolean) => (l.rectificationOrdered = Boolean(v))}
                        />
                      </div>
                      <div class="wb-field">
                        已整改{" "}
                        <ElSwitch
                          modelValue={l.rectified}
                          onUpdate:modelValue={(v: string | number | boolean) => (l.rectified = Boolean(v))}
                        />
                      </div>
                    </div>
                  ))}
                  <ElInput
                    type="textarea"
                    modelValue={form.situation}
                    onUpdate:modelValue={(v: string) => (form.situation = v)}
                    placeholder="检查情况"
                    name="situation"
                  />
                  <ElInput
                    type="textarea"
                    modelValue={form.handlingOpinion}
                    onUpdate:modelValue={(v: string) => (form.handlingOpinion = v)}
                    placeholder="抽查单位处理意见"
                    name="handlingOpinion"
                  />
                  <ElButton type="primary" onClick={saveRecord} data-action="save-record">
                    保存记录
                  </ElButton>
                </div>,
                "record",
              )}
              {section(
                "证据材料",
                <div>
                  <label class="wb-photo-input">
                    拍照或选择照片
                    <input
                      type="file"
                      accept="image/*,application/pdf"
                      capture="environment"
                      onChange={addPhoto}
                      data-field="photo"
                    />
                  </label>
                  <ul class="wb-attachments">
                    {r?.attachments.map((f) => (
                      <li key={f.id} data-attachment={f.fileName}>
                        {f.fileName} · {formatTime(f.createdAt)} · SHA-256 {f.sha256.slice(0, 12)}…
                      </li>
                    ))}
                    {draft.value.photos.map((p) => (
                      <li key={p.takenAt} class="wb-muted">
                        {p.fileName}（待上传）
                      </li>
                    ))}
                  </ul>
                </div>,
                "evidence",
              )}
              {section(
                "被检查对象签字",
                r?.targetSignerName || r?.refusalReason ? (
                  <p data-signoff="">
                    {r.targetSignerName ? `已签字：${r.targetSignerName}` : `拒绝签字：${r.refusalReason}`}
                  </p>
                ) : (
                  <div class="wb-record">
                    <ElRadioGroup
                      modelValue={signoff.kind}
                      onUpdate:modelValue={(v: string | number | boolean | undefined) => (signoff.kind = String(v))}
                    >
                      <ElRadioButton value="SIGN">负责人签字</ElRadioButton>
                      <ElRadioButton value="REFUSE">拒绝签字</ElRadioButton>
                    </ElRadioGroup>
                    {signoff.kind === "SIGN" ? (
                      <>
                        <ElInput
                          modelValue={signoff.signerName}
                          onUpdate:modelValue={(v: string) => (signoff.signerName = v)}
                          placeholder="签字人姓名"
                          name="signerName"
                        />
                        <ElInput
                          modelValue={signoff.signerRole}
                          onUpdate:modelValue={(v: string) => (signoff.signerRole = v)}
                          placeholder="职务，如法定代表人"
                          name="signerRole"
                        />
                      </>
                    ) : (
                      <>
                        <ElInput
                          modelValue={signoff.refusalReason}
                          onUpdate:modelValue={(v: string) => (signoff.refusalReason = v)}
                          placeholder="拒签原因"
                          name="refusalReason"
                        />
                        <ElInput
                          modelValue={signoff.refusalWitness}
                          onUpdate:modelValue={(v: string) => (signoff.refusalWitness = v)}
                          placeholder="见证人姓名及身份"
                          name="refusalWitness"
                        />
                      </>
                    )}
                    {leader && (
                      <ElButton
                        type="primary"
                        onClick={() =>
                          step(
                            `mutation($i: TargetSignoffInput!) { recordTargetSignoff(input: $i) { id } }`,
                            {
                              i:
                                signoff.kind === "SIGN"
                                  ? { assignmentId: id, signerName: signoff.signerName, signerRole: signoff.signerRole }
                                  : {
                                      assignmentId: id,
                                      refusalReason: signoff.refusalReason,
                                      refusalWitness: signoff.refusalWitness,
                                    },
                            },
                            "已记录",
                          )
                        }
                        data-action="signoff"
                      >
                        记录签字情况
                      </ElButton>
                    )}
                  </div>
                ),
                "signoff",
              )}
              {section(
                "执法检查人员签字",
                <div>
                  <p>
                    {x.memberIds.map((m) => (
                      <span key={m} class="wb-signer">
                        {team.value.get(m)?.name}：{signed.has(m) ? "已签字" : "未签字"}
                      </span>
                    ))}
                  </p>
                  <div class="wb-toolbar">
                    {me.value && !signed.has(me.value) && (
                      <ElButton
                        type="primary"
                        onClick={() =>
                          step(
                            `mutation($id: ID!) { signInspectionRecord(assignmentId: $id) { id } }`,
                            { id },
                            "已签字",
                          )
                        }
                        data-action="sign"
                      >
                        我已核对，签字
                      </ElButton>
                    )}
                    {leader && (
                      <ElButton
                        type="success"
                        onClick={() =>
                          step(
                            `mutation($id: ID!) { completeInspectionRecord(assignmentId: $id) { id } }`,
                            { id },
                            "记录已完成",
                          )
                        }
                        data-action="complete"
                      >
                        完成记录
                      </ElButton>
                    )}
                  </div>
                </div>,
                "signatures",
              )}
            </>
          )}
          {x.status === "RECORDED" &&
            section(
              "检查结果",
              <div class="wb-record">
                {x.result && (
                  <p>
                    状态：<ElTag data-result-status={x.result.status}>{label("ResultStatus", x.result.status)}</ElTag>
                    {x.result.returnedReason && <span class="wb-muted">退回原因：{x.result.returnedReason}</span>}
                  </p>
                )}
                <ElSelect
                  modelValue={result.categoryCode}
                  onUpdate:modelValue={(v: string) => (result.categoryCode = v)}
                  placeholder="检查结果类别"
                  data-field="category"
                >
                  {codes.value.map((c) => (
                    <ElOption key={c.code} value={c.code} label={c.name} />
                  ))}
                </ElSelect>
                <ElInput
                  type="textarea"
                  modelValue={result.problems}
                  onUpdate:modelValue={(v: string) => (result.problems = v)}
                  placeholder="存在问题（未发现问题可不填）"
                  name="problems"
                />
                <ElInput
                  type="textarea"
                  modelValue={result.handling}
                  onUpdate:modelValue={(v: string) => (result.handling = v)}
                  placeholder="处理情况"
                  name="handling"
                />
                {leader && (!x.result || x.result.status === "DRAFT" || x.result.status === "RETURNED") && (
                  <div class="wb-toolbar">
                    <ElButton
                      onClick={() =>
                        step(
                          `mutation($id: ID!, $i: ResultInput!) { saveInspectionResult(assignmentId: $id, input: $i) { id } }`,
                          { id, i: { ...result } },
                          "结果已保存",
                        )
                      }
                      data-action="save-result"
                    >
                      保存结果
                    </ElButton>
                    {x.result && (
                      <ElButton
                        type="primary"
                        onClick={() =>
                          step(
                            `mutation($id: ID!) { submitInspectionResult(id: $id) { id } }`,
                            { id: x.result?.id },
                            "已提交审核",
                          )
                        }
                        data-action="submit-result"
                      >
                        提交审核
                      </ElButton>
                    )}
                  </div>
                )}
              </div>,
              "result",
            )}
        </div>
      );
    };
  },
});
