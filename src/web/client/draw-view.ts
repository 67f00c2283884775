import { verifyDrawRecord } from "../../draw";
import { GqlError, gql } from "./api";
import { formatTime, h, present } from "./dom";

/**
 * 抽取记录核验: loads a public draw record and checks it in the browser with src/draw's verifyDrawRecord (the
 * same code as the server and `npm run verify-draw`, bundled with the browser hash); shows the server's own
 * verification next to it.
 */
interface DrawView {
  id: string;
  sequence: number;
  status: string;
  drawnAt: string;
  drawnCount: number;
  populationSize: number;
  sealDigest: string;
  voidReason: string | null;
  record: Record<string, unknown>;
  verification: { valid: boolean; differences: string[] };
}

const DRAW_QUERY = `query($id: ID!) { draw(id: $id) {
  id sequence status drawnAt drawnCount populationSize sealDigest voidReason record verification { valid differences }
} }`;

function verdict(valid: boolean, who: string, extra?: string) {
  return h(
    "div",
    { class: `verdict ${valid ? "ok" : "bad"}`, "data-verdict": who },
    h("strong", null, valid ? "验证通过" : "验证未通过"),
    h("span", null, extra ?? ""),
  );
}

function row(label: string, value: string | number) {
  return h("div", { class: "kv" }, h("dt", null, label), h("dd", null, String(value)));
}

export async function renderDraw(id: string, into: HTMLElement): Promise<void> {
  into.replaceChildren(h("p", { class: "hint" }, "正在加载抽取记录…"));
  let d: DrawView;
  try {
    d = (await gql<{ draw: DrawView }>(DRAW_QUERY, { id })).draw;
  } catch (e) {
    const msg =
      e instanceof GqlError && e.code === "NOT_FOUND"
        ? "未找到该抽取记录，或抽取名单尚在保密期内，暂未公开"
        : e instanceof Error
          ? e.message
          : "加载失败";
    into.replaceChildren(h("p", { class: "error" }, msg));
    return;
  }
  const started = performance.now();
  const local = verifyDrawRecord(d.record);
  const ms = Math.max(1, Math.round(performance.now() - started));
  const r = d.record as {
    seed?: string;
    commitment?: string;
    serverSeed?: string;
    witnessEntropy?: string;
    witnesses?: string[];
    substitutions?: Array<{ recordedAt: string | null; reason: { note: string }; digest: string }>;
  };
  // 递补 after the draw are part of the public record: a verifier checks the current state, not the first teams.
  const subs = r.substitutions ?? [];
  const json = new Blob([JSON.stringify(d.record, null, 2)], { type: "application/json" });
  const diffs = [...new Set([...local.differences, ...d.verification.differences])];
  into.replaceChildren(
    ...present(
      h(
        "div",
        { class: "verdicts" },
        verdict(local.valid, "browser", `本机浏览器按公开算法重新计算（${ms} 毫秒）`),
        verdict(d.verification.valid, "server", "服务器核验"),
      ),
      d.status === "VOIDED"
        ? h("p", { class: "alert alert-overdue" }, `该次抽取已作废：${d.voidReason ?? ""}（记录保留公开）`)
        : null,
      h(
        "dl",
        { class: "kvs" },
        row("第几次抽取", d.sequence),
        row("抽取时间", formatTime(d.drawnAt)),
        row("检查对象总体", `${d.populationSize} 户`),
        row("抽中", `${d.drawnCount} 户`),
        row("现场监督人", (r.witnesses ?? []).join("、")),
        row("现场随机数", r.witnessEntropy ?? ""),
        row("事前承诺值", r.commitment ?? ""),
        row("公开的服务器种子", r.serverSeed ?? ""),
        row("记录封印摘要", d.sealDigest),
        row("回避递补", subs.length ? `${subs.length} 次` : "无"),
        subs.length ? row("最新记录摘要（含递补）", subs[subs.length - 1].digest) : null,
      ),
      subs.length
        ? h(
            "ol",
            { class: "substitutions", "data-substitutions": String(subs.length) },
            ...subs.map((x) =>
              h("li", null, `${x.recordedAt ? `${formatTime(x.recordedAt)} ` : ""}递补，原因：${x.reason.note}`),
            ),
          )
        : null,
      diffs.length ? h("ul", { class: "differences" }, ...diffs.map((x) => h("li", null, x))) : null,
      h(
        "p",
        null,
        h("a", { href: URL.createObjectURL(json), download: `draw-${d.id}.json` }, "下载完整记录（JSON）"),
        subs.length
          ? `，可用 npm run verify-draw 离线核验（加 --digest ${subs[subs.length - 1].digest} 核对为最新记录）。`
          : "，可用 npm run verify-draw 离线核验。",
      ),
    ),
  );
}
