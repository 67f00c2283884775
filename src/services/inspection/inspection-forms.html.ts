import { html } from "../../joint/html";
import { formatChineseDate } from "../../joint/iso-date";
import { printablePage } from "../../joint/print-page";

/**
 * Printable forms of a department check (not joint): the 检查通知书, the 抽查情况记录表 (seed 004 附件5) and the
 * 抽查情况汇总表 (附件7). Pure: the caller gathers the facts; every value is escaped by the `html` tag.
 */
export interface AssignmentFacts {
  department: string;
  taskName: string;
  windowFrom: string;
  windowTo: string;
  target: { name: string; code: string; legalRepresentative: string; address: string; kind: string };
  items: Array<{ code: string; name: string; content: string; basis: string }>;
  /** Leader first. */
  inspectors: Array<{ name: string; certificateNo: string; role: "组长" | "组员" }>;
  /** 随行专家/辅助人员 drawn beside the team: not enforcement inspectors, no 执法证号. */
  experts: Array<{ name: string; organisation: string | null }>;
}

/** 扫码核验 on the notice: the verification page's URL as a QR code (an SVG data URL) and both codes as text. */
export interface NoticeCodes {
  verifyUrl: string;
  qrDataUrl: string;
  /** Formatted in groups of four. */
  verifyCode: string;
  firmCode: string;
  expiresOn: string;
}

export interface RecordFacts extends AssignmentFacts {
  inspectedOn: string | null;
  mode: string | null;
  lines: Array<{
    itemName: string;
    checked: boolean;
    rectificationOrdered: boolean;
    rectified: boolean;
    result: string;
  }>;
  situation: string;
  handlingOpinion: string;
  targetSigner: string;
  refusal: string;
  signedInspectors: string[];
}

const BLANK_DATE = "　　　　年　　月　　日";
const yesNo = (v: boolean) => (v ? "是☑否□" : "是□否☑");

/** 检查通知书: tells the target what will be checked, by whom and in which window. */
export function renderAssignmentNoticeHtml(f: AssignmentFacts, issueDate: string, codes?: NoticeCodes): string {
  const body = html`
<h1>“双随机、一公开”检查通知书</h1>
<p class="plain">${f.target.name}：</p>
<p>根据“双随机、一公开”监管工作安排，经随机抽取，${f.department}将于${formatChineseDate(f.windowFrom)}至${formatChineseDate(f.windowTo)}期间对你单位开展“${f.taskName}”抽查。现将检查事项和检查人员告知如下，请你单位做好准备，并安排负责人到场配合检查。</p>
<h2>一、检查事项</h2>
<table>
  <thead><tr><th class="n">序号</th><th>抽查事项</th><th>检查内容</th><th>检查依据</th></tr></thead>
  <tbody>
${f.items.map(
  (it, i) =>
    html`<tr><td class="center">${i + 1}</td><td>${it.name}</td><td class="pre">${it.content}</td><td>${it.basis}</td></tr>`,
)}
  </tbody>
</table>
<h2>二、检查人员</h2>
<table class="keep">
  <thead><tr><th class="n">序号</th><th>姓名</th><th>执法证号</th><th>职责</th></tr></thead>
  <tbody>
${f.inspectors.map(
  (p, i) =>
    html`<tr><td class="center">${i + 1}</td><td>${p.name}</td><td>${p.certificateNo}</td><td class="center">${p.role}</td></tr>`,
)}
  </tbody>
</table>
${
  f.experts.length
    ? html`<p>随行专家/辅助人员（不属于执法检查人员）：${f.experts
        .map((e) => (e.organisation ? `${e.name}（${e.organisation}）` : e.name))
        .join("、")}。</p>`
    : ""
}<p>检查人员将出示执法证件。检查人员与你单位有利害关系的，你单位可以在检查前申请其回避。</p>
${codes ? noticeCodesHtml(codes) : ""}<div class="keep">
  <p class="plain right">${f.department}（盖章）</p>
  <p class="plain right">${formatChineseDate(issueDate)}</p>
</div>
`;
  return printablePage("检查通知书", body);
}

/** The 扫码核验 section of a notice (`heading`: its numbered title there). */
export function noticeCodesHtml(c: NoticeCodes, heading = "三、扫码核验与预约") {
  return html`<h2>${heading}</h2>
<table class="keep">
  <tbody><tr>
    <td class="center"><img src="${c.qrDataUrl}" alt="核验二维码" width="132" height="132"></td>
    <td>
      <p class="plain">扫描左侧二维码，或打开 ${c.verifyUrl} ，无需登录即可核验本次检查是否真实：检查事项及依据、检查部门、检查人员姓名和执法证号、抽取记录。</p>
      <p class="plain">核验码：<b>${c.verifyCode}</b></p>
      <p class="plain">企业办事码：<b>${c.firmCode}</b>（仅限本次检查使用，请妥善保管；凭此码可在核验页面预约检查时间、申请回避、确认检查并评价）</p>
      <p class="plain">有效期至：${formatChineseDate(c.expiresOn)}</p>
    </td>
  </tr></tbody>
</table>
`;
}

/** 抽查情况记录表 (附件5): filled from the inspection record when there is one, blank lines otherwise. */
export function renderAssignmentRecordHtml(f: RecordFacts): string {
  const lines = f.lines.length
    ? f.lines
    : f.items.map((it) => ({
        itemName: it.name,
        checked: false,
        rectificationOrdered: false,
        rectified: false,
        result: "",
      }));
  const blank = !f.lines.length;
  const body = html`
<h1>“双随机、一公开”抽查情况记录表</h1>
<p class="plain right">抽查时间：${f.inspectedOn ? formatChineseDate(f.inspectedOn) : BLANK_DATE}</p>
<table class="keep">
  <tr><th>市场主体名称</th><td colspan="3">${f.target.name}</td></tr>
  <tr><th>注册号或统一社会信用代码</th><td>${f.target.code}</td><th>法定代表人（负责人）</th><td>${f.target.legalRepresentative}</td></tr>
  <tr><th>主体类型</th><td>${f.target.kind}</td><th>抽查部门</th><td>${f.department}</td></tr>
  <tr><th>住所（经营场所）</th><td colspan="3">${f.target.address}</td></tr>
  <tr><th>抽查任务</th><td>${f.taskName}</td><th>检查方式</th><td>${f.mode ?? ""}</td></tr>
</table>
<table>
  <thead><tr><th>检查项目</th><th>是否检查该项目</th><th>下达责改</th><th>是否责改</th><th>检查结果</th></tr></thead>
  <tbody>
${lines.map(
  (l) => html`<tr><td>${l.itemName}</td>
    <td class="center">${blank ? "是□否□" : yesNo(l.checked)}</td>
    <td class="center">${blank ? "是□否□" : yesNo(l.rectificationOrdered)}</td>
    <td class="center">${blank ? "是□否□" : yesNo(l.rectified)}</td>
    <td>${l.result}</td></tr>`,
)}
  </tbody>
</table>
<table class="keep">
  <tr><th>检查情况</th><td class="pre tall">${f.situation}${f.refusal ? `\n${f.refusal}` : ""}</td></tr>
  <tr><th>抽查单位处理意见</th><td class="pre tall">${f.handlingOpinion}</td></tr>
  <tr><th>被检查对象负责人（签字）</th><td>${f.targetSigner}</td></tr>
  <tr><th>执法检查人员（签字）</th><td>${f.signedInspectors.join("、")}</td></tr>
</table>
`;
  return printablePage("抽查情况记录表", body);
}

export interface SummaryFacts {
  department: string;
  year: number;
  filledOn: string;
  rows: Array<{
    no: number;
    subjectName: string;
    address: string;
    inspectors: string;
    problems: string;
    publication: string;
    note: string;
  }>;
}

/** 抽查情况汇总表 (附件7) as a printable landscape page with 填报单位 and 填报时间. */
export function renderSummaryHtml(f: SummaryFacts): string {
  const body = html`
<h1>“双随机、一公开”抽查情况汇总表（${f.year}年）</h1>
<p class="plain">填报单位：${f.department}<span class="right-float">填报时间：${formatChineseDate(f.filledOn)}</span></p>
<table>
  <thead><tr><th class="n">序号</th><th>市场主体名称</th><th>市场主体地址</th><th>检查人员</th><th>存在问题</th><th>结果公示</th><th>备注</th></tr></thead>
  <tbody>
${f.rows.map(
  (r) => html`<tr><td class="center">${r.no}</td><td>${r.subjectName}</td><td>${r.address}</td><td>${r.inspectors}</td>
    <td>${r.problems}</td><td>${r.publication}</td><td>${r.note}</td></tr>`,
)}
  </tbody>
</table>
`;
  return printablePage("抽查情况汇总表", body, "landscape");
}
