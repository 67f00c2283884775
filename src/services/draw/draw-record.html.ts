import { isExpertsDrawId } from "../../domain/plan/experts-draw";
import { DRAW_ALGORITHM_V2, type DrawRecordV2 } from "../../draw";
import type { AnyDrawRecord } from "../../entities/draw/draw.entity";
import { html } from "../../joint/html";
import { printablePage } from "../../joint/print-page";
import { formatChinaDateTime } from "../../time";

/** Display names for the keys in a record (subjects and inspectors are stored by id). */
export interface RecordNames {
  department: string;
  taskName: string;
  subjects: Map<string, { name: string; creditCode: string | null; address?: string | null }>;
  inspectors: Map<string, { name: string; certificateNo: string }>;
}

/** 选派（抽取）记录单 (seed 004 附件6): a printable sheet for the operator's and the witness's signatures. */
export function renderDrawRecordHtml(record: AnyDrawRecord, names: RecordNames): string {
  const v2 = record.algorithm === DRAW_ALGORITHM_V2 ? (record as DrawRecordV2) : null;
  const latest = v2
    ? (v2.voided?.digest ?? v2.substitutions.at(-1)?.digest ?? v2.sealDigest)
    : (record.substitutions.at(-1)?.digest ?? record.sealDigest);
  const failures = record.inspectorResults.flatMap((r) => r.failures);
  // One team per target over every inspector config of the record: each department's members of a joint draw, and
  // a department task's 随行专家/辅助人员 (its config id ends in ":experts"), the leader first.
  const teams = new Map<string, { leader: string; members: string[]; experts: string[] }>();
  record.inspectorResults.forEach((r, i) => {
    const experts = isExpertsDrawId(record.config.inspectorDraws[i]?.departmentId ?? "");
    for (const t of r.teams) {
      const team = teams.get(t.targetKey) ?? { leader: t.leader, members: [], experts: [] };
      if (experts) team.experts.push(...t.members);
      else team.members.push(...t.members.filter((m) => m !== team.leader));
      teams.set(t.targetKey, team);
    }
  });
  const person = (id: string) => {
    const p = names.inspectors.get(id);
    return p ? `${p.name}（${p.certificateNo}）` : id;
  };
  const body = html`
<h1>随机抽查选派（抽取）记录单</h1>
<table class="meta">
  <tr><th>抽查部门</th><td>${names.department}</td><th>抽查任务</th><td>${names.taskName}</td></tr>
  <tr><th>抽取时间</th><td>${formatChinaDateTime(record.drawnAt)}（北京时间）</td><th>抽取方式</th><td>可验证电子摇号（${record.algorithm}）</td></tr>
  <tr><th>操作人员</th><td>${record.operator}</td><th>现场监督人</th><td>${record.witnesses.join("、")}</td></tr>
  <tr><th>检查对象总数</th><td>${record.population.count}</td><th>名录摘要</th><td class="mono">${record.population.digest}</td></tr>
  <tr><th>种子承诺值</th><td class="mono" colspan="3">${record.commitment}</td></tr>
  <tr><th>服务器种子（抽取后公开）</th><td class="mono" colspan="3">${record.serverSeed}</td></tr>
  <tr><th>现场随机数</th><td colspan="3">${record.witnessEntropy}</td></tr>
  ${
    v2
      ? html`<tr><th>锁定时间</th><td>${formatChinaDateTime(v2.lock.lockedAt)}（北京时间）</td><th>最早抽取时间</th><td>${formatChinaDateTime(v2.lock.drawNotBefore)}${v2.lock.immediateReason ? `（当场抽取理由：${v2.lock.immediateReason}）` : ""}</td></tr>
  <tr><th>锁定摘要</th><td class="mono" colspan="3">${v2.lock.digest}</td></tr>
  <tr><th>参数摘要</th><td class="mono" colspan="3">${v2.configDigest}</td></tr>`
      : ""
  }
  <tr><th>记录封印摘要</th><td class="mono" colspan="3">${record.sealDigest}</td></tr>
  <tr><th>最新记录摘要</th><td class="mono" colspan="3">${latest}</td></tr>
</table>
${v2?.voided ? html`<p class="void">本次抽取已作废（${formatChinaDateTime(v2.voided.voidedAt)}，${v2.voided.voidedBy}）：${v2.voided.reason}</p>` : ""}
<h2>排除情况</h2>
<table><tr><th>原因</th><th>排除户数</th></tr>
${Object.entries(record.config.exclusionCounts).map(([k, v]) => html`<tr><td>${k}</td><td>${v}</td></tr>`)}
</table>
<h2>分层抽取</h2>
<table><tr><th>分层</th><th>对象数</th><th>抽取数</th></tr>
${record.stratumSizes.map((s) => html`<tr><td>${s.stratum}</td><td>${s.populationCount}</td><td>${s.size}</td></tr>`)}
</table>
<h2>抽取结果</h2>
<table><tr><th>序号</th><th>分层</th><th>检查对象</th><th>统一社会信用代码</th><th>地址</th><th>检查组（组长在前）</th></tr>
${record.drawn.map((d, i) => {
  const s = names.subjects.get(d.key);
  const t = teams.get(d.key);
  const members = t
    ? [t.leader, ...t.members].map(person).join("、") +
      (t.experts.length ? `；随行专家/辅助人员：${t.experts.map(person).join("、")}` : "")
    : "";
  const failed = failures.some((f) => f.targetKey === d.key);
  return html`<tr><td>${i + 1}</td><td>${d.stratum}</td><td>${s?.name ?? d.key}</td><td>${s?.creditCode ?? "—"}</td><td>${s?.address ?? ""}</td><td>${failed && !t ? "未能组成检查组" : members}</td></tr>`;
})}
</table>
${
  record.substitutions.length
    ? html`<h2>回避与递补</h2><table><tr><th>检查对象</th><th>回避人员</th><th>递补人员</th><th>理由</th><th>批准人</th><th>声明无法参加</th><th>时间</th></tr>
${record.substitutions.map((s) => {
  const e = s as Partial<DrawRecordV2["substitutions"][number]>;
  const declared = (e.declaredUnavailable ?? []).map((u) => `${person(u.inspectorKey)}：${u.note}`).join("；");
  const overCap = e.overCapReason ? `（超过上限：${e.overCapReason}）` : "";
  return html`<tr><td>${names.subjects.get(s.targetKey)?.name ?? s.targetKey}</td><td>${person(s.recused)}</td><td>${person(s.substitute)}</td><td>${s.reason.note}${overCap}</td><td>${e.approvedBy ?? ""}</td><td>${declared}</td><td>${s.recordedAt ? formatChinaDateTime(s.recordedAt) : ""}</td></tr>`;
})}
</table>`
    : ""
}
<p class="note">任何人均可使用公开的抽取记录（JSON）离线复核：npm run verify-draw -- record.json</p>
${failures.length ? html`<p class="note">有 ${failures.length} 处未能组成检查组：本次抽取记为“未能组队”，须由监督人员说明理由作废后重新锁定抽取，本记录保留并公开。</p>` : ""}
<table class="signatures"><tr><td colspan="2">实施抽查单位意见：</td></tr><tr><td>操作人员（签字）：</td><td>现场监督人（签字）：</td></tr></table>`;
  return printablePage(`选派（抽取）记录单 — ${names.taskName}`, body);
}
