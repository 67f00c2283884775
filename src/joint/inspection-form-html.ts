import { html, type SafeHtml } from "./html";
import type { InspectionForm, InspectionFormRow } from "./inspection-form";
import { formatChineseDate } from "./iso-date";
import { printablePage } from "./print-page";

const CHOICE = html`是□<br>否□`;

/** The 抽查情况记录表 as a printable A4 (landscape) HTML page; every value is escaped. */
export function renderInspectionFormHtml(form: InspectionForm): string {
  const { target } = form;
  const date = form.inspectionDate ? formatChineseDate(form.inspectionDate) : "　　　　年　　月　　日";
  const body = html`
<h1>${form.title}</h1>
<table class="keep">
  <colgroup><col style="width:16%"><col style="width:34%"><col style="width:16%"><col style="width:34%"></colgroup>
  <tr><th>检查对象名称</th><td colspan="3">${target.name}</td></tr>
  <tr><th>统一社会信用代码<br>（注册号）</th><td>${target.creditCode}</td>
    <th>法定代表人<br>（负责人）</th><td>${target.legalRepresentative}</td></tr>
  <tr><th>地址</th><td>${target.address}</td><th>联系电话</th><td>${target.phone}</td></tr>
  <tr><th>检查时间</th><td>${date}</td><th>检查部门</th><td>${form.departments.join("、")}</td></tr>
</table>
<table>
  <colgroup>
    <col style="width:5%"><col style="width:15%"><col style="width:22%"><col style="width:17%">
    <col style="width:7%"><col style="width:13%"><col style="width:7%"><col style="width:7%"><col style="width:7%">
  </colgroup>
  <thead><tr><th>序号</th><th>抽查事项</th><th>抽查内容</th><th>检查依据</th><th>是否检查</th><th>检查结果</th>
    <th>是否责令整改</th><th>是否整改到位</th><th>备注</th></tr></thead>
  <tbody>
${form.rows.map(row)}
  </tbody>
</table>
<table class="keep">
  <colgroup><col style="width:16%"><col style="width:84%"></colgroup>
  <tr><th>检查情况</th><td class="blank"></td></tr>
  <tr><th>抽查单位处理意见</th><td class="blank"></td></tr>
</table>
<h2>检查人员（签字）</h2>
<table class="keep">
  <thead><tr><th style="width:8%">序号</th><th>姓名</th><th>执法证号</th><th>所属部门</th><th>职责</th><th style="width:22%">签字</th></tr></thead>
  <tbody>
${form.inspectors.map(
  (
    p,
    i,
  ) => html`    <tr><td class="center">${i + 1}</td><td>${p.name}</td><td>${p.certificateNo}</td><td>${p.departmentName}</td>
      <td class="center">${p.role}</td><td></td></tr>
`,
)}
  </tbody>
</table>
<p class="plain keep">被检查对象负责人（签字）：<span class="sign"></span>　　日期：　　　　年　　月　　日</p>
<p class="plain small">被检查对象负责人拒绝签字的，由检查人员在“检查情况”栏注明原因。</p>
`;
  return printablePage(form.title, body, "landscape");
}

function row(r: InspectionFormRow): SafeHtml {
  const owners = `责任部门：${r.owners.map((o) => `${o.departmentName}（${o.itemCode}）`).join("、")}`;
  return html`    <tr>
      <td class="center">${r.no}</td>
      <td>${r.matter}<div class="small">${owners}</div></td>
      <td class="pre">${r.content}</td>
      <td>${r.basis.map((b) => html`<div>${b}</div>`)}</td>
      <td class="center">${CHOICE}</td><td></td><td class="center">${CHOICE}</td><td class="center">${CHOICE}</td><td></td>
    </tr>
`;
}
