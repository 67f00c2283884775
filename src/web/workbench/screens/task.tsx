import { ElButton, ElTable, ElTableColumn, ElTag } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import { DRAW_FIELDS, type DrawSummary } from "../draws";
import Facts from "../facts";
import { act, formatTime } from "../format";
import { label } from "../labels";
import { go } from "../router";
import { gql, hasRole } from "../session";

interface Task {
  id: string;
  name: string;
  kind: string;
  status: string;
  planId: string;
  windowFrom: string;
  windowTo: string;
  commitment: string | null;
  approvedAt: string | null;
  samplingRule: { default: Record<string, unknown>; strata: Record<string, Record<string, unknown>> };
  stratifyBy: string;
  teamRule: { minSize?: number; maxSize?: number; subLibrary?: string | null };
  draws: DrawSummary[];
}

const ruleText = (r: Record<string, unknown>) =>
  r.mode === "FIXED"
    ? `${label("StratumMode", "FIXED")} ${r.count} 户`
    : r.percent !== undefined && r.percent !== null
      ? `${label("StratumMode", String(r.mode))}：${r.percent}%`
      : label("StratumMode", String(r.mode));

/** 抽查任务: the rules, the approval that commits the server seed (承诺值), the draws and the way to the ceremony. */
export default defineComponent({
  props: { params: { type: Object as () => Record<string, string>, required: true } },
  setup(props) {
    const task = ref<Task | null>(null);
    const load = async () => {
      task.value = (
        await gql<{ task: Task }>(
          `query($id: ID!) { task(id: $id) { id name kind status planId windowFrom windowTo commitment approvedAt
            samplingRule stratifyBy teamRule draws { ${DRAW_FIELDS} } } }`,
          { id: props.params.id },
        )
      ).task;
    };
    onMounted(() => act(load));
    const approve = () =>
      act(async () => {
        await gql(`mutation($id: ID!) { approveTask(id: $id) { id } }`, { id: props.params.id });
        await load();
      }, "任务已批准：服务器随机种子已生成，承诺值已公布");
    return () => {
      const t = task.value;
      if (!t) return <div class="wb-screen" />;
      const strata = Object.entries(t.samplingRule.strata ?? {});
      return (
        <div class="wb-screen">
          <h2>
            {t.name} <ElTag>{label("TaskStatus", t.status)}</ElTag>
          </h2>
          <Facts
            rows={[
              ["抽查类型", <span key="f1">{label("TaskKind", t.kind)}</span>] as const,
              [
                "检查期",
                <span key="f2">
                  {t.windowFrom} 至 {t.windowTo}
                </span>,
              ] as const,
              ["分层", <span key="f3">{label("StratifyBy", t.stratifyBy)}</span>] as const,
              [
                "抽查比例",
                <span key="f4">
                  {ruleText(t.samplingRule.default)}
                  {strata.map(([s, r]) => `；${s}：${ruleText(r)}`).join("")}
                </span>,
              ] as const,
              [
                "检查组",
                <span key="f5">
                  {t.teamRule.minSize ?? 2}–{t.teamRule.maxSize ?? 3} 人
                  {t.teamRule.subLibrary ? `，子库“${t.teamRule.subLibrary}”` : ""}
                </span>,
              ] as const,
              ["批准时间", <span key="f6">{formatTime(t.approvedAt)}</span>] as const,
              [
                "随机种子承诺值",
                <span key="f7">
                  <span class="wb-mono" data-commitment="">
                    {t.commitment ?? "批准后生成"}
                  </span>
                </span>,
              ] as const,
            ]}
          />
          <div class="wb-toolbar">
            <ElButton onClick={() => go(`/plans/${t.planId}`)}>返回计划</ElButton>
            {t.status === "DRAFT" && hasRole("SUPERVISOR", "ADMIN") && (
              <ElButton type="primary" onClick={approve} data-action="approve-task">
                批准任务（生成并承诺随机种子）
              </ElButton>
            )}
            {(t.status === "APPROVED" || t.status === "DRAWN") && (
              <ElButton type="success" onClick={() => go(`/tasks/${t.id}/ceremony`)} data-action="ceremony">
                进入摇号现场
              </ElButton>
            )}
          </div>
          <h3>抽取记录</h3>
          <ElTable data={t.draws} border data-draws="">
            <ElTableColumn label="第几次" width="80">
              {{ default: ({ row }: { row: DrawSummary }) => row.sequence }}
            </ElTableColumn>
            <ElTableColumn label="抽取时间" width="170">
              {{ default: ({ row }: { row: DrawSummary }) => formatTime(row.drawnAt) }}
            </ElTableColumn>
            <ElTableColumn label="总体 / 抽中" width="120">
              {{ default: ({ row }: { row: DrawSummary }) => `${row.populationSize} / ${row.drawnCount}` }}
            </ElTableColumn>
            <ElTableColumn label="状态" width="100">
              {{
                default: ({ row }: { row: DrawSummary }) =>
                  row.status === "VALID" ? <ElTag type="success">有效</ElTag> : <ElTag type="danger">已作废</ElTag>,
              }}
            </ElTableColumn>
            <ElTableColumn label="核验">
              {{
                default: ({ row }: { row: DrawSummary }) => (
                  <a href={`#/public/draws/${row.id}`}>{row.verification.valid ? "核验通过" : "核验未通过"}，查看</a>
                ),
              }}
            </ElTableColumn>
          </ElTable>
        </div>
      );
    };
  },
});
