import type { CountyRollup } from "../../domain/county/rollup";
import { writeCsv, writeXlsx, type XlsxCell } from "../../exchange";
import { html } from "../../joint/html";
import { formatChineseDate } from "../../joint/iso-date";
import { printablePage } from "../../joint/print-page";

const FILING: Record<string, string> = {
  FILED: "已备案",
  FILED_LATE: "逾期后备案",
  PENDING: "未备案",
  OVERDUE: "逾期未备案",
};
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

const HEADER = [
  "序号",
  "部门",
  "计划备案",
  "已公布计划",
  "已抽取任务",
  "抽取户数",
  "已检查",
  "已公示",
  "开展率",
  "公示率",
  "后续处置率",
  "联合抽查（发起/参与）",
  "逾期事项",
  "上级下发任务",
  "跨区域任务",
  "专项任务",
  "抽查频次（已抽/应抽）",
];
/** Columns written as numbers in the XLSX (0-based) and as percentages. */
const NUMBER_COLUMNS = [0, 3, 4, 5, 6, 7, 12, 13, 14, 15];
const PERCENT_COLUMNS = [8, 9, 10];

/** The 通报's one table, for the printable page and the XLSX alike. */
function table(r: CountyRollup): string[][] {
  return r.departments.map((d, i) => [
    String(i + 1),
    d.department.name,
    d.filedOn ? `${FILING[d.filing]}（${d.filedOn}）` : FILING[d.filing],
    String(d.plansPublished),
    String(d.tasksDrawn),
    String(d.drawn),
    String(d.inspected),
    String(d.published),
    d.coverageRate === null ? "" : String(d.coverageRate),
    d.publicationRate === null ? "" : String(d.publicationRate),
    d.followUpRate === null ? "" : String(d.followUpRate),
    `${d.jointInitiated}/${d.jointJoined}`,
    String(d.overdueItems),
    String(d.tasksHigherLevel),
    String(d.tasksCrossRegion),
    String(d.tasksCampaign),
    d.rounds.length
      ? d.rounds.map((x) => `${x.drawn}/${x.required}${x.overdue ? `（逾期${x.overdue}轮）` : ""}`).join("；")
      : "—",
  ]);
}

/** The paragraphs of findings the office circulates (通报有关工作情况并督促整改, seed 001 附件1). */
function findings(r: CountyRollup): string[] {
  const t = r.totals;
  const late = r.departments.filter((d) => d.filing === "OVERDUE").map((d) => d.department.name);
  const overdue = r.departments
    .filter((d) => d.overdueItems > 0)
    .map((d) => `${d.department.name}（${d.overdueItems}项）`);
  const short = r.departments
    .flatMap((d) => d.rounds.filter((x) => x.overdue > 0).map((x) => ({ d, x })))
    .map(({ d, x }) => `${d.department.name}“${x.planTitle}”（应抽 ${x.required} 轮，已抽 ${x.drawn} 轮）`);
  // Only a published part counts (an invitation, or a part recorded as not published, does not).
  const noJoint = r.departments.filter((d) => d.jointPublished === 0).map((d) => d.department.name);
  return [
    `${r.year}年，全县 ${t.departments} 个部门中 ${t.plansFiled} 个已将年度抽查计划报联席会议办公室备案（备案期限 ${formatChineseDate(r.filingDueDate)}），共抽取任务 ${t.tasksDrawn} 项（其中本部门随机抽查 ${t.tasksOwn} 项、上级下发 ${t.tasksHigherLevel} 项、跨区域 ${t.tasksCrossRegion} 项，专项检查/专项整治 ${t.tasksCampaign} 项）、检查对象 ${t.drawn} 户，已检查 ${t.inspected} 户，已公示 ${t.published} 户，公示率 ${pct(t.publicationRate)}。`,
    late.length ? `逾期未备案：${late.join("、")}。` : "各部门均已按要求备案或未到备案期限。",
    overdue.length ? `存在逾期事项：${overdue.join("、")}。请相关部门立即整改。` : "未发现逾期事项。",
    short.length ? `抽查频次未按期完成：${short.join("、")}。` : "",
    noJoint.length ? `本年度尚未参加部门联合抽查：${noJoint.join("、")}。` : "各部门本年度均已参加部门联合抽查。",
    t.jointShare === null ? "" : `随机抽查中部门联合抽查占比 ${pct(t.jointShare)}。`,
    r.jointPlanOverdue ? `部门联合抽查年度计划逾期未公布（期限 ${formatChineseDate(r.jointPlanDueDate)}）。` : "",
  ].filter(Boolean);
}

/** 年度通报 as a printable page (landscape): findings, then the per-department table. */
export function renderCountyReportHtml(r: CountyRollup, filledOn: string): string {
  const rows = table(r);
  const body = html`
<h1>${r.year}年度“双随机、一公开”监管工作情况通报</h1>
<p class="plain">${r.coordinator.name}（联席会议办公室）<span class="right-float">${formatChineseDate(filledOn)}</span></p>
${findings(r).map((p) => html`<p>${p}</p>`)}
<table>
  <thead><tr>${HEADER.map((h) => html`<th>${h}</th>`)}</tr></thead>
  <tbody>
${rows.map(
  (row) =>
    html`<tr>${row.map((c, i) => html`<td${i === 0 ? html` class="center"` : html``}>${PERCENT_COLUMNS.includes(i) ? pct(c === "" ? null : Number(c)) : c}</td>`)}</tr>`,
)}
  </tbody>
</table>
${r.unitsOffPlatform.length ? html`<p>尚未接入平台的成员单位（${r.unitsOffPlatform.length} 个）：${r.unitsOffPlatform.map((u) => u.name).join("、")}。</p>` : html``}
`;
  return printablePage(`${r.year}年度工作情况通报`, body, "landscape");
}

/** The same 通报 as CSV or XLSX (title, issuing office and date, the table, the totals). */
export async function exportCountyReport(r: CountyRollup, format: "CSV" | "XLSX", filledOn: string) {
  const rows = table(r);
  const t = r.totals;
  const footer: XlsxCell[][] = [
    ["部门", t.departments, "已备案", t.plansFiled, "逾期未备案", t.filingOverdue],
    ["抽取户数", t.drawn, "已检查", t.inspected, "已公示", t.published],
    ["检查完成率", { percent: t.completionRate }, "公示率", { percent: t.publicationRate }, "逾期事项", t.overdueItems],
    ["本部门随机抽查任务", t.tasksOwn, "上级下发任务", t.tasksHigherLevel, "跨区域任务", t.tasksCrossRegion],
    ["专项任务", t.tasksCampaign, "抽查频次不足的部门", t.roundsShort, "逾期未抽取轮次", t.roundsOverdue],
  ];
  const name = `${r.year}年度双随机一公开工作通报`;
  if (format === "CSV") {
    const asText = (v: XlsxCell) => (v === null ? "—" : typeof v === "object" ? pct(v.percent) : String(v));
    const body = rows.map((row) =>
      row.map((c, i) => (PERCENT_COLUMNS.includes(i) ? pct(c === "" ? null : Number(c)) : c)),
    );
    return {
      fileName: `${name}.csv`,
      mimeType: "text/csv",
      content: writeCsv([HEADER, ...body, [], ...footer.map((f) => f.map(asText)), [], ...findings(r).map((p) => [p])]),
    };
  }
  return {
    fileName: `${name}.xlsx`,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    content: await writeXlsx("工作通报", [HEADER, ...rows], {
      title: `${r.year}年度“双随机、一公开”监管工作情况通报`,
      meta: [`${r.coordinator.name}（联席会议办公室）　　${formatChineseDate(filledOn)}`],
      numberColumns: NUMBER_COLUMNS,
      percentColumns: PERCENT_COLUMNS,
      footer,
    }),
  };
}
