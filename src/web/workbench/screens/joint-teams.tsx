import {
  ElAlert,
  ElButton,
  ElCard,
  ElDialog,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import EnumSelect from "../enum-select";
import { act, errorText, formatTime } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql, hasRole, isCoordinator, session } from "../session";

interface Member {
  id: string;
  name: string;
  certificateNo: string;
  departmentId: string;
  role: string;
}
interface Expert {
  id: string;
  name: string;
  departmentId: string;
}
interface Team {
  leaderId: string;
  members: Member[];
  experts: Expert[];
}
interface Target {
  id: string;
  status: string;
  subjectId: string;
  team: Team | null;
}
interface Substitution {
  id: string;
  sequence: number;
  targetId: string;
  departmentId: string;
  personKind: string;
  recusedId: string;
  substituteId: string;
  reasonCode: string;
  reasonNote: string;
  createdAt: string;
}
interface TaskView {
  id: string;
  name: string;
  status: string;
  initiatingDepartment: { id: string; name: string };
  participations: Array<{ department: { id: string; name: string } }>;
  targets: Target[];
  visits: Array<{ targetId: string; status: string; subject: { name: string; address: string | null } }>;
  draw: { id: string; substitutions: Substitution[] } | null;
}

const TEAM = `team { leaderId members { id name certificateNo departmentId role } experts { id name departmentId } }`;
const TASK = `id name status initiatingDepartment { id name } participations { department { id name } }
  targets { id status subjectId ${TEAM} }
  visits { targetId status subject { name address } }
  draw { id substitutions { id sequence targetId departmentId personKind recusedId substituteId reasonCode reasonNote
    createdAt } }`;

/** The API's limits (JointRecusalInput): 回避理由 1–500, 提出人 1–100 characters. */
const NOTE_MAX = 500;
const REQUESTED_BY_MAX = 100;

/**
 * 联合检查组 of a drawn joint task: each target's mixed team (组长 from the initiating department, the members by
 * department) and its 随行专家. A participating department's supervisor approves the 回避 of one of its own
 * inspectors or experts (recuseJointInspector, kind INSPECTOR or EXPERT) with a reason; the team is shown again with
 * the 递补 person, and the 回避与递补 record of the draw lists every substitution.
 */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const task = ref<TaskView | null>(null);
    const refused = ref("");
    /** Names of everyone shown on this screen so far (a recused person leaves the team, not the record). */
    const names = reactive<Record<string, string>>({});
    const remember = (t: Target) => {
      for (const p of [...(t.team?.members ?? []), ...(t.team?.experts ?? [])]) names[p.id] = p.name;
    };
    const load = async () => {
      try {
        const r = await gql<{ jointTask: TaskView }>(`query($id: ID!) { jointTask(id: $id) { ${TASK} } }`, {
          id: props.params.id,
        });
        task.value = r.jointTask;
        for (const t of r.jointTask.targets) remember(t);
      } catch (e) {
        refused.value = errorText(e);
      }
    };
    onMounted(load);
    const mine = session.me?.tenant.id ?? "";
    const department = (id: string) =>
      task.value?.participations.find((p) => p.department.id === id)?.department.name ?? "";
    const subjectOf = (targetId: string) => task.value?.visits.find((v) => v.targetId === targetId)?.subject;

    // The 回避 dialog: who, and the reason the clerk must give.
    const asking = ref<{ target: Target; kind: "INSPECTOR" | "EXPERT"; person: { id: string; name: string } } | null>(
      null,
    );
    const f = reactive({ reason: "REQUESTED", note: "", requestedBy: "" });
    const ask = (target: Target, kind: "INSPECTOR" | "EXPERT", person: { id: string; name: string }) => {
      Object.assign(f, { reason: "REQUESTED", note: "", requestedBy: "" });
      asking.value = { target, kind, person };
    };
    const formError = () => {
      if (!f.note.trim()) return "请填写回避理由";
      if (f.note.trim().length > NOTE_MAX) return `回避理由不超过 ${NOTE_MAX} 个字符`;
      if (!f.requestedBy.trim()) return "请填写提出人";
      if (f.requestedBy.trim().length > REQUESTED_BY_MAX) return `提出人不超过 ${REQUESTED_BY_MAX} 个字符`;
      return "";
    };
    const problem = ref("");
    const recuse = async () => {
      const a = asking.value;
      if (!a) return;
      problem.value = formError();
      if (problem.value) return;
      const r = await act(
        () =>
          gql<{ recuseJointInspector: { target: Target; substitution: Substitution } }>(
            `mutation($i: JointRecusalInput!) { recuseJointInspector(input: $i) {
              target { id status subjectId ${TEAM} } substitution { id substituteId } } }`,
            {
              i: {
                targetId: a.target.id,
                kind: a.kind,
                inspectorId: a.person.id,
                reason: f.reason,
                note: f.note.trim(),
                requestedBy: f.requestedBy.trim(),
              },
            },
          ),
        `${a.person.name}已回避`,
      );
      if (!r) return;
      asking.value = null;
      // The team as the server composed it, at once; then the whole task (the 回避与递补 record).
      remember(r.recuseJointInspector.target);
      const t = task.value;
      if (t)
        t.targets = t.targets.map((x) =>
          x.id === r.recuseJointInspector.target.id ? r.recuseJointInspector.target : x,
        );
      await load();
    };

    const mayRecuse = (departmentId: string) => hasRole("SUPERVISOR") && departmentId === mine;
    const recuseButton = (target: Target, kind: "INSPECTOR" | "EXPERT", p: { id: string; name: string }) => (
      <ElButton size="small" type="warning" plain onClick={() => ask(target, kind, p)} data-action="recuse">
        回避
      </ElButton>
    );

    const targetCard = (t: Target) => {
      const team = t.team;
      const subject = subjectOf(t.id);
      return (
        <ElCard class="wb-card" shadow="never" key={t.id} data-target={subject?.name ?? t.subjectId}>
          {{
            header: () => (
              <span>
                {subject?.name} <span class="wb-muted">{subject?.address}</span>
              </span>
            ),
            default: () =>
              team ? (
                <div>
                  <ElTable data={team.members} border size="small" data-members="">
                    <ElTableColumn label="执法检查人员" minWidth="140">
                      {{
                        default: ({ row }: { row: Member }) => (
                          <span data-person={row.name}>
                            {row.name}
                            {row.id === team.leaderId ? "（组长）" : ""}
                          </span>
                        ),
                      }}
                    </ElTableColumn>
                    <ElTableColumn label="执法证号" prop="certificateNo" width="170" />
                    <ElTableColumn label="所属部门" minWidth="160">
                      {{ default: ({ row }: { row: Member }) => department(row.departmentId) }}
                    </ElTableColumn>
                    <ElTableColumn label="操作" width="100">
                      {{
                        default: ({ row }: { row: Member }) =>
                          mayRecuse(row.departmentId) ? recuseButton(t, "INSPECTOR", row) : null,
                      }}
                    </ElTableColumn>
                  </ElTable>
                  {team.experts.length > 0 ? (
                    <ElTable data={team.experts} border size="small" class="wb-section" data-experts="">
                      <ElTableColumn label="随行专家" minWidth="140">
                        {{ default: ({ row }: { row: Expert }) => <span data-person={row.name}>{row.name}</span> }}
                      </ElTableColumn>
                      <ElTableColumn label="所属部门" minWidth="160">
                        {{ default: ({ row }: { row: Expert }) => department(row.departmentId) }}
                      </ElTableColumn>
                      <ElTableColumn label="操作" width="100">
                        {{
                          default: ({ row }: { row: Expert }) =>
                            mayRecuse(row.departmentId) ? recuseButton(t, "EXPERT", row) : null,
                        }}
                      </ElTableColumn>
                    </ElTable>
                  ) : (
                    <p class="wb-muted">无随行专家</p>
                  )}
                </div>
              ) : (
                <p class="wb-muted">重复检查合并的对象由各部门沿用自有检查组，请在本部门的抽查任务中办理回避</p>
              ),
          }}
        </ElCard>
      );
    };

    return () => {
      if (refused.value)
        return (
          <div class="wb-screen">
            <ElAlert type="error" title={refused.value} closable={false} data-refused="" />
          </div>
        );
      const t = task.value;
      if (!t) return <div class="wb-screen" />;
      // The task is public once its plan is published; its teams are the participating departments' (and the
      // coordinator's) only.
      if (!isCoordinator() && !t.participations.some((p) => p.department.id === mine))
        return (
          <div class="wb-screen">
            <h2>{t.name} · 联合检查组</h2>
            <ElAlert
              type="warning"
              title="本部门未参与该联合抽查任务：联合检查组仅参与部门和牵头协调部门可见"
              closable={false}
              data-refused=""
            />
          </div>
        );
      const active = t.targets.filter((x) => x.status === "ACTIVE");
      const subs = t.draw?.substitutions ?? [];
      const a = asking.value;
      return (
        <div class="wb-screen">
          <h2>
            {t.name} · 联合检查组 <ElTag>{label("JointTaskStatus", t.status)}</ElTag>
          </h2>
          <p class="wb-muted">
            {`发起部门：${t.initiatingDepartment.name} · 组长来自发起部门；各部门监督人员可批准本部门人员回避，由本部门按原排序递补。`}
          </p>
          <div class="wb-toolbar">
            <ElButton onClick={() => go("/joint/invitations")}>返回联合抽查邀请</ElButton>
          </div>
          {!active.length && <ElEmpty description="尚未抽取检查对象" />}
          {active.map(targetCard)}
          {subs.length > 0 && (
            <ElCard class="wb-card" shadow="never">
              {{
                header: () => <span>回避与递补记录</span>,
                default: () => (
                  <ElTable data={subs} border size="small" data-substitutions="">
                    <ElTableColumn label="序号" prop="sequence" width="70" />
                    <ElTableColumn label="检查对象" minWidth="160">
                      {{ default: ({ row }: { row: Substitution }) => subjectOf(row.targetId)?.name ?? "" }}
                    </ElTableColumn>
                    <ElTableColumn label="类别" width="120">
                      {{
                        default: ({ row }: { row: Substitution }) =>
                          row.personKind === "EXPERT" ? "随行专家" : "执法检查人员",
                      }}
                    </ElTableColumn>
                    <ElTableColumn label="回避人员" width="120">
                      {{ default: ({ row }: { row: Substitution }) => names[row.recusedId] ?? "—" }}
                    </ElTableColumn>
                    <ElTableColumn label="递补人员" width="120">
                      {{ default: ({ row }: { row: Substitution }) => names[row.substituteId] ?? "—" }}
                    </ElTableColumn>
                    <ElTableColumn label="部门" minWidth="150">
                      {{ default: ({ row }: { row: Substitution }) => department(row.departmentId) }}
                    </ElTableColumn>
                    <ElTableColumn label="原因" minWidth="220">
                      {{
                        default: ({ row }: { row: Substitution }) =>
                          `${label("RecusalReason", row.reasonCode)}：${row.reasonNote}`,
                      }}
                    </ElTableColumn>
                    <ElTableColumn label="时间" width="170">
                      {{ default: ({ row }: { row: Substitution }) => formatTime(row.createdAt) }}
                    </ElTableColumn>
                  </ElTable>
                ),
              }}
            </ElCard>
          )}
          <ElDialog
            modelValue={a !== null}
            onUpdate:modelValue={(v: boolean) => {
              if (!v) asking.value = null;
            }}
            title={a ? `${a.kind === "EXPERT" ? "随行专家" : "执法检查人员"}${a.person.name}回避` : "回避"}
            width="560px"
          >
            {{
              default: () => (
                <ElForm labelWidth="90px" data-recusal-form="">
                  <p class="wb-muted">批准后由本部门按原排序递补，回避与递补记入抽取记录并公开。</p>
                  <ElFormItem label="原因类别" required>
                    <EnumSelect
                      enumName="RecusalReason"
                      modelValue={f.reason}
                      onUpdate:modelValue={(v: string) => (f.reason = v)}
                      testId="recusal-reason"
                    />
                  </ElFormItem>
                  <ElFormItem label="回避理由" required>
                    <ElInput
                      type="textarea"
                      modelValue={f.note}
                      onUpdate:modelValue={(v: string) => (f.note = v)}
                      maxlength={NOTE_MAX}
                      showWordLimit
                      placeholder="请填写回避理由（必填）"
                      name="recusal-note"
                    />
                  </ElFormItem>
                  <ElFormItem label="提出人" required>
                    <ElInput
                      modelValue={f.requestedBy}
                      onUpdate:modelValue={(v: string) => (f.requestedBy = v)}
                      maxlength={REQUESTED_BY_MAX}
                      placeholder="本人、被检查对象、公众等（必填）"
                      name="recusal-requested-by"
                    />
                  </ElFormItem>
                  {problem.value && (
                    <ElAlert type="warning" title={problem.value} closable={false} data-form-problem="" />
                  )}
                </ElForm>
              ),
              footer: () => (
                <ElButton type="primary" onClick={recuse} data-action="confirm-recusal">
                  批准回避并递补
                </ElButton>
              ),
            }}
          </ElDialog>
        </div>
      );
    };
  },
});
