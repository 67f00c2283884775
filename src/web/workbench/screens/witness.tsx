import { ElAlert, ElButton, ElInput, ElTag } from "element-plus";
import { defineComponent, onMounted, ref } from "vue";
import { LOCK_FIELDS } from "../draws";
import { act, errorText, formatTime } from "../format";
import { jointTaskForCeremony } from "../joint-draws";
import { label } from "../labels";
import { gql, session } from "../session";

interface WitnessTask {
  name: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  commitment: string | null;
  drawLocks: Array<{
    status: string;
    lockDigest: string;
    populationCount: number;
    populationDigest: string;
    drawNotBefore: string;
    immediateReason: string | null;
    witnessedAt: string | null;
  }>;
}

/**
 * 现场监督人确认, on the witness's own device (phone first): reached from the QR code on the ceremony screen, signed in
 * as themselves (a SUPERVISOR of the drawing department who is neither the operator nor the one who locked). They
 * see the task, the commitment published at approval and the lock digest, compare them with the projector, and
 * enter the entropy (e.g. the dice rolled in the room); the ceremony screen then draws and reveals. The server
 * refuses any other witness with a message that says why (src/services/draw/draw-witness.service.ts).
 */
export default defineComponent({
  props: {
    params: { type: Object as () => Record<string, string>, required: true },
    query: { type: Object as () => Record<string, string>, default: () => ({}) },
  },
  setup(props) {
    const joint = props.query.joint === "1";
    const task = ref<WitnessTask | null>(null);
    const entropy = ref("");
    const error = ref("");
    const busy = ref(false);

    const load = async () => {
      task.value = joint
        ? await jointTaskForCeremony(props.params.id)
        : (
            await gql<{ task: WitnessTask }>(
              `query($id: ID!) { task(id: $id) { name status windowFrom windowTo commitment drawLocks { ${LOCK_FIELDS} } } }`,
              { id: props.params.id },
            )
          ).task;
    };
    onMounted(() => act(load));
    const openLock = () => task.value?.drawLocks.find((l) => l.status === "OPEN") ?? null;

    const confirm = async () => {
      busy.value = true;
      error.value = "";
      try {
        await gql(
          `mutation($t: ID!, $e: String!) { ${joint ? "confirmJointDrawWitness" : "confirmDrawWitness"}(taskId: $t, witnessEntropy: $e) { id } }`,
          { t: props.params.id, e: entropy.value },
        );
        await load();
      } catch (e) {
        error.value = errorText(e);
      } finally {
        busy.value = false;
      }
    };

    return () => {
      const t = task.value;
      if (!t) return <div class="wb-witness" />;
      const l = openLock();
      const used = t.drawLocks.find((x) => x.status === "USED");
      return (
        <div class="wb-witness" data-witness-screen="">
          <div class="wb-muted">{session.me?.tenant.name} · 现场监督人确认</div>
          <h2 data-witness-task="">{t.name}</h2>
          <p>
            检查期 {t.windowFrom} 至 {t.windowTo} ·{" "}
            <ElTag>{label(joint ? "JointTaskStatus" : "TaskStatus", t.status)}</ElTag>
          </p>
          <p class="wb-muted">请与现场大屏逐项核对以下摘要，一致后再输入随机数。</p>
          <dl class="wb-witness-facts">
            <dt>服务器种子承诺值（批准时公布）</dt>
            <dd class="wb-mono" data-witness-commitment="">
              {t.commitment ?? "任务尚未批准"}
            </dd>
            {l && (
              <>
                <dt>锁定摘要</dt>
                <dd class="wb-mono" data-witness-lock-digest="">
                  {l.lockDigest}
                </dd>
                <dt>检查对象总数</dt>
                <dd>{l.populationCount} 户</dd>
                <dt>最早摇号时间</dt>
                <dd>
                  {formatTime(l.drawNotBefore)}
                  {l.immediateReason ? `（当场摇号理由：${l.immediateReason}）` : ""}
                </dd>
              </>
            )}
          </dl>
          {l?.witnessedAt && (
            <ElAlert
              type="success"
              closable={false}
              title={`您已于 ${formatTime(l.witnessedAt)} 确认，摇号结果将在现场大屏上显示`}
              data-witness-done=""
            />
          )}
          {!l && used && (
            <ElAlert
              type="success"
              closable={false}
              title="本次抽取已完成，结果已在现场大屏上显示"
              data-witness-done=""
            />
          )}
          {!l && !used && <ElAlert type="info" closable={false} title="抽取参数尚未锁定，请待计划员锁定后刷新本页" />}
          {l && !l.witnessedAt && (
            <div class="wb-witness-form">
              <ElInput
                modelValue={entropy.value}
                onUpdate:modelValue={(v: string) => (entropy.value = v)}
                placeholder="现场随机数，如：3-5-2-6"
                name="witnessEntropy"
                size="large"
              />
              {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
              <ElButton type="danger" size="large" loading={busy.value} onClick={confirm} data-action="witness-confirm">
                核对无误，确认并提交随机数
              </ElButton>
            </div>
          )}
          <ElButton onClick={() => act(load)} data-action="refresh">
            刷新
          </ElButton>
        </div>
      );
    };
  },
});
