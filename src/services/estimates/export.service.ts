/** 合规估计 as an XLSX workbook: one sheet per view of the report, numbers as numbers, and a sheet on the method. */
import { type SheetColumn, type SheetData, writeXlsxSheets } from "../../exchange";
import type { ComplianceReport, EstimateView, PooledEstimateView } from "./estimates.service";

const SCOPE_LABEL = { PUBLIC: "公开（已公示数据）", DEPARTMENT: "本部门", COUNTY: "本县（区）各部门" } as const;

const ESTIMATE_COLUMNS: SheetColumn[] = [
  { header: "总体数", kind: "integer" },
  { header: "抽取数", kind: "integer" },
  { header: "已公示", kind: "integer" },
  { header: "待公示", kind: "integer" },
  { header: "发现问题", kind: "integer" },
  { header: "未加权发现问题率", kind: "percent" },
  { header: "加权估计", kind: "percent" },
  { header: "区间下限", kind: "percent" },
  { header: "区间上限", kind: "percent" },
  { header: "标准误", kind: "decimal" },
  { header: "待公示全无问题时下限", kind: "percent" },
  { header: "待公示全有问题时上限", kind: "percent" },
  { header: "估计代表户数", kind: "integer" },
  { header: "说明", kind: "text" },
];

const estimateCells = (e: EstimateView) => [
  e.population,
  e.drawn,
  e.published,
  e.pending,
  e.problems,
  e.rawRate,
  e.estimate,
  e.lower,
  e.upper,
  e.standardError,
  e.bounds?.lower ?? null,
  e.bounds?.upper ?? null,
  e.estimatedSize === null ? null : Math.round(e.estimatedSize),
  e.notes.join(""),
];

const pooledSheet = (name: string, keyHeader: string, list: PooledEstimateView[]): SheetData => ({
  name,
  columns: [{ header: keyHeader, kind: "text" }, { header: "任务数", kind: "integer" }, ...ESTIMATE_COLUMNS],
  rows: list.map((p) => [p.label, p.tasks, ...estimateCells(p.estimate)]),
});

export function reportSheets(r: ComplianceReport): SheetData[] {
  return [
    {
      name: "按任务",
      columns: [
        { header: "部门", kind: "text" },
        { header: "任务", kind: "text" },
        { header: "分层数", kind: "integer" },
        ...ESTIMATE_COLUMNS,
      ],
      rows: r.tasks.map((t) => [t.departmentName, t.taskName, t.strata.length, ...estimateCells(t.estimate)]),
    },
    {
      name: "分层明细",
      columns: [
        { header: "部门", kind: "text" },
        { header: "任务", kind: "text" },
        { header: "分层", kind: "text" },
        { header: "总体数", kind: "integer" },
        { header: "抽取数", kind: "integer" },
        { header: "抽取概率", kind: "percent" },
        { header: "权重", kind: "percent" },
        { header: "已公示", kind: "integer" },
        { header: "待公示", kind: "integer" },
        { header: "发现问题", kind: "integer" },
        { header: "层内发现问题率", kind: "percent" },
      ],
      rows: r.tasks.flatMap((t) =>
        t.strata.map((s) => [
          t.departmentName,
          t.taskName,
          s.stratum,
          s.population,
          s.drawn,
          s.selectionProbability,
          s.weight,
          s.published,
          s.pending,
          s.problems,
          s.rate,
        ]),
      ),
    },
    pooledSheet("按部门", "部门", [...r.byDepartment, r.overall]),
    pooledSheet("按行业", "行业", r.byIndustry),
    pooledSheet("按地区", "地区", r.byRegion),
    {
      name: "说明",
      columns: [
        { header: "项目", kind: "text" },
        { header: "内容", kind: "text" },
      ],
      rows: [
        ["年度", String(r.year)],
        ["范围", SCOPE_LABEL[r.scope]],
        ["置信水平", `${(r.confidenceLevel * 100).toFixed(1)}%`],
        ["计入", "仅随机抽取（不含指派和投诉举报核查）；只计已公示结果，待公示的不计为“未发现问题”"],
        ["估计方法", "按抽取记录的分层总体数与抽取数加权的分层估计；分层得分（Wilson 型）置信区间，含有限总体校正"],
        ["未加权发现问题率", "发现问题户数 ÷ 已公示户数；各层抽查比例不同时有偏，仅供对照"],
        ["合并", "多个任务、部门的抽取各为独立的分层；行业、地区为跨分层的子总体（比率估计）"],
        ["详细说明", "docs/ESTIMATES.md"],
      ],
    },
  ];
}

export async function exportReport(r: ComplianceReport) {
  return {
    fileName: `合规估计-${r.year}.xlsx`,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    content: await writeXlsxSheets(reportSheets(r)),
  };
}
