import { ctx, currentTenantId } from "../../context/request-context";
import type { ChainVerification } from "../../domain/audit-chain";
import { AuditEventEntity } from "../../entities/audit/audit-event.entity";
import { verifyStoredChain } from "./audit-chain-reader.service";

export interface AuditEventQuery {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** Reading and verifying the caller's own tenant's audit trail (ADMIN, SUPERVISOR; PLATFORM_ADMIN for the platform chain). */
export const auditTrailService = {
  async list(filter: AuditEventQuery, limit: number, offset: number): Promise<[AuditEventEntity[], number]> {
    const q = ctx()
      .manager.createQueryBuilder(AuditEventEntity, "e")
      .where("e.tenant_id = :tenant", { tenant: currentTenantId() });
    if (filter.action) q.andWhere("e.action = :action", { action: filter.action });
    if (filter.entityType) q.andWhere("e.entity_type = :entityType", { entityType: filter.entityType });
    if (filter.entityId) q.andWhere("e.entity_id = :entityId", { entityId: filter.entityId });
    if (filter.actor) q.andWhere("e.actor = :actor", { actor: filter.actor });
    if (filter.from) q.andWhere("e.occurred_at >= :from", { from: filter.from });
    if (filter.to) q.andWhere("e.occurred_at < :to", { to: filter.to });
    return q.orderBy("e.seq", "DESC").take(limit).skip(offset).getManyAndCount();
  },

  async verify(): Promise<ChainVerification> {
    const { manager } = ctx();
    return verifyStoredChain((sql, params) => manager.query(sql, params), currentTenantId());
  },
};
