import { AuditEventEntity } from "../entities/audit/audit-event.entity";
import { AuditResolver } from "../resolvers/audit/audit.resolver";
import type { Area } from "./area";

/** The audit area (全程留痕): the audit trail and its chain. */
export const auditArea: Area = { entities: [AuditEventEntity], resolvers: [AuditResolver] };
