import {
  ElButton,
  ElCard,
  ElCheckbox,
  ElCheckboxGroup,
  ElEmpty,
  ElInputNumber,
  ElMessageBox,
  ElTable,
  ElTableColumn,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, reactive, ref } from "vue";
import { act } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql, hasRole, session } from "../session";

interface Participation {
  id: string;
  status: string;
  isInitiator: boolean;
  taskId: string;
  proposedItemIds: string[];
  itemIds: string[];
}
interface TaskView {
  id: string;
  name: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  commitment: string | null;
  initiatingDepartment: { id: string; name: string };
  participations: Array<{ department: { id: string; name: string }; status: string }>;
  visits: Array<{
    id: string;
    status: string;
    proposedDate: string | null;
    agreedDate: string | null;
    subject: { name: string };
    pendingResponses: string[];
    publishedBy: string[];
    notPublished: Array<{ departmentId: string; reason: string }>;
  }>;
}

/**
 * 联合抽查邀请 (a department's side of joint work): confirm or decline each invitation with the department's own
 * items and team size; the initiating department approves (supervisor) and draws in the ceremony; every
 * participant accepts the visit date. Each department's part of a visit is an assignment of its own inspectors
 * (我的检查任务): publishing its result settles the part; an administrator or supervisor may instead record why
 * the part will not be published (不予公示). The visit is complete once every part is settled.
 */
export default defineComponent({
  setup() {
    const rows = ref<Array<{ p: Participation; t: TaskView }>>([]);
    const own = ref<Array<{ id: string; code: string; name: string }>>([]);
    const choice = reactive<Record<string, { items: string[]; minSize: number }>>({});
    const load = async () => {
      const r = await gql<{
        myJointParticipations: { items: Participation[] };
        currentItemList: { items: typeof own.value } | null;
      }>(
        `query($c: String!) { myJointParticipations(limit: 50) { items { id status isInitiator taskId proposedItemIds itemIds } }
          currentItemList(tenantCode: $c) { items { id code name } } }`,
        { c: session.me?.tenant.code },
      );
      own.value = r.currentItemList?.items ?? [];
      const tasks = await Promise.all(
        r.myJointParticipations.items.map((p) =>
          gql<{ jointTask: TaskView }>(
            `query($id: ID!) { jointTask(id: $id) { id name status windowFrom windowTo commitment initiatingDepartment { id name }
              participations { department { id name } status }
              visits { id status proposedDate agreedDate subject { name } pendingResponses publishedBy
              notPublished { departmentId reason } } } }`,
            { id: p.taskId },
          ),
        ),
      );
      rows.value = r.myJointParticipations.items.map((p, i) => ({ p, t: tasks[i].jointTask }));
      for (const { p } of rows.value)
        choice[p.id] ??= { items: p.status === "CONFIRMED" ? p.itemIds : p.proposedItemIds, minSize: 1 };
    };
    onMounted(() => act(load));
    const run = (query: string, vars: Record<string, unknown>, done: string) =>
      act(async () => {
        await gql(query, vars);
        await load();
      }, done);
    const decline = (taskId: string) =>
      act(async () => {
        const r = await ElMessageBox.prompt("请说明不参与的理由（告知牵头协调部门）", "拒绝参与", {
          inputValidator: (v: string) => Boolean(v?.trim()) || "须说明理由",
        });
        await gql(`mutation($t: ID!, $r: String!) { declineJointParticipation(taskId: $t, reason: $r) { id } }`, {
          t: taskId,
          r: r.value,
        });
        await load();
      }, "已拒绝参与");
    const mine = session.me?.tenant.id ?? "";
    type Visit = TaskView["visits"][number];
    /** This department's part of an agreed or completed visit: open, published or recorded as not published. */
    // publishedBy lists every settled department, those that recorded 不予公示 too.
    const partState = (v: Visit) =>
      v.notPublished.some((n) => n.departmentId === mine)
        ? "NOT_PUBLISHED"
        : v.publishedBy.includes(mine)
          ? "PUBLISHED"
          : v.status === "AGREED"
            ? "OPEN"
            : null;
    const notPublished = (visitId: string) =>
      act(async () => {
        const r = await ElMessageBox.prompt(
          "请说明本部门在该联合检查中的检查结果不予公示的原因（如检查对象已注销、查无下落）",
          "不予公示",
          { inputValidator: (v: string) => Boolean(v?.trim()) || "须说明原因" },
        );
        await gql(`mutation($v: ID!, $r: String!) { recordJointPartNotPublished(visitId: $v, reason: $r) { id } }`, {
          v: visitId,
          r: r.value,
        });
        await load();
      }, "已登记不予公示");

    const card = ({ p, t }: { p: Participation; t: TaskView }) => (
      <ElCard class="wb-card" shadow="never" key={p.id} data-invitation={t.name}>
        {{
          header: () => (
            <span>
              {t.name} <ElTag>{label("JointTaskStatus", t.status)}</ElTag>{" "}
              <ElTag type={p.status === "CONFIRMED" ? "success" : "warning"}>
                {label("JointParticipationStatus", p.status)}
              </ElTag>
              <span class="wb-muted">
                {" "}
                发起部门：{t.initiatingDepartment.name}
                {p.isInitiator ? "（本部门）" : ""} · {t.windowFrom} 至 {t.windowTo}
              </span>
            </span>
          ),
          default: () => (
            <div>
              <p class="wb-muted">
                参与部门：
                {t.participations
                  .map((x) => `${x.department.name}（${label("JointParticipationStatus", x.status)}）`)
                  .join("、")}
              </p>
              {p.status === "INVITED" && hasRole("ADMIN", "PLANNER") && (
                <div class="wb-record">
                  <ElCheckboxGroup
                    modelValue={choice[p.id]?.items ?? []}
                    onUpdate:modelValue={(v: (string | number | boolean)[]) => (choice[p.id].items = v.map(String))}
                  >
                    {own.value.map((i) => (
                      <ElCheckbox key={i.id} value={i.id} data-item={i.code}>
                        {i.code} {i.name}
                      </ElCheckbox>
                    ))}
                  </ElCheckboxGroup>
                  <span>
                    本部门至少选派{" "}
                    <ElInputNumber
                      modelValue={choice[p.id]?.minSize}
                      onUpdate:modelValue={(v: number | undefined) => (choice[p.id].minSize = v ?? 1)}
                      min={1}
                      max={5}
                      size="small"
                    />{" "}
                    人
                  </span>
                  <div class="wb-toolbar">
                    <ElButton
                      type="primary"
                      onClick={() =>
                        run(
                          `mutation($i: ConfirmJointParticipationInput!) { confirmJointParticipation(input: $i) { id } }`,
                          {
                            i: {
                              taskId: t.id,
                              itemIds: choice[p.id].items,
                              teamRule: { minSize: choice[p.id].minSize },
                            },
                          },
                          "已确认参与",
                        )
                      }
                      data-action="confirm-participation"
                    >
                      确认参与
                    </ElButton>
                    {!p.isInitiator && <ElButton onClick={() => decline(t.id)}>拒绝参与</ElButton>}
                  </div>
                </div>
              )}
              {p.isInitiator && (
                <div class="wb-toolbar">
                  {t.status === "INVITING" && hasRole("SUPERVISOR", "ADMIN") && (
                    <ElButton
                      type="primary"
                      onClick={() =>
                        run(
                          `mutation($id: ID!) { approveJointTask(id: $id) { id } }`,
                          { id: t.id },
                          "已批准：随机种子承诺值已公布",
                        )
                      }
                      data-action="approve-joint-task"
                    >
                      批准任务（承诺随机种子）
                    </ElButton>
                  )}
                  {(t.status === "APPROVED" || t.status === "DRAWN") && (
                    <ElButton
                      type="success"
                      onClick={() => go(`/tasks/${t.id}/ceremony`, { joint: "1" })}
                      data-action="joint-ceremony"
                    >
                      进入摇号现场
                    </ElButton>
                  )}
                </div>
              )}
              {t.visits.length > 0 && (
                <div class="wb-toolbar">
                  <ElButton onClick={() => go(`/joint/tasks/${t.id}/teams`)} data-action="joint-teams">
                    检查组与回避
                  </ElButton>
                </div>
              )}
              {t.visits.length > 0 && (
                <ElTable data={t.visits} border size="small" data-visits="">
                  <ElTableColumn label="检查对象" minWidth="200">
                    {{ default: ({ row }: { row: TaskView["visits"][number] }) => row.subject.name }}
                  </ElTableColumn>
                  <ElTableColumn label="状态" width="130">
                    {{
                      default: ({ row }: { row: TaskView["visits"][number] }) => (
                        <ElTag data-visit-status={row.status}>{label("JointVisitStatus", row.status)}</ElTag>
                      ),
                    }}
                  </ElTableColumn>
                  <ElTableColumn label="检查日期" width="150">
                    {{
                      default: ({ row }: { row: TaskView["visits"][number] }) =>
                        row.agreedDate ?? (row.proposedDate ? `拟定 ${row.proposedDate}` : "待提出"),
                    }}
                  </ElTableColumn>
                  <ElTableColumn label="本部门" minWidth="220">
                    {{
                      default: ({ row }: { row: TaskView["visits"][number] }) => (
                        <span class="wb-toolbar">
                          {row.status === "PROPOSED" && row.pendingResponses.includes(mine) && (
                            <ElButton
                              size="small"
                              onClick={() =>
                                run(
                                  `mutation($id: ID!) { acceptJointVisitDate(visitId: $id) { id } }`,
                                  { id: row.id },
                                  "已接受检查日期",
                                )
                              }
                              data-action="accept-date"
                            >
                              接受日期
                            </ElButton>
                          )}
                          {partState(row) === "OPEN" && (
                            <span class="wb-muted" data-part="open">
                              待本部门检查人员录入、审核后公示
                            </span>
                          )}
                          {partState(row) === "OPEN" && hasRole("ADMIN", "SUPERVISOR") && (
                            <ElButton
                              size="small"
                              onClick={() => notPublished(row.id)}
                              data-action="part-not-published"
                            >
                              不予公示…
                            </ElButton>
                          )}
                          {partState(row) === "PUBLISHED" && <span data-part="published">本部门已公示</span>}
                          {partState(row) === "NOT_PUBLISHED" && (
                            <span data-part="not-published">
                              本部门不予公示：{row.notPublished.find((n) => n.departmentId === mine)?.reason}
                            </span>
                          )}
                        </span>
                      ),
                    }}
                  </ElTableColumn>
                </ElTable>
              )}
            </div>
          ),
        }}
      </ElCard>
    );

    return () => (
      <div class="wb-screen">
        <h2>联合抽查邀请</h2>
        {!rows.value.length && <ElEmpty description="本部门暂无联合抽查邀请" />}
        {rows.value.map(card)}
      </div>
    );
  },
});
