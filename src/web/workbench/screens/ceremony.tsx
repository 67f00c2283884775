import { ElAlert, ElButton, ElInput, ElMessageBox, ElTable, ElTableColumn, ElTag } from "element-plus";
import QRCode from "qrcode";
import { defineComponent, onMounted, onUnmounted, reactive, ref } from "vue";
import {
  DRAW_FIELDS,
  type DrawnTarget,
  type DrawSummary,
  drawnTargets,
  LOCK_FIELDS,
  publicDrawUrl,
  witnessUrl,
} from "../draws";
import { act, downloadBlob, errorText, formatTime } from "../format";
import { openForm } from "../forms";
import { JOINT_DRAW_FIELDS, jointDrawDetails, jointTaskForCeremony } from "../joint-draws";
import { label } from "../labels";
import { go } from "../router";
import { gql, hasRole, session } from "../session";

interface Task {
  id: string;
  name: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  commitment: string | null;
  draws: DrawSummary[];
  drawLocks: DrawLock[];
}
/** v2: the lock published before the draw (population, pools and rules frozen; their digests public). */
interface DrawLock {
  status: string;
  lockDigest: string;
  populationCount: number;
  populationDigest: string;
  configDigest: string;
  drawNotBefore: string;
  immediateReason: string | null;
  /** Set once the witness confirmed from their own device (confirmDrawWitness). */
  witnessedAt: string | null;
  releaseReason: string | null;
}

interface DrawRecord {
  commitment: string;
  serverSeed: string;
  witnessEntropy: string;
  witnesses: string[];
  operator: string;
  seed: string;
  population: { count: number; digest: string };
  stratumSizes: Array<{ stratum: string; populationCount: number; size: number }>;
}

/**
 * 摇号现场: the full-screen view for the room or a projector. Before the draw: the task and the commitment to the
 * server seed published at approval. The planner locks; a supervisor may release the lock with a reason. The witness
 * (现场监督人, a SUPERVISOR of the department, not the operator) scans the QR code, signs in on their own device
 * (screens/witness.tsx), checks the task, commitment and lock digest there and enters the entropy (e.g. dice rolled
 * in the room); this screen polls the lock and, once the witness has confirmed, the operator's draw runs and the
 * selection is revealed. (Without a device, the witness may type their own credentials here.) The reveal shows the population digest, the seed, every
 * drawn target with its team, a QR code to the public verification page and the printable 选派（抽取）记录单.
 * Joint draws (the initiating department's, ?joint=1) use the same view with mixed teams.
 */
export default defineComponent({
  props: {
    params: { type: Object as () => Record<string, string>, required: true },
    query: { type: Object as () => Record<string, string>, default: () => ({}) },
  },
  setup(props) {
    // One ceremony for department and joint draws (?joint=1): only the queries differ (see joint-draws.ts).
    const joint = props.query.joint === "1";
    const task = ref<Task | null>(null);
    const drawn = ref<{ draw: DrawSummary; record: DrawRecord; targets: DrawnTarget[]; qr: string } | null>(null);
    const witness = reactive({ username: "", password: "", entropy: "" });
    const lockForm = reactive({ immediateReason: "" });
    const error = ref("");
    const busy = ref(false);
    const witnessQr = ref("");
    /** The lock whose confirmation this screen already drew from (the draw runs once per confirmation). */
    let drewFor = "";

    const reveal = async (d: DrawSummary) => {
      const { record, targets } = joint
        ? await jointDrawDetails(props.params.id, d.id)
        : {
            record: (
              await gql<{ draw: { record: DrawRecord } }>(`query($id: ID!) { draw(id: $id) { record } }`, { id: d.id })
            ).draw.record,
            targets: await drawnTargets(d.id),
          };
      drawn.value = {
        draw: d,
        record: record as DrawRecord,
        targets,
        qr: await QRCode.toDataURL(publicDrawUrl(d.id, joint ? props.params.id : undefined), { margin: 1, width: 180 }),
      };
    };
    const load = async () => {
      task.value = joint
        ? await jointTaskForCeremony(props.params.id)
        : (
            await gql<{ task: Task }>(
              `query($id: ID!) { task(id: $id) { id name status windowFrom windowTo commitment draws { ${DRAW_FIELDS} } drawLocks { ${LOCK_FIELDS} } } }`,
              { id: props.params.id },
            )
          ).task;
      const valid = task.value.draws.find((d) => d.status === "VALID");
      if (valid) await reveal(valid);
      if (!witnessQr.value)
        witnessQr.value = await QRCode.toDataURL(witnessUrl(props.params.id, joint), { margin: 1, width: 180 });
      // The witness confirmed on their own device: the operator's draw runs now, once, and the reveal follows.
      const l = openLock();
      if (!drawn.value && l?.witnessedAt && hasRole("PLANNER", "ADMIN") && drewFor !== l.lockDigest) {
        drewFor = l.lockDigest;
        await drawWith({});
      }
    };
    // While the lock waits for the witness, the screen watches it (the confirmation comes from another device).
    let polling = false;
    const timer = setInterval(async () => {
      if (polling || busy.value || drawn.value || !openLock() || error.value) return;
      polling = true;
      try {
        await load();
      } catch {
        // the next tick tries again
      } finally {
        polling = false;
      }
    }, 1500);
    onMounted(() => act(load));
    onUnmounted(() => clearInterval(timer));

    const drawWith = async (fields: Record<string, string>) => {
      busy.value = true;
      error.value = "";
      try {
        const field = joint ? "drawJointTask" : "drawTask";
        await gql<Record<string, DrawSummary>>(
          `mutation($i: DrawInput!) { ${field}(input: $i) { ${joint ? JOINT_DRAW_FIELDS : DRAW_FIELDS} } }`,
          { i: { taskId: props.params.id, ...fields } },
        );
        witness.password = "";
        busy.value = false;
        await load();
      } catch (e) {
        error.value = errorText(e);
      } finally {
        busy.value = false;
      }
    };
    const draw = () =>
      drawWith({
        witnessUsername: witness.username.trim(),
        witnessPassword: witness.password,
        witnessEntropy: witness.entropy,
      });

    /** A supervisor releases the open lock: confirmed in a dialog, with a reason that stays public with the lock. */
    const releaseLock = () =>
      act(async () => {
        const r = await ElMessageBox.prompt(
          "解除后本次锁定作废（锁定记录和理由保留并公开），须重新锁定抽取参数并重新公示后才能摇号。请填写解除理由：",
          "解除锁定",
          {
            confirmButtonText: "确认解除",
            cancelButtonText: "取消",
            inputPlaceholder: "例如：检查对象名录有误，需更正后重新锁定",
            inputValidator: (v: string) => Boolean(v?.trim()) || "解除锁定必须说明理由",
            customClass: "cer-release-dialog",
          },
        );
        await gql(
          `mutation($id: ID!, $r: String!) { ${joint ? "releaseJointDrawLock" : "releaseDrawLock"}(taskId: $id, reason: $r) { id } }`,
          { id: props.params.id, r: r.value.trim() },
        );
        error.value = "";
        await load();
      }, "已解除锁定，原锁定记录及理由已公开");

    const openLock = () => task.value?.drawLocks.find((l) => l.status === "OPEN") ?? null;
    const lock = async () => {
      busy.value = true;
      error.value = "";
      try {
        await gql(
          `mutation($id: ID!, $r: String) { ${joint ? "lockJointDraw" : "lockDraw"}(taskId: $id, immediateReason: $r) { id } }`,
          { id: props.params.id, r: lockForm.immediateReason.trim() || null },
        );
        await load();
      } catch (e) {
        error.value = errorText(e);
      } finally {
        busy.value = false;
      }
    };

    /** Before the witness comes: the planner freezes the draw's inputs; the digests are public from then on. */
    const lockPanel = () => (
      <div class="cer-witness" data-lock-panel="">
        <h3>锁定抽取参数</h3>
        <p class="wb-muted">
          锁定后，检查对象总体、执法检查人员库（含在岗状态）和组队规则即被冻结，其摘要随承诺值公开；公示期满（默认次一工作日）后方可摇号。如确需当场摇号，请填写理由，理由将随抽取记录公开。
        </p>
        <ElInput
          modelValue={lockForm.immediateReason}
          onUpdate:modelValue={(v: string) => (lockForm.immediateReason = v)}
          placeholder="当场摇号的理由（可不填）"
          name="immediateReason"
        />
        {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
        <ElButton type="primary" size="large" loading={busy.value} onClick={lock} data-action="lock">
          锁定并公布摘要
        </ElButton>
      </div>
    );

    const lockFacts = (l: DrawLock) => (
      <section class="cer-commit" data-lock="">
        <div class="cer-label">
          已锁定：{l.populationCount} 户 · 最早摇号时间 {formatTime(l.drawNotBefore)}
          {l.immediateReason ? `（当场摇号理由：${l.immediateReason}）` : ""}
        </div>
        <div class="cer-digest wb-mono" data-lock-digest="">
          {l.lockDigest}
        </div>
        {hasRole("SUPERVISOR") && (
          <div class="cer-actions">
            <ElButton type="warning" plain onClick={releaseLock} data-action="release-lock">
              解除锁定
            </ElButton>
            <span class="cer-dept"> 监督人员可解除未使用的锁定（须说明理由，理由公开）</span>
          </div>
        )}
      </section>
    );

    /** Locks released before (kept and public with their reasons). */
    const releasedLocks = (t: Task) => {
      const released = t.drawLocks.filter((l) => l.status === "RELEASED");
      if (!released.length) return null;
      return (
        <section class="cer-commit" data-released-locks="">
          <div class="cer-label">已解除的锁定（记录公开）</div>
          {released.map((l) => (
            <div key={l.lockDigest} data-released-lock="">
              <span class="wb-mono">{l.lockDigest.slice(0, 16)}…</span> 解除理由：{l.releaseReason}
            </div>
          ))}
        </section>
      );
    };

    /** The way for the witness to confirm on their own device; the screen waits for it. */
    const witnessInvite = (l: DrawLock) => (
      <section class="cer-commit cer-facts" data-witness-invite="">
        {l.witnessedAt ? (
          <div data-witness-confirmed="">
            <h3>现场监督人已确认</h3>
            <p>
              {formatTime(l.witnessedAt)} 在本人设备上核对锁定摘要并输入随机数
              {drawn.value || error.value ? "" : "，正在摇号……"}
            </p>
            {/* The draw after the confirmation was refused (e.g. the witness no longer qualifies): say why, here. */}
            {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
          </div>
        ) : (
          <div>
            <h3>请现场监督人在本人设备上确认</h3>
            <p class="cer-dept">
              请现场监督人（本部门监督/审核人员，或本行政区划指定监督机构如纪委监委的监督人员；不能是操作人员）用本人手机扫描右侧二维码或打开下列链接，以本人账号登录，
              核对任务、承诺值和锁定摘要后输入现场随机数。确认后本屏幕自动摇号并显示结果。
            </p>
            <a href={witnessUrl(props.params.id, joint)} target="_blank" rel="noopener" data-witness-link="">
              {witnessUrl(props.params.id, joint)}
            </a>
          </div>
        )}
        {!l.witnessedAt && witnessQr.value && (
          <figure class="cer-qr">
            <img src={witnessQr.value} alt="现场监督人确认页二维码" data-witness-qr="" />
            <figcaption>监督人扫码确认</figcaption>
          </figure>
        )}
      </section>
    );

    const witnessPanel = () => (
      <div class="cer-witness" data-witness="">
        <h3>或：监督人在本机输入</h3>
        <p class="wb-muted">
          监督人无法使用本人设备时，请现场监督人（监督/审核人员）本人输入登录名和密码，并输入现场产生的随机数（如掷骰结果）。操作人员不能担任监督人。
        </p>
        <ElInput
          modelValue={witness.username}
          onUpdate:modelValue={(v: string) => (witness.username = v)}
          placeholder="监督人登录名"
          name="witnessUsername"
        />
        <ElInput
          modelValue={witness.password}
          onUpdate:modelValue={(v: string) => (witness.password = v)}
          type="password"
          placeholder="监督人密码"
          name="witnessPassword"
          showPassword
        />
        <ElInput
          modelValue={witness.entropy}
          onUpdate:modelValue={(v: string) => (witness.entropy = v)}
          placeholder="现场随机数，如：3-5-2-6"
          name="witnessEntropy"
        />
        {error.value && <ElAlert type="error" title={error.value} closable={false} data-error="" />}
        <ElButton type="danger" size="large" loading={busy.value} onClick={draw} data-action="draw">
          开始摇号
        </ElButton>
      </div>
    );

    const revealPanel = () => {
      const d = drawn.value;
      if (!d) return null;
      return (
        <div class="cer-reveal" data-reveal="">
          <div class="cer-facts">
            <dl>
              <dt>检查对象总体</dt>
              <dd>
                {d.record.population.count} 户，摘要 <span class="wb-mono">{d.record.population.digest}</span>
              </dd>
              <dt>现场随机数</dt>
              <dd data-entropy="">{d.record.witnessEntropy}</dd>
              <dt>公开的服务器种子</dt>
              <dd class="wb-mono">{d.record.serverSeed}</dd>
              <dt>抽取种子</dt>
              <dd class="wb-mono">{d.record.seed}</dd>
              <dt>记录封印摘要</dt>
              <dd class="wb-mono">{d.draw.sealDigest}</dd>
              <dt>核验</dt>
              <dd>
                {d.draw.verification.valid ? (
                  <ElTag type="success">服务器按公开算法重新计算：一致</ElTag>
                ) : (
                  <ElTag type="danger">核验未通过</ElTag>
                )}
              </dd>
            </dl>
            <figure class="cer-qr">
              <img src={d.qr} alt="公开核验页二维码" data-qr="" />
              <figcaption>扫码核验本次抽取</figcaption>
            </figure>
          </div>
          <p>
            第 {d.draw.sequence} 次抽取 · {formatTime(d.draw.drawnAt)} · 分层：
            {d.record.stratumSizes.map((s) => `${s.stratum} ${s.populationCount} 户抽 ${s.size} 户`).join("；")}
          </p>
          <ElTable data={d.targets} border class="cer-table" data-targets="">
            <ElTableColumn type="index" label="序号" width="70" />
            <ElTableColumn label="检查对象" minWidth="240">
              {{ default: ({ row }: { row: DrawnTarget }) => row.subject.name }}
            </ElTableColumn>
            <ElTableColumn label="地址" minWidth="220">
              {{ default: ({ row }: { row: DrawnTarget }) => row.subject.address ?? "" }}
            </ElTableColumn>
            <ElTableColumn label="检查组（组长在前）" minWidth="260">
              {{
                default: ({ row }: { row: DrawnTarget }) =>
                  [...row.members]
                    .sort((a, b) => Number(b.id === row.leader) - Number(a.id === row.leader))
                    .map((m) => `${m.name}（${m.certificateNo}）`)
                    .join("、"),
              }}
            </ElTableColumn>
          </ElTable>
          <div class="wb-toolbar cer-actions">
            {!joint && (
              <ElButton
                type="primary"
                onClick={() => act(() => openForm("draw-record", d.draw.id))}
                data-action="print"
              >
                打印选派（抽取）记录单
              </ElButton>
            )}
            <ElButton
              onClick={() =>
                downloadBlob(
                  `抽取记录-${d.draw.id}.json`,
                  new Blob([JSON.stringify(d.record, null, 2)], { type: "application/json" }),
                )
              }
            >
              下载抽取记录（JSON）
            </ElButton>
            <a href={publicDrawUrl(d.draw.id)} target="_blank" rel="noopener">
              公开核验页
            </a>
          </div>
        </div>
      );
    };

    return () => {
      const t = task.value;
      if (!t) return <div class="cer" />;
      return (
        <div class="cer" data-ceremony="">
          <header class="cer-head">
            <div>
              <div class="cer-dept">{session.me?.tenant.name} · “双随机、一公开”随机抽取</div>
              <h1>{t.name}</h1>
              <div>
                检查期 {t.windowFrom} 至 {t.windowTo} ·{" "}
                <ElTag>{label(joint ? "JointTaskStatus" : "TaskStatus", t.status)}</ElTag>
              </div>
            </div>
            <ElButton onClick={() => go(joint ? "/joint/invitations" : `/tasks/${t.id}`)}>退出摇号现场</ElButton>
          </header>
          <section class="cer-commit">
            <div class="cer-label">事前公布的服务器随机种子承诺值（SHA-256）</div>
            <div class="cer-digest wb-mono" data-commitment="">
              {t.commitment ?? "任务尚未批准"}
            </div>
          </section>
          {!drawn.value && t.status === "APPROVED" && openLock() && lockFacts(openLock()!)}
          {!drawn.value && t.status === "APPROVED" && !openLock() && lockPanel()}
          {!drawn.value && t.status === "APPROVED" && openLock() && witnessInvite(openLock()!)}
          {!drawn.value && t.status === "APPROVED" && openLock() && !openLock()!.witnessedAt && witnessPanel()}
          {!drawn.value && releasedLocks(t)}
          {!drawn.value && t.status !== "APPROVED" && (
            <ElAlert
              type="info"
              closable={false}
              title={`任务当前状态为“${label(joint ? "JointTaskStatus" : "TaskStatus", t.status)}”，批准后才能摇号`}
            />
          )}
          {revealPanel()}
        </div>
      );
    };
  },
});
