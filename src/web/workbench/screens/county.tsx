import { ElButton, ElCard, ElInputNumber, ElTable, ElTableColumn, ElTag } from "element-plus";
import { computed, defineComponent, onMounted, ref } from "vue";
import Chart, { type ChartOption } from "../chart";
import { act, downloadBase64, todayInChina } from "../format";
import { openForm } from "../forms";
import { gql } from "../session";

interface Savings {
  targets: number;
  visits: number;
  visitsDone: number;
  departmentVisitsAvoided: number;
  participatingDepartments: number;
}

interface DepartmentRow {
  department: { id: string; name: string };
  filing: string;
  filedOn: string | null;
  plansPublished: number;
  plansFiled: number;
  plansOverdue: number;
  tasksDrawn: number;
  drawn: number;
  inspected: number;
  published: number;
  coverageRate: number | null;
  publicationRate: number | null;
  followUpRate: number | null;
  jointInitiated: number;
  jointJoined: number;
  overdueItems: number;
  memberUnit: { liaisonName: string; liaisonPhone: string } | null;
}
interface Rollup {
  filingDueDate: string;
  jointPlanDueDate: string;
  jointPlanOverdue: boolean;
  totals: { departments: number; plansFiled: number; filingOverdue: number; overdueItems: number };
  unitsOffPlatform: Array<{ name: string }>;
  departments: DepartmentRow[];
}

interface Estimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  rawRate: number | null;
  drawn: number;
  published: number;
  pending: number;
}
interface PooledEstimate {
  key: string;
  label: string;
  tasks: number;
  estimate: Estimate;
}
interface EstimateReport {
  confidenceLevel: number;
  overall: PooledEstimate;
  byDepartment: PooledEstimate[];
}
const ESTIMATE_FIELDS = "key label tasks estimate { estimate lower upper rawRate drawn published pending }";

const FILING: Record<string, [string, "success" | "warning" | "danger" | "info"]> = {
  FILED: ["已备案", "success"],
  FILED_LATE: ["逾期后备案", "warning"],
  PENDING: ["未备案", "info"],
  OVERDUE: ["逾期未备案", "danger"],
};
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

const bars = (names: string[], series: Array<{ name: string; data: number[] }>): ChartOption =>
  ({
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    legend: { top: 0 },
    xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
  }) as ChartOption;

/**
 * 全县视图 (coordinator): the county roll-up (countyRollup) per department — 备案 against the region's deadline,
 * plans published, tasks drawn, 开展率 / 公示率 / 后续处置率, joint participation ("每年至少一次") and overdue items —
 * with the region's joint savings and the year-end 通报 (printable page and XLSX).
 */
export default defineComponent({
  setup() {
    const year = ref(Number(todayInChina().slice(0, 4)));
    const roll = ref<Rollup | null>(null);
    const rows = computed(() => roll.value?.departments ?? []);
    const region = ref<Savings | null>(null);
    const load = async () => {
      const r = await gql<{ countyRollup: Rollup; jointRegionReport: { region: Savings } }>(
        `query($y: Int!) { countyRollup(year: $y) { filingDueDate jointPlanDueDate jointPlanOverdue
            totals { departments plansFiled filingOverdue overdueItems } unitsOffPlatform { name }
            departments { department { id name } filing filedOn plansPublished plansFiled plansOverdue tasksDrawn
              drawn inspected published coverageRate publicationRate followUpRate jointInitiated jointJoined
              overdueItems memberUnit { liaisonName liaisonPhone } } }
          jointRegionReport(year: $y) { region { targets visits visitsDone departmentVisitsAvoided participatingDepartments } } }`,
        { y: year.value },
      );
      roll.value = r.countyRollup;
      region.value = r.jointRegionReport.region;
    };
    // 合规估计 (issue 15): the design-weighted share of subjects with problems, its interval and the raw rate beside it.
    const estimates = ref<EstimateReport | null>(null);
    const loadEstimates = async () => {
      const r = await gql<{ complianceEstimates: EstimateReport }>(
        `query($y: Int!) { complianceEstimates(year: $y, scope: COUNTY) { confidenceLevel
            overall { ${ESTIMATE_FIELDS} } byDepartment { ${ESTIMATE_FIELDS} } } }`,
        { y: year.value },
      );
      estimates.value = r.complianceEstimates;
    };
    const estimateRows = computed(() =>
      estimates.value ? [estimates.value.overall, ...estimates.value.byDepartment] : [],
    );
    const interval = (e: Estimate) =>
      e.lower === null || e.upper === null ? "—" : `${pct(e.lower)} – ${pct(e.upper)}`;
    onMounted(() => act(load));
    onMounted(() => act(loadEstimates));
    const exportXlsx = async () => {
      const r = await gql<{ exportCountyReport: { fileName: string; mimeType: string; contentBase64: string } }>(
        `query($y: Int!) { exportCountyReport(year: $y, format: XLSX) { fileName mimeType contentBase64 } }`,
        { y: year.value },
      );
      downloadBase64(r.exportCountyReport.fileName, r.exportCountyReport.mimeType, r.exportCountyReport.contentBase64);
    };
    const short = (n: string) => n.replace(/^五原县|^国家税务总局五原县|^达拉特旗/, "");
    const plansChart = computed(() =>
      bars(
        rows.value.map((r) => short(r.department.name)),
        [
          { name: "已公布计划", data: rows.value.map((r) => r.plansPublished) },
          { name: "已备案", data: rows.value.map((r) => r.plansFiled) },
        ],
      ),
    );
    const jointChart = computed(() =>
      bars(
        rows.value.map((r) => short(r.department.name)),
        [
          { name: "发起联合抽查", data: rows.value.map((r) => r.jointInitiated) },
          { name: "参与联合抽查", data: rows.value.map((r) => r.jointJoined) },
        ],
      ),
    );
    return () => (
      <div class="wb-screen" data-county="">
        <h2>全县视图</h2>
        <div class="wb-toolbar">
          <span>年度</span>
          <ElInputNumber
            modelValue={year.value}
            onUpdate:modelValue={(v: number | undefined) => {
              year.value = v ?? year.value;
              void act(load);
              void act(loadEstimates);
            }}
            min={2000}
            max={2100}
          />
          <ElButton onClick={() => act(() => openForm("county-report", String(year.value)))}>打印年度通报</ElButton>
          <ElButton onClick={() => act(exportXlsx)}>导出通报（Excel）</ElButton>
        </div>
        {region.value && (
          <p data-region="">
            本年度联合检查 {region.value.visits} 次（已完成 {region.value.visitsDone}），涉及检查对象{" "}
            {region.value.targets} 户、
            {region.value.participatingDepartments} 个部门，减少部门上门 <b>{region.value.departmentVisitsAvoided}</b>{" "}
            次
          </p>
        )}
        {roll.value && (
          <p data-filing="">
            计划备案期限 {roll.value.filingDueDate}：{roll.value.totals.departments} 个部门中已备案{" "}
            {roll.value.totals.plansFiled} 个，逾期未备案 <b>{roll.value.totals.filingOverdue}</b> 个；逾期事项合计{" "}
            {roll.value.totals.overdueItems} 项。
            {roll.value.jointPlanOverdue
              ? `部门联合抽查年度计划逾期未公布（期限 ${roll.value.jointPlanDueDate}）。`
              : ""}
            {roll.value.unitsOffPlatform.length
              ? `尚未接入平台的成员单位 ${roll.value.unitsOffPlatform.length} 个。`
              : ""}
          </p>
        )}
        <div class="wb-grid">
          <ElCard header="各部门年度抽查计划（公布 / 备案）" shadow="never">
            <Chart option={plansChart.value} label="各部门年度抽查计划" />
          </ElCard>
          <ElCard header="各部门联合抽查（发起 / 参与）" shadow="never">
            <Chart option={jointChart.value} label="各部门联合抽查" />
          </ElCard>
        </div>
        <ElCard
          header={`发现问题比例的合规估计（按抽样设计加权，${((estimates.value?.confidenceLevel ?? 0.95) * 100).toFixed(0)}% 置信区间；只计随机抽取和已公示结果）`}
          shadow="never"
          data-estimates=""
        >
          <ElTable data={estimateRows.value} border size="small" emptyText="本年度尚无随机抽取">
            <ElTableColumn label="范围" minWidth="200">
              {{ default: ({ row }: { row: PooledEstimate }) => (row.key === "" ? "全县合计" : row.label) }}
            </ElTableColumn>
            <ElTableColumn label="加权估计" width="100">
              {{ default: ({ row }: { row: PooledEstimate }) => pct(row.estimate.estimate) }}
            </ElTableColumn>
            <ElTableColumn label="置信区间" width="150">
              {{ default: ({ row }: { row: PooledEstimate }) => interval(row.estimate) }}
            </ElTableColumn>
            <ElTableColumn label="未加权发现问题率" width="140">
              {{ default: ({ row }: { row: PooledEstimate }) => pct(row.estimate.rawRate) }}
            </ElTableColumn>
            <ElTableColumn label="抽取 / 已公示 / 待公示" width="170">
              {{
                default: ({ row }: { row: PooledEstimate }) =>
                  `${row.estimate.drawn} / ${row.estimate.published} / ${row.estimate.pending}`,
              }}
            </ElTableColumn>
          </ElTable>
        </ElCard>
        <ElTable data={rows.value} border data-county-table="">
          <ElTableColumn label="部门" minWidth="200">
            {{ default: ({ row }: { row: DepartmentRow }) => row.department.name }}
          </ElTableColumn>
          <ElTableColumn label="备案" width="120">
            {{
              default: ({ row }: { row: DepartmentRow }) => {
                const [text, type] = FILING[row.filing] ?? [row.filing, "info"];
                return <ElTag type={type}>{text}</ElTag>;
              },
            }}
          </ElTableColumn>
          <ElTableColumn prop="plansPublished" label="已公布计划" width="100" />
          <ElTableColumn prop="tasksDrawn" label="已抽取任务" width="100" />
          <ElTableColumn prop="drawn" label="抽取户数" width="90" />
          <ElTableColumn label="开展率" width="90">
            {{ default: ({ row }: { row: DepartmentRow }) => pct(row.coverageRate) }}
          </ElTableColumn>
          <ElTableColumn label="公示率" width="90">
            {{ default: ({ row }: { row: DepartmentRow }) => pct(row.publicationRate) }}
          </ElTableColumn>
          <ElTableColumn label="后续处置率" width="100">
            {{ default: ({ row }: { row: DepartmentRow }) => pct(row.followUpRate) }}
          </ElTableColumn>
          <ElTableColumn prop="jointInitiated" label="发起联合" width="90" />
          <ElTableColumn prop="jointJoined" label="参与联合" width="90" />
          <ElTableColumn label="每年至少一次" width="120">
            {{
              default: ({ row }: { row: DepartmentRow }) =>
                row.jointInitiated + row.jointJoined > 0 ? (
                  <ElTag type="success">已达到</ElTag>
                ) : (
                  <ElTag type="warning">未达到</ElTag>
                ),
            }}
          </ElTableColumn>
          <ElTableColumn label="逾期事项" width="90">
            {{
              default: ({ row }: { row: DepartmentRow }) =>
                row.overdueItems ? <ElTag type="danger">{row.overdueItems}</ElTag> : "0",
            }}
          </ElTableColumn>
          <ElTableColumn label="联络员" width="150">
            {{
              default: ({ row }: { row: DepartmentRow }) =>
                row.memberUnit?.liaisonName ? `${row.memberUnit.liaisonName} ${row.memberUnit.liaisonPhone}` : "—",
            }}
          </ElTableColumn>
        </ElTable>
      </div>
    );
  },
});
