import { AuditEventEntity } from "../entities/audit/audit-event.entity";
import { CalendarDayOverrideEntity } from "../entities/system/calendar-day-override.entity";
import { AuditResolver } from "../resolvers/audit/audit.resolver";
import { CalendarResolver } from "../resolvers/system/calendar.resolver";
import type { Area } from "./area";

/** The audit area (全程留痕) and the working-day calendar overrides: entities and resolvers. */
export const auditArea: Area = {
  entities: [AuditEventEntity, CalendarDayOverrideEntity],
  resolvers: [AuditResolver, CalendarResolver],
};
