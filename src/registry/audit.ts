import { Audit1763856000003 } from "../db/migrations/0003-audit";
import { AuditEventEntity } from "../entities/audit-event";
import { CalendarDayOverrideEntity } from "../entities/calendar-day-override";
import { AuditResolver } from "../resolvers/audit.resolver";
import { CalendarResolver } from "../resolvers/calendar.resolver";
import type { Area } from "./area";

/** The audit area (全程留痕) and the working-day calendar overrides: entities, migrations and resolvers. */
export const auditArea: Area = {
  entities: [AuditEventEntity, CalendarDayOverrideEntity],
  migrations: [Audit1763856000003],
  resolvers: [AuditResolver, CalendarResolver],
};
