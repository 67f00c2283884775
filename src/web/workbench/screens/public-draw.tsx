import { ElAlert, ElButton, ElResult } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import { verifyDrawRecord } from "../../../draw";
import Facts from "../facts";
import { downloadBlob, errorText, formatTime } from "../format";
import { gql } from "../session";

interface DrawView {
  id: string;
  sequence: number;
  status: string;
  drawnAt: string;
  drawnCount: number;
  populationSize: number;
  sealDigest: string;
  voidReason: string | null;
  record: Record<string, unknown> & {
    commitment?: string;
    serverSeed?: string;
    witnessEntropy?: string;
    witnesses?: string[];
    population?: { digest: string };
  };
  verification: { valid: boolean; differences: string[] };
}

const FIELDS =
  "id sequence status drawnAt drawnCount populationSize sealDigest voidReason record verification { valid differences }";

/**
 * 抽取核验 (no sign-in): a department draw (`draw(id)`) or a joint draw (`?joint=<joint task id>`) re-computed in
 * this browser with src/draw's verifyDrawRecord — the code of the server and `npm run verify-draw` — next to the
 * server's own verification.
 */
export default defineComponent({
  props: {
    params: { type: Object as () => Record<string, string>, required: true },
    query: { type: Object as () => Record<string, string>, default: () => ({}) },
  },
  setup(props) {
    const d = ref<DrawView | null>(null);
    const local = ref<{ valid: boolean; differences: string[]; ms: number } | null>(null);
    const error = ref("");
    onMounted(async () => {
      try {
        if (props.query.joint) {
          const r = await gql<{ jointTask: { draws: DrawView[] } }>(
            `query($id: ID!) { jointTask(id: $id) { draws { ${FIELDS} } } }`,
            { id: props.query.joint },
          );
          d.value = r.jointTask.draws.find((x) => x.id === props.params.id) ?? null;
        } else
          d.value = (
            await gql<{ draw: DrawView }>(`query($id: ID!) { draw(id: $id) { ${FIELDS} } }`, { id: props.params.id })
          ).draw;
        if (!d.value) throw new Error("未找到该抽取记录");
        const t = performance.now();
        const v = verifyDrawRecord(d.value.record);
        local.value = {
          valid: v.valid,
          differences: v.differences,
          ms: Math.max(1, Math.round(performance.now() - t)),
        };
      } catch (e) {
        const msg = errorText(e);
        error.value = /未找到/.test(msg) ? "未找到该抽取记录，或抽取名单尚在保密期内，暂未公开" : msg;
      }
    });
    return () => {
      if (error.value) return <ElAlert type="error" title={error.value} closable={false} data-error="" />;
      const x = d.value;
      if (!x || !local.value) return <div class="wb-screen">正在核验……</div>;
      const r = x.record;
      return (
        <div class="wb-screen" data-public-draw="">
          <h2>抽取记录核验</h2>
          <div class="wb-grid">
            <ElResult
              icon={local.value.valid ? "success" : "error"}
              title={local.value.valid ? "验证通过" : "验证未通过"}
              subTitle={`本机浏览器按公开算法重新计算（${local.value.ms} 毫秒）`}
              data-verdict="browser"
            />
            <ElResult
              icon={x.verification.valid ? "success" : "error"}
              title={x.verification.valid ? "验证通过" : "验证未通过"}
              subTitle="服务器核验"
              data-verdict="server"
            />
          </div>
          {x.status === "VOIDED" && (
            <ElAlert type="warning" title={`该次抽取已作废：${x.voidReason ?? ""}（记录保留公开）`} closable={false} />
          )}
          <Facts
            rows={[
              ["第几次抽取", <span key="f1">{x.sequence}</span>] as const,
              ["抽取时间", <span key="f2">{formatTime(x.drawnAt)}</span>] as const,
              ["检查对象总体", <span key="f3">{x.populationSize} 户</span>] as const,
              ["抽中", <span key="f4">{x.drawnCount} 户</span>] as const,
              ["现场监督人", <span key="f5">{(r.witnesses ?? []).join("、")}</span>] as const,
              ["现场随机数", <span key="f6">{r.witnessEntropy}</span>] as const,
              [
                "事前承诺值",
                <span key="f7">
                  <span class="wb-mono">{r.commitment}</span>
                </span>,
              ] as const,
              [
                "公开的服务器种子",
                <span key="f8">
                  <span class="wb-mono">{r.serverSeed}</span>
                </span>,
              ] as const,
              [
                "总体摘要",
                <span key="f9">
                  <span class="wb-mono">{r.population?.digest}</span>
                </span>,
              ] as const,
              [
                "记录封印摘要",
                <span key="f10">
                  <span class="wb-mono">{x.sealDigest}</span>
                </span>,
              ] as const,
            ]}
          />
          {[...new Set([...local.value.differences, ...x.verification.differences])].map((m) => (
            <ElAlert key={m} type="error" title={m} closable={false} />
          ))}
          <p>
            <ElButton
              onClick={() =>
                downloadBlob(`draw-${x.id}.json`, new Blob([JSON.stringify(r, null, 2)], { type: "application/json" }))
              }
            >
              下载完整记录（JSON）
            </ElButton>
            <span class="wb-muted">可用 npm run verify-draw 离线核验。</span>
          </p>
        </div>
      );
    };
  },
});
