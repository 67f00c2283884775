import { Role } from "../../auth/roles";
import { ctx, currentTenantId, currentUserId, hasRole } from "../../context/request-context";
import { checkDate } from "../../domain/catalog/fields";
import { InspectorConflictEntity } from "../../entities/catalog/inspector-conflict.entity";
import { badInput, forbidden, notFound } from "../../errors";
import type { ConflictInput } from "../../schema/catalog/inspector.input";
import { chinaToday } from "../../time";
import { audit } from "../audit/audit.service";
import { optional, requireUuid } from "./catalog.guards";
import { inspectorService } from "./inspector.service";
import { subjectService } from "./subject.service";

/** 回避声明: declared by the inspector (through the linked user account) or by an ADMIN. */
export const conflictService = {
  async declare(input: ConflictInput): Promise<InspectorConflictEntity> {
    const inspector = await inspectorService.get(input.inspectorId);
    if (!hasRole(Role.ADMIN) && inspector.userId !== currentUserId()) throw forbidden("执法检查人员只能为本人声明回避");
    await subjectService.get(input.subjectId);
    const validFrom = optional("validFrom", input.validFrom, checkDate) ?? chinaToday();
    const validTo = optional("validTo", input.validTo, checkDate);
    if (validTo && validTo < validFrom) throw badInput("validTo", "有效期截止日期不能早于起始日期");
    const { manager } = ctx();
    const saved = await manager.save(
      manager.create(InspectorConflictEntity, {
        tenantId: currentTenantId(),
        inspectorId: inspector.id,
        subjectId: input.subjectId,
        reason: input.reason,
        note: input.note?.trim() || null,
        declaredBy: currentUserId(),
        validFrom,
        validTo,
      }),
    );
    await audit.record({
      action: "inspector_conflict.declare",
      entityType: "inspector_conflict",
      entityId: saved.id,
      after: saved,
    });
    return saved;
  },

  /** Ends a declaration (kept for the record): valid_to becomes `validTo` (default today). */
  async end(id: string, validTo?: string | null): Promise<InspectorConflictEntity> {
    const c = await this.get(id);
    const end = optional("validTo", validTo, checkDate) ?? chinaToday();
    if (end < c.validFrom) throw badInput("validTo", "有效期截止日期不能早于起始日期");
    const before = { ...c };
    c.validTo = end;
    const saved = await ctx().manager.save(c);
    await audit.record({
      action: "inspector_conflict.end",
      entityType: "inspector_conflict",
      entityId: id,
      before,
      after: saved,
    });
    return saved;
  },

  async get(id: string): Promise<InspectorConflictEntity> {
    requireUuid(id, "回避声明");
    const c = await ctx().manager.findOne(InspectorConflictEntity, { where: { id, tenantId: currentTenantId() } });
    if (!c) throw notFound("回避声明");
    return c;
  },

  async list(
    filter: { inspectorId?: string; subjectId?: string; activeOn?: string },
    limit: number,
    offset: number,
  ): Promise<[InspectorConflictEntity[], number]> {
    const qb = ctx()
      .manager.createQueryBuilder(InspectorConflictEntity, "c")
      .where("c.tenant_id = :tenant", { tenant: currentTenantId() });
    if (filter.inspectorId) {
      requireUuid(filter.inspectorId, "执法检查人员");
      qb.andWhere("c.inspector_id = :i", { i: filter.inspectorId });
    }
    if (filter.subjectId) {
      requireUuid(filter.subjectId, "检查对象");
      qb.andWhere("c.subject_id = :s", { s: filter.subjectId });
    }
    if (filter.activeOn) {
      const d = optional("activeOn", filter.activeOn, checkDate);
      qb.andWhere("c.valid_from <= :d AND (c.valid_to IS NULL OR c.valid_to >= :d)", { d });
    }
    return qb.orderBy("c.valid_from", "DESC").addOrderBy("c.id").limit(limit).offset(offset).getManyAndCount();
  },
};
