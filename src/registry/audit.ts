import { AuditEventEntity } from "../entities/audit-event";
import { CalendarDayOverrideEntity } from "../entities/calendar-day-override";
import { AuditResolver } from "../resolvers/audit.resolver";
import { CalendarResolver } from "../resolvers/calendar.resolver";
import type { Area } from "./area";

/** The audit area (全程留痕) and the working-day calendar overrides: entities and resolvers. */
export const auditArea: Area = {
  entities: [AuditEventEntity, CalendarDayOverrideEntity],
  resolvers: [AuditResolver, CalendarResolver],
};
