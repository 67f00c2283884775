import {
  addWorkingDays,
  type DueStatus,
  dueStatus,
  type IsoDate,
  isIsoDate,
  nationalCalendar,
  type WorkingCalendar,
  type WorkingDayResult,
} from "../../calendar";
import { tenantLoader } from "../../context/loaders";
import { ctx } from "../../context/request-context";
import { overridesFor, type StoredOverride } from "../../domain/calendar-overrides";
import { CalendarDayOverrideEntity } from "../../entities/system/calendar-day-override.entity";
import { badInput } from "../../errors";
import { chinaToday } from "../../time";

/** How long a process trusts its copy of the overrides; writes in this process invalidate it at once. */
const TTL_MS = 60_000;

interface Snapshot {
  generation: number;
  loadedAt: number;
  overrides: StoredOverride[];
  calendars: Map<string, WorkingCalendar>;
}
/** Per database (several servers may share a process, e.g. in tests). */
const snapshots = new WeakMap<object, Snapshot>();
/** Bumped by invalidate(): a load that started before a write must not store what it read. */
let generation = 0;

/** Days a "due soon" flag looks ahead by default (working days). */
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2;

/**
 * The working-day calendar in effect (national data + PLATFORM_ADMIN overrides), for deadlines of every area
 * (report due 5 working days after an inspection, publication due 20, …).
 */
export const calendarService = {
  /** The calendar for a region (national overrides plus the region's own); null = national overrides only. */
  async current(regionCode: string | null = null): Promise<WorkingCalendar> {
    const snap = await load();
    const key = regionCode ?? "";
    let cal = snap.calendars.get(key);
    if (!cal) {
      cal = nationalCalendar(overridesFor(snap.overrides, regionCode));
      snap.calendars.set(key, cal);
    }
    return cal;
  },

  /** The stored overrides (cached). */
  async overrides(): Promise<readonly StoredOverride[]> {
    return (await load()).overrides;
  },

  /**
   * The date `workingDays` working days after `from` (from itself not counted), in the region of `regionCode`;
   * when omitted, the caller's department's region. `approximate` when a day outside the official data was used.
   */
  async dueDate(from: IsoDate, workingDays: number, regionCode?: string | null): Promise<WorkingDayResult> {
    checkDate("from", from);
    if (!Number.isSafeInteger(workingDays) || workingDays < 0 || workingDays > 3650)
      throw badInput("days", "工作日天数须为 0–3650 的整数");
    return addWorkingDays(
      from,
      workingDays,
      await calendarService.current(await calendarService.regionFor(regionCode)),
    );
  },

  /** OK / DUE_SOON / OVERDUE of a due date as of `today` (default: today in China). */
  async dueState(
    due: IsoDate,
    today: IsoDate = chinaToday(),
    dueSoonWorkingDays = DEFAULT_DUE_SOON_WORKING_DAYS,
    regionCode?: string | null,
  ): Promise<DueStatus> {
    checkDate("due", due);
    checkDate("today", today);
    const cal = await calendarService.current(await calendarService.regionFor(regionCode));
    return dueStatus(due, today, dueSoonWorkingDays, cal);
  },

  /** The region whose calendar applies: the given one, else the caller's department's, else national (null). */
  async regionFor(regionCode?: string | null): Promise<string | null> {
    if (regionCode !== undefined) return regionCode;
    const p = ctx().principal;
    if (p.kind === "anonymous") return null;
    return (await tenantLoader().load(p.tenantId))?.regionCode ?? null;
  },

  /** Forget the cached overrides in this process (after a write commits). */
  invalidate(): void {
    generation++;
  },
};

function checkDate(field: string, value: string): void {
  if (!isIsoDate(value))
    throw badInput(field, `日期“${String(value).slice(0, 20)}”无效，应为 YYYY-MM-DD 格式的真实日期`);
}

async function load(): Promise<Snapshot> {
  const { manager } = ctx();
  const cached = snapshots.get(manager.connection);
  if (cached && cached.generation === generation && Date.now() - cached.loadedAt < TTL_MS) return cached;
  const started = generation;
  const rows = await manager.find(CalendarDayOverrideEntity, { order: { date: "ASC" } });
  const snap: Snapshot = {
    generation: started,
    loadedAt: Date.now(),
    overrides: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, regionCode: r.regionCode })),
    calendars: new Map(),
  };
  if (started === generation) snapshots.set(manager.connection, snap);
  return snap;
}
