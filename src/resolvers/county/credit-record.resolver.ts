import { Arg, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import { CreditRecordType } from "../../schema/county/credit-record.type";
import { TenantType } from "../../schema/system/tenant.type";
import { creditRecords } from "../../services/county/credit-record.service";

@Resolver(() => CreditRecordType)
export class CreditRecordResolver {
  @Public()
  @Query(() => [CreditRecordType], { description: "检查对象的信用记录（公开；最多 500 条，新的在前）" })
  async creditRecords(@Arg("subjectId", () => ID) subjectId: string): Promise<CreditRecordType[]> {
    return (await creditRecords.forSubject(subjectId)).map(CreditRecordType.from);
  }

  @FieldResolver(() => TenantType, { description: "记录部门" })
  async department(@Root() r: CreditRecordType): Promise<TenantType> {
    const t = await tenantLoader().load(r.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }
}
