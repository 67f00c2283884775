import { In } from "typeorm";
import { Role } from "../../auth/roles";
import type { IsoDate } from "../../calendar";
import { defineLoader, tenantLoader } from "../../context/loaders";
import { ctx, currentTenantId, requireRole } from "../../context/request-context";
import { endOfMonth, filingState } from "../../domain/county/deadlines";
import type { CountyDepartmentRow, CountyRollup } from "../../domain/county/rollup";
import { roundsStatus } from "../../domain/county/rounds";
import { isUuid } from "../../domain/ids";
import { type AssignmentFact, inspectionKpis, ratio } from "../../domain/inspection/kpis";
import { JointMemberUnitEntity } from "../../entities/county/joint-member-unit.entity";
import { TenantEntity } from "../../entities/system/tenant.entity";
import { badInput, conflict, forbidden, notFound } from "../../errors";
import { chinaDate, chinaToday, now } from "../../time";
import { audit } from "../audit/audit.service";
import { resultCodeTable } from "../inspection/result-codes.service";
import { requireCoordinatorTenant } from "../joint/joint.guards";
import { jointPlanService } from "../joint/joint-plan.service";
import { roundDates } from "../plan/plan-rounds.service";
import { calendarService } from "../system/calendar.service";
import { DEFAULT_SETTINGS, withDefaults } from "../system/tenant-settings.service";

export interface MemberUnitInput {
  name: string;
  memberTenantId?: string | null;
  representative?: string | null;
  liaisonName?: string | null;
  liaisonPhone?: string | null;
  sortOrder?: number | null;
}

/** Each region's coordinator (联席会议办公室) tenant, or null when the region has none; one query per request. */
const regionCoordinatorLoader = defineLoader<string, TenantEntity | null>("region-coordinator", async (m, regions) => {
  const rows = await m.find(TenantEntity, { where: { regionCode: In([...regions]), isCoordinator: true } });
  return regions.map((r) => rows.find((t) => t.regionCode === r) ?? null);
});

export const regionCoordinator = (regionCode: string) => regionCoordinatorLoader().load(regionCode);

/** The region's filing due date (备案, end of the coordinator's filingDueMonth of the plan year). */
export async function filingDueDate(regionCode: string, year: number): Promise<IsoDate> {
  const c = await regionCoordinator(regionCode);
  return endOfMonth(year, withDefaults(c?.settings ?? {}).filingDueMonth ?? DEFAULT_SETTINGS.filingDueMonth);
}

const trimmed = (v: string | null | undefined) => (v ?? "").trim();

async function ownUnitForUpdate(id: string): Promise<JointMemberUnitEntity> {
  const unit = isUuid(id)
    ? await ctx().manager.findOne(JointMemberUnitEntity, {
        where: { id, tenantId: currentTenantId() },
        lock: { mode: "pessimistic_write" },
      })
    : null;
  if (!unit) throw notFound("联席会议成员单位");
  return unit;
}

/** The linked tenant must be a department of the coordinator's own region. */
async function checkMemberTenant(memberTenantId: string | null | undefined): Promise<string | null> {
  if (!memberTenantId) return null;
  const [t, me] = isUuid(memberTenantId)
    ? await Promise.all([tenantLoader().load(memberTenantId), tenantLoader().load(currentTenantId())])
    : [null, null];
  if (!t || t.kind === "PLATFORM" || !me || t.regionCode !== me.regionCode)
    throw badInput("memberTenantId", "成员单位只能关联本地区的部门");
  return t.id;
}

/**
 * 联席会议 (seed 001 附件1): the member units and their 联络员, 备案 of departments' plans, and the county roll-up
 * and year-end 通报 of the coordinator's region.
 */
export const countyService = {
  /** The coordinator sees its register; a member unit on the platform sees its own row. */
  async memberUnits(): Promise<JointMemberUnitEntity[]> {
    return ctx().manager.find(JointMemberUnitEntity, { order: { sortOrder: "ASC", name: "ASC" } });
  },

  async addMemberUnit(input: MemberUnitInput): Promise<JointMemberUnitEntity> {
    const coordinatorId = await requireCoordinatorTenant();
    const { manager } = ctx();
    const name = trimmed(input.name);
    if (name.length < 2 || name.length > 100) throw badInput("name", "成员单位名称须为 2–100 个字符");
    if (await manager.exists(JointMemberUnitEntity, { where: { tenantId: coordinatorId, name } }))
      throw conflict("该成员单位已在名单中", { field: "name" });
    const memberTenantId = await checkMemberTenant(input.memberTenantId);
    if (memberTenantId && (await manager.exists(JointMemberUnitEntity, { where: { memberTenantId } })))
      throw conflict("该部门已是成员单位", { field: "memberTenantId" });
    const count = await manager.count(JointMemberUnitEntity, { where: { tenantId: coordinatorId } });
    const saved = await manager
      .save(
        manager.create(JointMemberUnitEntity, {
          tenantId: coordinatorId,
          name,
          memberTenantId,
          representative: trimmed(input.representative),
          liaisonName: trimmed(input.liaisonName),
          liaisonPhone: trimmed(input.liaisonPhone),
          liaisonChangedAt: trimmed(input.liaisonName) ? now() : null,
          sortOrder: input.sortOrder ?? count + 1,
        }),
      )
      .catch(rethrowChecks);
    await audit.record({
      action: "member_unit.add",
      entityType: "joint_member_unit",
      entityId: saved.id,
      after: saved,
    });
    return saved;
  },

  async updateMemberUnit(
    id: string,
    input: Partial<Omit<MemberUnitInput, "name">> & { name?: string | null },
  ): Promise<JointMemberUnitEntity> {
    await requireCoordinatorTenant();
    const unit = await ownUnitForUpdate(id);
    const before = { ...unit };
    if (input.name !== undefined && input.name !== null) {
      const name = trimmed(input.name);
      if (name.length < 2 || name.length > 100) throw badInput("name", "成员单位名称须为 2–100 个字符");
      unit.name = name;
    }
    if (input.memberTenantId !== undefined) unit.memberTenantId = await checkMemberTenant(input.memberTenantId);
    if (input.representative !== undefined) unit.representative = trimmed(input.representative);
    if (input.sortOrder !== undefined && input.sortOrder !== null) unit.sortOrder = input.sortOrder;
    if (input.liaisonName !== undefined || input.liaisonPhone !== undefined) {
      if (input.liaisonName !== undefined) unit.liaisonName = trimmed(input.liaisonName);
      if (input.liaisonPhone !== undefined) unit.liaisonPhone = trimmed(input.liaisonPhone);
      unit.liaisonChangedAt = now();
    }
    const saved = await ctx().manager.save(unit).catch(rethrowChecks);
    await audit.record({
      action: "member_unit.update",
      entityType: "joint_member_unit",
      entityId: id,
      before,
      after: saved,
    });
    return saved;
  },

  async removeMemberUnit(id: string): Promise<JointMemberUnitEntity> {
    await requireCoordinatorTenant();
    const unit = await ownUnitForUpdate(id);
    await ctx().manager.delete(JointMemberUnitEntity, { id: unit.id, tenantId: unit.tenantId });
    await audit.record({ action: "member_unit.remove", entityType: "joint_member_unit", entityId: id, before: unit });
    return unit;
  },

  /** 联络员需要调整的，由所在单位及时调整，报联席会议办公室备案: the member unit itself changes its liaison. */
  async setOwnLiaison(liaisonName: string, liaisonPhone: string): Promise<JointMemberUnitEntity> {
    const { manager } = ctx();
    const unit = await manager.findOne(JointMemberUnitEntity, {
      where: { memberTenantId: currentTenantId() },
      lock: { mode: "pessimistic_write" },
    });
    if (!unit) throw notFound("联席会议成员单位", "本部门不在联席会议成员单位名单中");
    const before = { ...unit };
    Object.assign(unit, {
      liaisonName: trimmed(liaisonName),
      liaisonPhone: trimmed(liaisonPhone),
      liaisonChangedAt: now(),
    });
    const saved = await manager.save(unit).catch(rethrowChecks);
    await audit.record({
      action: "member_unit.liaison",
      entityType: "joint_member_unit",
      entityId: unit.id,
      before,
      after: saved,
    });
    return saved;
  },

  /**
   * 全县汇总: per department of the coordinator's region, plans (visible ones: published or filed), filing against
   * the region's due date, the year's indicators (computed like each department's own 汇总表, against its own
   * deadline rules), joint participation and overdue items. `today` is injectable for reports and tests.
   */
  async rollup(year: number, today: IsoDate = chinaToday()): Promise<CountyRollup> {
    requireRole(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.VIEWER);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year", "年度须在 2000–2100 之间");
    const coordinatorId = await requireCoordinatorTenant();
    const { manager } = ctx();
    const coordinator = (await tenantLoader().load(coordinatorId))!;
    const region = coordinator.regionCode;
    const settings = withDefaults(coordinator.settings);
    const filingDue = endOfMonth(year, settings.filingDueMonth);
    const jointPlanDue = endOfMonth(year, settings.jointPlanDueMonth);
    const departments = await manager.find(TenantEntity, { where: { regionCode: region }, order: { code: "ASC" } });
    const tenants = departments.filter((t) => t.kind !== "PLATFORM");
    const [units, plans, facts, coverage, joint, jointPlans, cal, codes] = await Promise.all([
      manager.find(JointMemberUnitEntity, { where: { tenantId: coordinatorId }, order: { sortOrder: "ASC" } }),
      manager.query(
        `SELECT id, tenant_id, title, status, due_date::text AS due_date, published_at,
                filed_with_coordinator_at AS filed_at, required_rounds
           FROM annual_plan WHERE year = $1 AND tenant_id = ANY ($2) ORDER BY created_at`,
        [year, tenants.map((t) => t.id)],
      ) as Promise<
        Array<{
          id: string;
          tenant_id: string;
          title: string;
          status: string;
          due_date: string;
          published_at: Date | null;
          filed_at: Date | null;
          required_rounds: number | null;
        }>
      >,
      manager.query(
        `SELECT tenant_id, task_id, drawn_on::text AS drawn_on, assignment_status, inspected_on::text AS inspected_on,
                result_status, category_code, first_published_on::text AS first_published_on, follow_ups_open,
                follow_ups_closed, plan_id, task_origin, in_campaign, assignment_kind
           FROM county_assignment_facts($1)`,
        [year],
      ) as Promise<Array<Record<string, string | number | boolean | null>>>,
      manager.query(`SELECT * FROM county_item_coverage($1)`, [year]) as Promise<
        Array<{
          tenant_id: string;
          tasks_drawn: number;
          items_covered: number;
          items_total: number;
          tasks_higher_level: number;
          tasks_cross_region: number;
          tasks_campaign: number;
        }>
      >,
      jointPlanService.yearCounts(year),
      manager.query(
        `SELECT p.id, (pp.plan_id IS NOT NULL) AS published FROM joint_plan p
           LEFT JOIN joint_plan_publication pp ON pp.plan_id = p.id WHERE p.tenant_id = $1 AND p.year = $2`,
        [coordinatorId, year],
      ) as Promise<Array<{ published: boolean }>>,
      calendarService.current(region),
      resultCodeTable.all(),
    ]);
    const rows: CountyDepartmentRow[] = tenants.map((t) => {
      const own = plans.filter((p) => p.tenant_id === t.id);
      const filed = own
        .filter((p) => p.filed_at)
        .map((p) => chinaDate(p.filed_at!))
        .sort();
      const filedOn = filed[0] ?? null;
      const ownFacts = facts.filter((f) => f.tenant_id === t.id);
      const list: AssignmentFact[] = ownFacts.map((f, i) => ({
        key: String(i),
        drawnOn: f.drawn_on as string,
        assignmentStatus: f.assignment_status as string,
        inspectedOn: f.inspected_on as string | null,
        resultStatus: f.result_status as string | null,
        categoryCode: f.category_code as string | null,
        firstPublishedOn: f.first_published_on as string | null,
        followUpsOpen: Number(f.follow_ups_open),
        followUpsClosed: Number(f.follow_ups_closed),
      }));
      const randomChecks = ownFacts.filter(
        (f) => f.assignment_kind === "RANDOM" || f.assignment_kind === "JOINT",
      ).length;
      const jointChecks = ownFacts.filter((f) => f.assignment_kind === "JOINT").length;
      const cov = coverage.find((c) => c.tenant_id === t.id);
      const kpis = inspectionKpis(
        list,
        { covered: cov?.items_covered ?? 0, total: cov?.items_total ?? 0 },
        today,
        cal,
        withDefaults(t.settings).inspectionDeadlines,
        codes.filter((c) => c.tenantId === null || c.tenantId === t.id),
      );
      const plansOverdue = own.filter((p) => !p.published_at && p.status !== "CLOSED" && today > p.due_date).length;
      const filing = filingState(filedOn, filingDue, today);
      const j = joint.find((c) => c.id === t.id);
      const rounds = own
        .filter((p) => p.required_rounds)
        .map((p) => ({
          planId: p.id,
          planTitle: p.title,
          ...roundsStatus(year, p.required_rounds!, roundDates(ownFacts, p.id), today),
        }));
      const roundsOverdue = rounds.reduce((n, r) => n + r.overdue, 0);
      const byOrigin = (o: string) => ownFacts.filter((f) => f.task_origin === o).length;
      return {
        department: t,
        memberUnit: units.find((u) => u.memberTenantId === t.id) ?? null,
        plans: own.length,
        plansPublished: own.filter((p) => p.status === "PUBLISHED" || p.status === "CLOSED").length,
        plansFiled: filed.length,
        filing,
        filedOn,
        plansOverdue,
        tasksDrawn: cov?.tasks_drawn ?? 0,
        tasksHigherLevel: cov?.tasks_higher_level ?? 0,
        tasksCrossRegion: cov?.tasks_cross_region ?? 0,
        tasksOwn: (cov?.tasks_drawn ?? 0) - (cov?.tasks_higher_level ?? 0) - (cov?.tasks_cross_region ?? 0),
        tasksCampaign: cov?.tasks_campaign ?? 0,
        drawnHigherLevel: byOrigin("HIGHER_LEVEL"),
        drawnCrossRegion: byOrigin("CROSS_REGION"),
        rounds,
        jointInitiated: j?.initiated ?? 0,
        jointJoined: j?.joined ?? 0,
        jointPublished: j?.published ?? 0,
        randomChecks,
        jointChecks,
        jointShare: ratio(jointChecks, randomChecks),
        ...kpis,
        completionRate: ratio(kpis.inspected, kpis.drawn),
        overdueItems: plansOverdue + (filing === "OVERDUE" ? 1 : 0) + kpis.overdue + roundsOverdue,
      };
    });
    const sum = (
      k:
        | "tasksDrawn"
        | "drawn"
        | "inspected"
        | "published"
        | "overdueItems"
        | "tasksHigherLevel"
        | "tasksCrossRegion"
        | "tasksOwn"
        | "tasksCampaign",
    ) => rows.reduce((s, r) => s + (r[k] as number), 0);
    const jointPlanPublished = jointPlans.some((p) => p.published);
    return {
      year,
      regionCode: region,
      coordinator,
      filingDueDate: filingDue,
      jointPlanDueDate: jointPlanDue,
      jointPlanPublished,
      jointPlanOverdue: !jointPlanPublished && today > jointPlanDue,
      departments: rows,
      unitsOffPlatform: units.filter((u) => !u.memberTenantId),
      totals: {
        departments: rows.length,
        plansFiled: rows.filter((r) => r.plansFiled > 0).length,
        filingOverdue: rows.filter((r) => r.filing === "OVERDUE").length,
        tasksDrawn: sum("tasksDrawn"),
        tasksOwn: sum("tasksOwn"),
        tasksHigherLevel: sum("tasksHigherLevel"),
        tasksCrossRegion: sum("tasksCrossRegion"),
        tasksCampaign: sum("tasksCampaign"),
        roundsShort: rows.filter((r) => r.rounds.some((x) => x.short)).length,
        roundsOverdue: rows.reduce((n, r) => n + r.rounds.reduce((m, x) => m + x.overdue, 0), 0),
        drawn: sum("drawn"),
        inspected: sum("inspected"),
        published: sum("published"),
        overdueItems: sum("overdueItems"),
        publicationRate: ratio(sum("published"), sum("inspected")),
        completionRate: ratio(sum("inspected"), sum("drawn")),
        jointDepartments: rows.filter((r) => r.jointPublished > 0).length,
        jointShare: ratio(
          rows.reduce((n, r) => n + r.jointChecks, 0),
          rows.reduce((n, r) => n + r.randomChecks, 0),
        ),
      },
    };
  },
};

/**
 * The table's CHECKs (phone format) as a typed error rather than a masked one. A duplicate name or department is the
 * unique constraints' own message (src/schema/unique-messages.ts).
 */
function rethrowChecks(e: unknown): never {
  const err = e as { code?: string; constraint?: string };
  if (err.code === "23514")
    throw badInput("liaisonPhone", "联系电话只能包含数字、空格、括号、+ 和 -（最多 30 个字符）");
  if (err.code === "42501") throw forbidden();
  throw e;
}
