import {
  ElAlert,
  ElButton,
  ElCard,
  ElDatePicker,
  ElInput,
  ElOption,
  ElRate,
  ElResult,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref, watch } from "vue";
import Facts from "../facts";
import { act, errorText, formatTime } from "../format";
import { go } from "../router";
import { gql } from "../session";

interface Check {
  status: "VALID" | "EXPIRED" | "VOIDED" | "UNKNOWN";
  message: string;
  facts: {
    department: string;
    firmName: string;
    taskName: string;
    kind: string;
    items: Array<{ name: string; legalBasis: string }>;
    inspectors: Array<{ id: string; name: string; certificateNo: string; leader: boolean }>;
    /** 随行专家/辅助人员: not enforcement inspectors, so no 执法证号. */
    experts: Array<{ name: string; organisation: string | null; department: string | null }>;
    windowFrom: string;
    windowTo: string;
    expiresOn: string;
    booking: {
      status: string;
      bookableFrom: string;
      bookableTo: string;
      proposedDate: string | null;
      counterDate: string | null;
      agreedDate: string | null;
    };
    draw: { id: string; sequence: number; drawnAt: string; sealDigest: string; publicAfter: string | null } | null;
    /** A joint visit: every department with its inspectors (the joint draw is `draw`'s place). */
    joint: {
      jointTaskId: string;
      departments: Array<{ department: string; inspectors: Array<{ id: string }> }>;
    } | null;
  } | null;
  firm: {
    tookPlace: boolean | null;
    rating: number | null;
    comment: string | null;
    requests: Array<{
      id: string;
      kind: string;
      inspectorName: string | null;
      status: string;
      decisionNote: string | null;
    }>;
    /** 办理记录, oldest first; a joint visit's merges every department's part (`department`; null: own visit). */
    history: Array<{
      at: string;
      kind: string;
      requestId: string | null;
      visitDate: string | null;
      department: string | null;
      summary: string;
      note: string | null;
    }>;
    result: Published | null;
    /** A joint visit: each department's published result (谁检查、谁公示). */
    results: Published[];
  } | null;
}

interface Published {
  resultId: string;
  department: string;
  category: string;
  publishedAt: string;
  versions: Array<{ version: number; publishedAt: string; category: string; correctionReason: string | null }>;
}

const PUBLISHED = "resultId department category publishedAt versions { version publishedAt category correctionReason }";
const CHECK = `status message facts { department firmName taskName kind items { name legalBasis }
  inspectors { id name certificateNo leader } experts { name organisation department } windowFrom windowTo expiresOn
  booking { status bookableFrom bookableTo proposedDate counterDate agreedDate }
  draw { id sequence drawnAt sealDigest publicAfter }
  joint { jointTaskId departments { department inspectors { id } } } }
  firm { tookPlace rating comment requests { id kind inspectorName status decisionNote }
    history { at kind requestId visitDate department summary note }
    result { ${PUBLISHED} } results { ${PUBLISHED} } }`;

const KIND: Record<string, string> = {
  RANDOM: "随机抽取",
  DIRECT: "指派检查",
  COMPLAINT: "投诉举报核查",
  JOINT: "部门联合抽查",
};

/** The department of each inspector of a joint visit (a department visit: none). */
const departmentOf = (f: NonNullable<Check["facts"]>, id: string) =>
  f.joint?.departments.find((d) => d.inspectors.some((p) => p.id === id))?.department ?? "";
const BOOKING: Record<string, string> = {
  UNSCHEDULED: "尚未预约",
  PROPOSED: "已提出，待检查组确认",
  CONTESTED: "检查组建议了其他时间",
  AGREED: "已商定",
};
/** The published results: a joint visit's of every department (谁检查、谁公示), else the department's one. */
const published = (side: NonNullable<Check["firm"]>) =>
  side.results.length ? side.results : side.result ? [side.result] : [];
const REQUEST: Record<string, string> = { PENDING: "待处理", GRANTED: "已准予", REJECTED: "未准予", CLOSED: "已办结" };
const VERDICT = { VALID: "success", EXPIRED: "warning", VOIDED: "error", UNKNOWN: "error" } as const;

/** The firm code stays in this tab only (sessionStorage), so the page keeps it across the draw-verification page. */
const firmCodeKey = (code: string) => `jointcheck.firm-code.${code}`;

/**
 * 扫码核验 (no sign-in, phone first): what the QR code on the notice or on an inspector's phone opens. Anyone sees
 * whether the visit is real — task and legal basis, department, inspectors' names and 执法证号, the window and the
 * agreed date, the draw that selected the firm (verified in this browser on the public draw page). With the
 * 企业办事码 printed on its notice the firm books the visit time (双预约), asks for an inspector's recusal, confirms
 * the visit, rates it, complains to the supervisor, and sees its published result and corrections.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, default: () => ({}) } },
  setup(props) {
    const typed = ref(props.params.code ?? "");
    const code = ref(props.params.code ?? "");
    const firmCode = ref(code.value ? (sessionStorage.getItem(firmCodeKey(code.value)) ?? "") : "");
    const firmInput = ref(firmCode.value);
    const check = ref<Check | null>(null);
    const error = ref("");
    const form = reactive({ date: "", inspectorId: "", reason: "", complaint: "", rating: 0, comment: "" });

    const load = async () => {
      if (!code.value) return;
      error.value = "";
      try {
        check.value = (
          await gql<{ visitCheck: Check }>(
            `query($c: String!, $f: String) { visitCheck(code: $c, firmCode: $f) { ${CHECK} } }`,
            {
              c: code.value,
              f: firmCode.value || null,
            },
          )
        ).visitCheck;
        if (check.value.firm) {
          form.rating = check.value.firm.rating ?? 0;
          form.comment = check.value.firm.comment ?? "";
        }
      } catch (e) {
        error.value = errorText(e);
        if (firmCode.value) {
          // A wrong 办事码 must not hide the public check.
          sessionStorage.removeItem(firmCodeKey(code.value));
          firmCode.value = "";
          await load();
          error.value = errorText(e);
        }
      }
    };
    onMounted(load);
    watch(
      () => props.params.code,
      (c) => {
        code.value = c ?? "";
        typed.value = c ?? "";
        void load();
      },
    );

    const unlock = async () => {
      firmCode.value = firmInput.value.trim();
      sessionStorage.setItem(firmCodeKey(code.value), firmCode.value);
      await load();
    };
    const firmAct = (mutation: string, args: string, vars: Record<string, unknown>, done: string) =>
      act(async () => {
        const r = await gql<Record<string, Check>>(
          `mutation($c: String!, $f: String!${args}) { ${mutation}(code: $c, firmCode: $f${Object.keys(vars)
            .map((k) => `, ${k}: $${k}`)
            .join("")}) { ${CHECK} } }`,
          { c: code.value, f: firmCode.value, ...vars },
        );
        check.value = r[mutation];
      }, done);

    const card = (title: string, body: unknown, attr: string) => (
      <ElCard class="wb-card" shadow="never" header={title} data-firm={attr}>
        {body}
      </ElCard>
    );

    return () => {
      const c = check.value;
      const f = c?.facts;
      const side = c?.firm;
      return (
        <div class="wb-screen wb-phone" data-visit-check="">
          <h2>检查核验</h2>
          <div class="wb-toolbar">
            <ElInput
              modelValue={typed.value}
              onUpdate:modelValue={(v: string) => (typed.value = v)}
              placeholder="输入通知书上的核验码，如 ABCD-EFGH-JKMN"
              name="verify-code"
            />
            <ElButton type="primary" onClick={() => go(`/visit/${typed.value.trim()}`)} data-action="check-code">
              核验
            </ElButton>
          </div>
          {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
          {c && (
            <ElResult
              icon={VERDICT[c.status]}
              title={c.status === "VALID" ? "真实的检查" : "请注意"}
              subTitle={c.message}
              data-visit-status={c.status}
            />
          )}
          {f &&
            card(
              "检查信息",
              <div>
                <Facts
                  rows={[
                    ["被检查对象", <span key="a">{f.firmName}</span>] as const,
                    ["检查部门", <span key="b">{f.department}</span>] as const,
                    ["抽查任务", <span key="c">{f.taskName}</span>] as const,
                    ["检查方式", <span key="d">{KIND[f.kind] ?? f.kind}</span>] as const,
                    ["检查期限", <span key="e">{`${f.windowFrom} 至 ${f.windowTo}`}</span>] as const,
                    [
                      "检查日期",
                      <span key="g" data-agreed-date="">
                        {f.booking.agreedDate ?? BOOKING[f.booking.status]}
                      </span>,
                    ] as const,
                    ["核验码有效期至", <span key="h">{f.expiresOn}</span>] as const,
                  ]}
                />
                <h3>检查事项及依据</h3>
                <ol>
                  {f.items.map((i) => (
                    <li key={i.name}>
                      {i.name}
                      <div class="wb-muted">{i.legalBasis}</div>
                    </li>
                  ))}
                </ol>
              </div>,
              "facts",
            )}
          {f &&
            card(
              "检查人员",
              <ElTable data={f.inspectors} border data-inspectors="">
                <ElTableColumn label="姓名" minWidth="90">
                  {{
                    default: ({ row }: { row: { name: string; leader: boolean } }) =>
                      `${row.name}${row.leader ? "（组长）" : ""}`,
                  }}
                </ElTableColumn>
                <ElTableColumn prop="certificateNo" label="执法证号" minWidth="140" />
                {f.joint && (
                  <ElTableColumn label="检查部门" minWidth="120">
                    {{ default: ({ row }: { row: { id: string } }) => departmentOf(f, row.id) }}
                  </ElTableColumn>
                )}
              </ElTable>,
              "inspectors",
            )}
          {f &&
            card(
              "随行专家/辅助人员",
              f.experts.length ? (
                <div>
                  <p class="wb-muted">随行专家/辅助人员不属于执法检查人员，无执法证号。</p>
                  <ElTable data={f.experts} border data-experts="">
                    <ElTableColumn prop="name" label="姓名" minWidth="90" />
                    {f.joint ? (
                      <ElTableColumn prop="department" label="检查部门" minWidth="120" />
                    ) : (
                      <ElTableColumn label="所在单位" minWidth="140">
                        {{ default: ({ row }: { row: { organisation: string | null } }) => row.organisation ?? "—" }}
                      </ElTableColumn>
                    )}
                  </ElTable>
                </div>
              ) : (
                <p class="wb-muted" data-experts-none="">
                  本次检查无随行专家/辅助人员。
                </p>
              ),
              "experts",
            )}
          {f &&
            card(
              "随机抽取记录",
              f.draw ? (
                <div>
                  <p>
                    本次检查由第 {f.draw.sequence} 次{f.joint ? "联合" : "随机"}抽取选中（{formatTime(f.draw.drawnAt)}
                    ）。
                  </p>
                  <p class="wb-muted">
                    记录封印摘要：<span class="wb-mono">{f.draw.sealDigest}</span>
                  </p>
                  <ElButton
                    type="primary"
                    onClick={() => go(`/public/draws/${f.draw?.id}${f.joint ? `?joint=${f.joint.jointTaskId}` : ""}`)}
                    data-action="verify-draw"
                  >
                    在浏览器中核验抽取记录
                  </ElButton>
                </div>
              ) : (
                <p>本次检查不经随机抽取（{KIND[f.kind] ?? f.kind}），不计入随机抽查。</p>
              ),
              "draw",
            )}
          {f &&
            !side &&
            card(
              "企业办事",
              <div class="wb-toolbar">
                <ElInput
                  modelValue={firmInput.value}
                  onUpdate:modelValue={(v: string) => (firmInput.value = v)}
                  placeholder="检查通知书上的企业办事码"
                  name="firm-code"
                />
                <ElButton type="primary" onClick={unlock} data-action="unlock">
                  确认
                </ElButton>
                <p class="wb-muted">凭企业办事码可预约检查时间、申请检查人员回避、检查后确认和评价。</p>
              </div>,
              "unlock",
            )}
          {f &&
            side &&
            card(
              "预约检查时间",
              <div class="wb-record">
                <p>
                  状态：<ElTag data-booking-status={f.booking.status}>{BOOKING[f.booking.status]}</ElTag>
                  {f.booking.proposedDate && f.booking.status !== "AGREED" && ` 企业提出：${f.booking.proposedDate}`}
                </p>
                {f.booking.counterDate && (
                  <ElAlert type="info" closable={false} title={`检查组建议改为 ${f.booking.counterDate}`}>
                    <ElButton
                      type="success"
                      onClick={() => firmAct("firmAcceptVisitDate", "", {}, "已接受检查组建议的时间")}
                      data-action="accept-counter"
                    >
                      接受该时间
                    </ElButton>
                  </ElAlert>
                )}
                {f.booking.status !== "AGREED" && (
                  <div class="wb-field">
                    <ElDatePicker
                      modelValue={form.date}
                      onUpdate:modelValue={(v: string) => (form.date = v)}
                      valueFormat="YYYY-MM-DD"
                      type="date"
                      placeholder={`${f.booking.bookableFrom} 至 ${f.booking.bookableTo}`}
                      disabledDate={(d: Date) => {
                        const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
                        return iso < f.booking.bookableFrom || iso > f.booking.bookableTo;
                      }}
                      data-field="visit-date"
                    />
                    <ElButton
                      type="primary"
                      onClick={() =>
                        firmAct("firmProposeVisitDate", ", $date: String!", { date: form.date }, "已提出预约时间")
                      }
                      data-action="propose-date"
                    >
                      提出预约
                    </ElButton>
                  </div>
                )}
              </div>,
              "booking",
            )}
          {f &&
            side &&
            card(
              "申请回避",
              <div class="wb-record">
                <p class="wb-muted">检查人员与你单位有利害关系的，可申请其回避，由检查部门监督人员审核。</p>
                <ElSelect
                  modelValue={form.inspectorId}
                  onUpdate:modelValue={(v: string) => (form.inspectorId = v)}
                  placeholder="选择检查人员"
                  data-field="recusal-inspector"
                >
                  {f.inspectors.map((p) => (
                    <ElOption key={p.id} value={p.id} label={`${p.name}（${p.certificateNo}）`} />
                  ))}
                </ElSelect>
                <ElInput
                  type="textarea"
                  modelValue={form.reason}
                  onUpdate:modelValue={(v: string) => (form.reason = v)}
                  placeholder="申请回避的理由"
                  name="recusal-reason"
                />
                <ElButton
                  type="warning"
                  onClick={() =>
                    firmAct(
                      "firmRequestRecusal",
                      ", $inspectorId: ID!, $reason: String!",
                      { inspectorId: form.inspectorId, reason: form.reason },
                      "回避申请已提交，等待监督人员审核",
                    )
                  }
                  data-action="request-recusal"
                >
                  提交回避申请
                </ElButton>
                {side.requests.map((r) => (
                  <p key={r.id} data-request={r.status}>
                    {r.kind === "RECUSAL" ? `申请${r.inspectorName ?? ""}回避` : "投诉"}：
                    <ElTag>{REQUEST[r.status] ?? r.status}</ElTag>
                    {r.decisionNote && <span class="wb-muted"> {r.decisionNote}</span>}
                  </p>
                ))}
              </div>,
              "recusal",
            )}
          {f &&
            side &&
            card(
              "检查后确认与评价",
              <div class="wb-record">
                {side.tookPlace === null ? (
                  <div class="wb-toolbar">
                    <ElButton
                      type="success"
                      onClick={() =>
                        firmAct("firmConfirmVisit", ", $tookPlace: Boolean!", { tookPlace: true }, "已确认检查已进行")
                      }
                      data-action="confirm-visit"
                    >
                      确认检查已进行
                    </ElButton>
                    <ElButton
                      onClick={() =>
                        firmAct(
                          "firmConfirmVisit",
                          ", $tookPlace: Boolean!",
                          { tookPlace: false },
                          "已反馈：未进行检查",
                        )
                      }
                    >
                      未进行检查
                    </ElButton>
                  </div>
                ) : (
                  <p data-took-place={String(side.tookPlace)}>
                    {side.tookPlace ? "已确认检查已进行" : "已反馈检查未进行"}
                  </p>
                )}
                {side.tookPlace && (
                  <>
                    <ElRate
                      modelValue={form.rating}
                      onUpdate:modelValue={(v: number) => (form.rating = v)}
                      data-field="rating"
                    />
                    <ElInput
                      type="textarea"
                      modelValue={form.comment}
                      onUpdate:modelValue={(v: string) => (form.comment = v)}
                      placeholder="对本次检查的意见（可不填）"
                      name="rating-comment"
                    />
                    <ElButton
                      type="primary"
                      onClick={() =>
                        firmAct(
                          "firmRateVisit",
                          ", $rating: Int!, $comment: String",
                          { rating: form.rating, comment: form.comment || null },
                          "评价已提交",
                        )
                      }
                      data-action="rate"
                    >
                      提交评价
                    </ElButton>
                    {side.rating !== null && <p data-rated={side.rating}>已评价：{side.rating} 分</p>}
                  </>
                )}
                <h3>投诉检查人员的执法行为</h3>
                <p class="wb-muted">投诉直接送检查部门的监督人员，检查人员本人看不到。</p>
                <ElInput
                  type="textarea"
                  modelValue={form.complaint}
                  onUpdate:modelValue={(v: string) => (form.complaint = v)}
                  placeholder="投诉内容"
                  name="complaint"
                />
                <ElButton
                  onClick={() =>
                    firmAct("firmComplain", ", $reason: String!", { reason: form.complaint }, "投诉已送监督人员")
                  }
                  data-action="complain"
                >
                  提交投诉
                </ElButton>
              </div>,
              "after",
            )}
          {f &&
            side &&
            card(
              "办理记录",
              side.history.length ? (
                <ol class="wb-history" data-history="">
                  {side.history.map((h) => (
                    <li key={`${h.at}-${h.kind}-${h.requestId ?? h.visitDate}`} data-history-kind={h.kind}>
                      <div>
                        <span class="wb-muted">日期：</span>
                        <span data-history-date="">{formatTime(h.at)}</span>
                      </div>
                      <div>
                        <span class="wb-muted">部门：</span>
                        <span data-history-department="">{h.department ?? f.department}</span>
                      </div>
                      <div>
                        <span class="wb-muted">办理结果：</span>
                        <span data-history-result="">
                          {h.summary}
                          {h.note && `（${h.note}）`}
                        </span>
                      </div>
                    </li>
                  ))}
                </ol>
              ) : (
                <p class="wb-muted">尚无办理记录。</p>
              ),
              "history",
            )}
          {f &&
            side &&
            card(
              "检查结果公示",
              published(side).length ? (
                <div>
                  {published(side).map((r) => (
                    <div key={r.resultId} data-result={r.department}>
                      <p>
                        {f.joint && `${r.department}：`}检查结果：{r.category}（公示于 {formatTime(r.publishedAt)}）
                      </p>
                      {r.versions
                        .filter((v) => v.correctionReason)
                        .map((v) => (
                          <p key={v.version}>
                            <ElTag type="warning">更正</ElTag> 第 {v.version} 版：{v.correctionReason}
                          </p>
                        ))}
                      <ElButton onClick={() => go(`/public/results/${r.resultId}`)}>查看公示详情</ElButton>
                    </div>
                  ))}
                </div>
              ) : (
                <p class="wb-muted">检查结果尚未公示。</p>
              ),
              "result",
            )}
        </div>
      );
    };
  },
});
