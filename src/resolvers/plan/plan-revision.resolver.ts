import { FieldResolver, Resolver, Root } from "type-graphql";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import { PlanRevisionType } from "../../schema/plan/plan-revision.type";
import { TenantType } from "../../schema/system/tenant.type";

@Resolver(() => PlanRevisionType)
export class PlanRevisionResolver {
  /** The department that revised the plan: the only actor shown in public (the user stays in the audit trail). */
  @FieldResolver(() => TenantType, { description: "修订部门" })
  async department(@Root() r: PlanRevisionType): Promise<TenantType> {
    const t = await tenantLoader().load(r.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }
}
