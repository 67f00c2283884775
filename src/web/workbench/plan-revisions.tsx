import { ElTable, ElTableColumn } from "element-plus";
import { defineComponent, type PropType } from "vue";
import { formatTime } from "./format";
import { label } from "./labels";

/** 计划修订: a change to a published plan (department or joint), public with its reason. */
export interface PlanRevision {
  number: number;
  reason: string;
  revisedAt: string;
  changes: Array<{ kind: string; name: string }>;
}

export const PLAN_REVISION_FIELDS = "revisions { number reason revisedAt changes { kind name } }";

/** The revisions of a plan as a table; nothing while it has none. */
export default defineComponent({
  props: { revisions: { type: Array as PropType<PlanRevision[]>, required: true } },
  setup(props) {
    return () =>
      props.revisions.length ? (
        <>
          <h3>计划修订（公开）</h3>
          <ElTable data={props.revisions} border data-revisions="">
            <ElTableColumn label="序号" width="90">
              {{ default: ({ row }: { row: PlanRevision }) => `第 ${row.number} 次` }}
            </ElTableColumn>
            <ElTableColumn label="修订时间" width="180">
              {{ default: ({ row }: { row: PlanRevision }) => formatTime(row.revisedAt) }}
            </ElTableColumn>
            <ElTableColumn label="修订内容" minWidth="240">
              {{
                default: ({ row }: { row: PlanRevision }) =>
                  row.changes.map((c) => `${label("PlanChangeKind", c.kind)}“${c.name}”`).join("；"),
              }}
            </ElTableColumn>
            <ElTableColumn label="修订理由" minWidth="240" prop="reason" />
          </ElTable>
        </>
      ) : null;
  },
});
