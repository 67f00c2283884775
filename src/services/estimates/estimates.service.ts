/**
 * 合规估计 from the database: who may see which draws (scope), the counts (tallies.ts), and the report per task and
 * pooled per department, industry and region for a year (src/domain/estimates does the statistics).
 */
import { Role } from "../../auth/roles";
import { ctx, currentTenantId, requireRole } from "../../context/request-context";
import {
  type ComplianceEstimate,
  type DrawTallies,
  domainKeys,
  domainStrata,
  estimateCompliance,
  estimateNotes,
  type GroupKey,
  groupDraws,
  type IndustryLevel,
  industryGroup,
  pooledStrata,
  type RegionLevel,
  regionGroup,
  type TallyCell,
  taskStrata,
} from "../../domain/estimates";
import { isUuid } from "../../domain/ids";
import { badInput, forbidden } from "../../errors";
import { readTallies } from "./tallies.service";

/** PUBLIC: published data of every department (anyone); DEPARTMENT: the caller's own; COUNTY: the coordinator's. */
export type EstimateScope = "PUBLIC" | "DEPARTMENT" | "COUNTY";

export interface ReportRequest {
  year: number;
  scope: EstimateScope;
  departmentId?: string | null;
  taskId?: string | null;
  confidenceLevel: number;
  industryLevel: IndustryLevel;
  regionLevel: RegionLevel;
}

export type EstimateView = ComplianceEstimate & { notes: string[] };

export interface StratumView {
  stratum: string;
  population: number;
  drawn: number;
  selectionProbability: number;
  /** N_h / N of the task. */
  weight: number;
  published: number;
  pending: number;
  problems: number;
  /** problems / published in the stratum. */
  rate: number | null;
}

export interface TaskEstimateView {
  taskId: string;
  taskName: string;
  departmentId: string;
  departmentName: string;
  drawId: string;
  strata: StratumView[];
  estimate: EstimateView;
}

export interface PooledEstimateView {
  key: string;
  label: string;
  /** Tasks (department draws) contributing. */
  tasks: number;
  estimate: EstimateView;
}

export interface ComplianceReport {
  year: number;
  scope: EstimateScope;
  confidenceLevel: number;
  industryLevel: IndustryLevel;
  regionLevel: RegionLevel;
  overall: PooledEstimateView;
  tasks: TaskEstimateView[];
  byDepartment: PooledEstimateView[];
  byIndustry: PooledEstimateView[];
  byRegion: PooledEstimateView[];
}

const STAFF = [Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER];

/** Which tallies the caller reads for a scope: own (embargoed draws too) or public, and for which departments. */
async function resolveScope(
  scope: EstimateScope,
  departmentId: string | null,
): Promise<{ own: boolean; tenants: string[] | null }> {
  if (departmentId !== null && !isUuid(departmentId)) throw badInput("departmentId", "部门标识格式不正确");
  if (scope === "PUBLIC") return { own: false, tenants: departmentId ? [departmentId] : null };
  requireRole(...STAFF);
  const me = currentTenantId();
  if (scope === "DEPARTMENT") {
    if (departmentId && departmentId !== me)
      throw forbidden("本部门范围只能查看本部门的估计；其他部门已公示的估计请按公开范围（PUBLIC）查询");
    return { own: true, tenants: [me] };
  }
  const county: Array<{ id: string }> = await ctx().manager.query(
    `SELECT t.id FROM tenant t JOIN tenant me ON me.region_code = t.region_code
      WHERE me.id = $1 AND me.is_coordinator AND t.kind <> 'PLATFORM'`,
    [me],
  );
  if (county.length === 0) throw forbidden("只有联席会议办公室（协调部门）可以查看全县（区）的估计");
  const ids = county.map((t) => t.id);
  if (departmentId && !ids.includes(departmentId))
    throw forbidden("该部门不属于本县（区），请按公开范围（PUBLIC）查询");
  return { own: false, tenants: departmentId ? [departmentId] : ids };
}

async function names(table: "tenant" | "task", ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; name: string }> = await ctx().manager.query(
    table === "tenant"
      ? `SELECT id, name FROM tenant WHERE id = ANY ($1::uuid[])`
      : `SELECT id, name FROM inspection_task WHERE id = ANY ($1::uuid[])
         UNION ALL SELECT id, name FROM joint_task WHERE id = ANY ($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

const view = (e: ComplianceEstimate, mismatch = false): EstimateView => ({
  ...e,
  notes: estimateNotes(e, { recordMismatch: mismatch }),
});

function taskView(
  t: DrawTallies,
  confidenceLevel: number,
  departments: Map<string, string>,
  tasks: Map<string, string>,
): TaskEstimateView {
  const { rows, strata, mismatch } = taskStrata(t);
  const total = rows.reduce((s, r) => s + r.population, 0);
  return {
    taskId: t.taskId,
    taskName: tasks.get(t.taskId) ?? "（任务名称不可见）",
    departmentId: t.departmentId,
    departmentName: departments.get(t.departmentId) ?? "",
    drawId: t.drawId,
    strata: rows.map((r) => ({
      ...r,
      selectionProbability: r.population ? r.drawn / r.population : 0,
      weight: total ? r.population / total : 0,
      pending: r.drawn - r.published,
      rate: r.published ? r.problems / r.published : null,
    })),
    estimate: view(estimateCompliance(strata, confidenceLevel), mismatch),
  };
}

/** One estimate per domain key (an industry or region group) across all the draws. */
function byDomain(
  draws: DrawTallies[],
  group: (c: TallyCell) => GroupKey,
  confidenceLevel: number,
): PooledEstimateView[] {
  const labels = new Map<string, string>();
  const key = (c: TallyCell) => {
    const g = group(c);
    labels.set(g.key, g.label);
    return g.key;
  };
  return domainKeys(draws, key)
    .sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map((k) => {
      const inDomain = (c: TallyCell) => key(c) === k;
      return {
        key: k,
        label: labels.get(k) ?? k,
        tasks: draws.filter((t) => t.cells.some((c) => c.drawn > 0 && inDomain(c))).length,
        estimate: view(estimateCompliance(domainStrata(draws, inDomain), confidenceLevel)),
      };
    });
}

export const estimatesService = {
  async report(req: ReportRequest): Promise<ComplianceReport> {
    if (!Number.isInteger(req.year) || req.year < 2000 || req.year > 2100)
      throw badInput("year", "年度须在 2000–2100 之间");
    if (!(req.confidenceLevel >= 0.5 && req.confidenceLevel <= 0.999))
      throw badInput("confidenceLevel", "置信水平须在 0.5–0.999 之间，例如 0.95");
    if (req.taskId && !isUuid(req.taskId)) throw badInput("taskId", "任务标识格式不正确");
    const { own, tenants } = await resolveScope(req.scope, req.departmentId ?? null);
    let all = await readTallies(req.year, own, tenants);
    if (req.taskId) all = all.filter((t) => t.taskId === req.taskId);
    // Per task and per department: each department's own sample (a joint draw's parts included). Pooled over several
    // departments: a joint draw once, the visit as the unit (docs/ESTIMATES.md §7), never once per department.
    const draws = all.filter((t) => t.unit !== "VISIT");
    const pooled = tenants?.length === 1 ? draws : all.filter((t) => t.unit !== "JOINT_PART");
    const departments = await names("tenant", [...new Set(draws.map((t) => t.departmentId))]);
    const taskNames = await names("task", [...new Set(draws.map((t) => t.taskId))]);
    const cl = req.confidenceLevel;
    const tasks = draws
      .map((t) => taskView(t, cl, departments, taskNames))
      .sort(
        (a, b) => a.departmentName.localeCompare(b.departmentName, "zh") || a.taskName.localeCompare(b.taskName, "zh"),
      );
    const byDepartment = [...groupDraws(draws, (t) => t.departmentId)]
      .map(([id, list]) => ({
        key: id,
        label: departments.get(id) ?? "",
        tasks: list.length,
        estimate: view(estimateCompliance(pooledStrata(list), cl)),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, "zh"));
    return {
      year: req.year,
      scope: req.scope,
      confidenceLevel: cl,
      industryLevel: req.industryLevel,
      regionLevel: req.regionLevel,
      overall: {
        key: "",
        label: "合计",
        tasks: pooled.length,
        estimate: view(estimateCompliance(pooledStrata(pooled), cl)),
      },
      tasks,
      byDepartment,
      byIndustry: byDomain(pooled, (c) => industryGroup(c.industryCode, req.industryLevel), cl),
      byRegion: byDomain(pooled, (c) => regionGroup(c.regionCode, req.regionLevel), cl),
    };
  },
};
