import { html, type SafeHtml } from "./html";
import { formatChineseDate } from "./iso-date";
import { printablePage } from "./print-page";
import type { VisitNotice } from "./visit-notice";

/**
 * The 检查通知 (双清单) as a printable A4 HTML page; every value is escaped. `codes`: the 扫码核验 section (the issuing department's codes), printed before the
 * signature.
 */
export function renderVisitNoticeHtml(notice: VisitNotice, codes: SafeHtml | null = null): string {
  const issueDate = notice.issueDate ? formatChineseDate(notice.issueDate) : "　　　　年　　月　　日";
  const body = html`
<h1>${notice.title}</h1>
${notice.noticeNo ? html`<p class="meta">${notice.noticeNo}</p>` : null}
<p class="plain">${notice.target.name}：</p>
<p>根据“双随机、一公开”监管工作安排，按照“进一次门、查多项事”的要求，${notice.departments.join("、")}拟于${formatChineseDate(notice.proposedDate)}对你单位开展部门联合抽查，一次上门完成下列全部检查事项。现将检查事项清单、检查人员清单和需准备的材料告知如下，请你单位做好准备，并安排负责人到场配合检查。</p>
<h2>一、检查事项清单</h2>
<table>
  <colgroup><col style="width:8%"><col style="width:27%"><col style="width:45%"><col style="width:20%"></colgroup>
  <thead><tr><th>序号</th><th>抽查事项</th><th>抽查内容</th><th>检查部门</th></tr></thead>
  <tbody>
${notice.items.map(
  (item) => html`    <tr><td class="center">${item.no}</td><td>${item.matter}</td><td class="pre">${item.content}</td>
      <td>${item.departments.join("、")}</td></tr>
`,
)}
  </tbody>
</table>
<h2>二、检查人员清单</h2>
<table class="keep">
  <colgroup><col style="width:8%"><col style="width:20%"><col style="width:30%"><col style="width:27%"><col style="width:15%"></colgroup>
  <thead><tr><th>序号</th><th>姓名</th><th>执法证号</th><th>所属部门</th><th>职责</th></tr></thead>
  <tbody>
${notice.inspectors.map(
  (
    p,
    i,
  ) => html`    <tr><td class="center">${i + 1}</td><td>${p.name}</td><td>${p.certificateNo}</td><td>${p.departmentName}</td>
      <td class="center">${p.role}</td></tr>
`,
)}
  </tbody>
</table>
${
  notice.experts.length
    ? html`<p>随行专家/辅助人员（不属于执法检查人员）：${notice.experts
        .map((e) => `${e.name}（${e.departmentName}）`)
        .join("、")}。</p>`
    : null
}
<p>检查人员将出示执法证件。检查人员与你单位有利害关系的，你单位可以在检查前申请其回避。</p>
<h2>三、需准备的材料</h2>
${
  notice.materials.length > 0
    ? html`<ol>${notice.materials.map((m) => html`<li>${m}</li>`)}</ol>`
    : html`<p>无需另行准备材料。</p>`
}
${
  notice.contact
    ? html`<h2>四、联系方式</h2>
<p>如需调整检查时间，请在检查前与联系人沟通。联系人：${notice.contact.name}，电话：${notice.contact.phone}。</p>`
    : null
}
${codes}
<div class="keep" style="margin-top:12mm">
  <p class="plain right">${notice.issuer}（盖章）</p>
  <p class="plain right">${issueDate}</p>
</div>
`;
  return printablePage(notice.title, body);
}
