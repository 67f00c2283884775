import { Arg, Args, Authorized, Query, Resolver } from "type-graphql";
import { Role } from "../../auth/roles";
import { AuditEventFilter } from "../../schema/audit/audit.input";
import { AuditChainVerificationType, AuditEventPage, AuditEventType } from "../../schema/audit/audit.type";
import { listComplexity, PageArgs } from "../../schema/pagination";
import { auditTrailService } from "../../services/audit/audit-trail.service";

@Resolver()
export class AuditResolver {
  @Authorized(Role.ADMIN, Role.SUPERVISOR, Role.PLATFORM_ADMIN)
  @Query(() => AuditEventPage, { description: "本部门留痕记录（新的在前）", complexity: listComplexity })
  async auditEvents(
    @Arg("filter", () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Args() { limit, offset }: PageArgs,
  ): Promise<AuditEventPage> {
    const [rows, total] = await auditTrailService.list(filter ?? {}, limit, offset);
    return Object.assign(new AuditEventPage(), { items: rows.map(AuditEventType.from), total });
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR, Role.PLATFORM_ADMIN)
  @Query(() => AuditChainVerificationType, { description: "校验本部门留痕哈希链，指出第一个断开的环节" })
  async verifyAuditChain(): Promise<AuditChainVerificationType> {
    return AuditChainVerificationType.from(await auditTrailService.verify());
  }
}
