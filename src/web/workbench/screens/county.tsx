import { ElAlert, ElCard, ElInputNumber, ElTable, ElTableColumn, ElTag } from "element-plus";
import { computed, defineComponent, onMounted, ref } from "vue";
import Chart, { type ChartOption } from "../chart";
import { act, todayInChina } from "../format";
import { gql } from "../session";

interface Tenant {
  id: string;
  name: string;
  kind: string;
  isCoordinator: boolean;
}
interface PlanRow {
  id: string;
  status: string;
  filedAt: string | null;
  overdue: boolean;
  department: { id: string };
}
interface Participation {
  department: { id: string; name: string };
  initiated: number;
  joined: number;
  meetsRequirement: boolean;
}
interface Savings {
  targets: number;
  visits: number;
  visitsDone: number;
  departmentVisitsAvoided: number;
  participatingDepartments: number;
}

interface DepartmentRow {
  id: string;
  name: string;
  published: number;
  filed: number;
  overdue: number;
  initiated: number;
  joined: number;
  meetsRequirement: boolean;
}

const bars = (names: string[], series: Array<{ name: string; data: number[] }>): ChartOption =>
  ({
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    legend: { top: 0 },
    xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
  }) as ChartOption;

/**
 * 全县视图 (coordinator): per department the plans published and filed (备案), overdue plans and joint
 * participation (发起 / 参与, "每年至少一次"), with the region's joint savings. 开展率 and 公示率 per department need
 * the county roll-up (issue 14); until it lands this view says so rather than showing the coordinator's own rates.
 */
export default defineComponent({
  setup() {
    const year = ref(Number(todayInChina().slice(0, 4)));
    const rows = ref<DepartmentRow[]>([]);
    const region = ref<Savings | null>(null);
    const load = async () => {
      const r = await gql<{
        tenants: Tenant[];
        plans: { items: PlanRow[] };
        jointParticipationCounts: Participation[];
        jointRegionReport: { region: Savings };
      }>(
        `query($y: Int!) { tenants { id name kind isCoordinator }
          plans(year: $y, limit: 500) { items { id status filedAt overdue department { id } } }
          jointParticipationCounts(year: $y) { department { id name } initiated joined meetsRequirement }
          jointRegionReport(year: $y) { region { targets visits visitsDone departmentVisitsAvoided participatingDepartments } } }`,
        { y: year.value },
      );
      const counts = new Map(r.jointParticipationCounts.map((c) => [c.department.id, c]));
      rows.value = r.tenants
        .filter((t) => t.kind !== "PLATFORM")
        .map((t) => {
          const own = r.plans.items.filter((p) => p.department.id === t.id);
          const c = counts.get(t.id);
          return {
            id: t.id,
            name: t.name,
            published: own.filter((p) => p.status === "PUBLISHED" || p.status === "CLOSED").length,
            filed: own.filter((p) => p.filedAt).length,
            overdue: own.filter((p) => p.overdue).length,
            initiated: c?.initiated ?? 0,
            joined: c?.joined ?? 0,
            meetsRequirement: c?.meetsRequirement ?? false,
          };
        });
      region.value = r.jointRegionReport.region;
    };
    onMounted(() => act(load));
    const short = (n: string) => n.replace(/^五原县|^国家税务总局五原县/, "");
    const plansChart = computed(() =>
      bars(
        rows.value.map((r) => short(r.name)),
        [
          { name: "已公布计划", data: rows.value.map((r) => r.published) },
          { name: "已备案", data: rows.value.map((r) => r.filed) },
        ],
      ),
    );
    const jointChart = computed(() =>
      bars(
        rows.value.map((r) => short(r.name)),
        [
          { name: "发起联合抽查", data: rows.value.map((r) => r.initiated) },
          { name: "参与联合抽查", data: rows.value.map((r) => r.joined) },
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
            }}
            min={2000}
            max={2100}
          />
        </div>
        {region.value && (
          <p data-region="">
            本年度联合检查 {region.value.visits} 次（已完成 {region.value.visitsDone}），涉及检查对象{" "}
            {region.value.targets} 户、
            {region.value.participatingDepartments} 个部门，减少部门上门 <b>{region.value.departmentVisitsAvoided}</b>{" "}
            次
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
        <ElAlert
          type="info"
          closable={false}
          class="wb-section"
          title="各部门开展率、公示率和逾期事项的全县汇总由全县统计接口（联席会议汇总、通报）提供，该接口上线后在此显示。"
        />
        <ElTable data={rows.value} border data-county-table="">
          <ElTableColumn prop="name" label="部门" minWidth="220" />
          <ElTableColumn prop="published" label="已公布计划" width="110" />
          <ElTableColumn prop="filed" label="已备案" width="90" />
          <ElTableColumn label="计划逾期" width="100">
            {{
              default: ({ row }: { row: DepartmentRow }) =>
                row.overdue ? <ElTag type="danger">{row.overdue}</ElTag> : "0",
            }}
          </ElTableColumn>
          <ElTableColumn prop="initiated" label="发起联合" width="100" />
          <ElTableColumn prop="joined" label="参与联合" width="100" />
          <ElTableColumn label="每年至少一次" width="130">
            {{
              default: ({ row }: { row: DepartmentRow }) =>
                row.meetsRequirement ? <ElTag type="success">已达到</ElTag> : <ElTag type="warning">未达到</ElTag>,
            }}
          </ElTableColumn>
        </ElTable>
      </div>
    );
  },
});
