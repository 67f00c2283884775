import { ElCard, ElEmpty, ElTag } from "element-plus";
import { defineComponent, onMounted, onUnmounted, ref } from "vue";
import { act } from "../format";
import { pendingDrafts, startDraftSync } from "../offline";
import { gql } from "../session";

export interface MyAssignment {
  id: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  leaderId: string;
  subject: { name: string; address: string | null };
  taskName: string;
  items: Array<{ id: string; name: string }>;
}

export const ASSIGNMENT_STATUS: Record<string, string> = {
  ASSIGNED: "待接收",
  ACCEPTED: "已接收",
  IN_PROGRESS: "检查中",
  RECORDED: "已记录",
  CANCELLED: "已取消",
};

/** 我的检查任务 (phone first): each assignment as a card — target, address, items, window — and offline drafts. */
export default defineComponent({
  setup() {
    const list = ref<MyAssignment[]>([]);
    const drafts = ref(0);
    const load = async () => {
      list.value = (
        await gql<{ myInspectionAssignments: MyAssignment[] }>(
          `{ myInspectionAssignments { id status windowFrom windowTo leaderId
            subject { name address } taskName items { id name } } }`,
        )
      ).myInspectionAssignments;
      drafts.value = pendingDrafts().length;
    };
    onMounted(() => act(load));
    const stop = startDraftSync(() => void act(load, "离线草稿已发送"));
    onUnmounted(stop);
    return () => (
      <div class="wb-screen wb-phone">
        <h2>我的检查任务</h2>
        {drafts.value > 0 && <p class="wb-muted">本机有 {drafts.value} 份未发送的草稿，联网后自动发送。</p>}
        {!list.value.length && <ElEmpty description="暂无检查任务" />}
        {list.value.map((a) => (
          <a href={`#/inspections/${a.id}`} class="wb-card-link" key={a.id} data-assignment={a.subject.name}>
            <ElCard shadow="hover" class="wb-card">
              <div class="wb-card-title">
                {a.subject.name} <ElTag size="small">{ASSIGNMENT_STATUS[a.status] ?? a.status}</ElTag>
              </div>
              <div class="wb-muted">{a.subject.address}</div>
              <div>{a.taskName}</div>
              <div class="wb-muted">
                检查期 {a.windowFrom} 至 {a.windowTo}
              </div>
              <div class="wb-muted">事项：{a.items.map((i) => i.name).join("；")}</div>
            </ElCard>
          </a>
        ))}
      </div>
    );
  },
});
