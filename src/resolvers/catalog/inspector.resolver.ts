import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role, TENANT_STAFF } from "../../auth/roles";
import { inspectorLoader, subjectLoader } from "../../context/catalog-loaders";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import {
  ConflictInput,
  InspectorFilter,
  InspectorInput,
  InspectorShareInput,
} from "../../schema/catalog/inspector.input";
import {
  InspectorConflictPage,
  InspectorConflictType,
  InspectorPage,
  InspectorShareType,
  InspectorType,
} from "../../schema/catalog/inspector.type";
import { SubjectType } from "../../schema/catalog/subject.type";
import { listComplexity, PageArgs } from "../../schema/pagination";
import { TenantType } from "../../schema/system/tenant.type";
import { conflictService } from "../../services/catalog/conflict.service";
import { inspectorService } from "../../services/catalog/inspector.service";

@Resolver(() => InspectorType)
export class InspectorResolver {
  @Authorized(...TENANT_STAFF)
  @Query(() => InspectorPage, { description: "本部门执法检查人员名录库", complexity: listComplexity })
  async inspectors(
    @Args() { limit, offset }: PageArgs,
    @Arg("filter", () => InspectorFilter, { nullable: true }) filter?: InspectorFilter,
  ): Promise<InspectorPage> {
    const [rows, total] = await inspectorService.list(filter ?? {}, limit, offset);
    return Object.assign(new InspectorPage(), { items: rows.map(InspectorType.from), total });
  }

  @Authorized()
  @Query(() => InspectorType, { description: "执法检查人员（本部门或借给本部门的）" })
  async inspector(@Arg("id", () => ID) id: string): Promise<InspectorType> {
    return InspectorType.from(await inspectorService.get(id, true));
  }

  @Authorized()
  @Query(() => InspectorType, { nullable: true, description: "与当前用户关联的执法检查人员" })
  async myInspector(): Promise<InspectorType | null> {
    const i = await inspectorService.ofCurrentUser();
    return i ? InspectorType.from(i) : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => InspectorType, { description: "新增执法检查人员" })
  async createInspector(@Arg("input") input: InspectorInput): Promise<InspectorType> {
    return InspectorType.from(await inspectorService.create(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => InspectorType, { description: "修改执法检查人员（不填身份证号则保留原值）" })
  async updateInspector(@Arg("id", () => ID) id: string, @Arg("input") input: InspectorInput): Promise<InspectorType> {
    return InspectorType.from(await inspectorService.update(id, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => InspectorShareType, { description: "将本部门人员借给其他部门的子库（联合抽查）" })
  async shareInspector(@Arg("input") input: InspectorShareInput): Promise<InspectorShareType> {
    return InspectorShareType.from(await inspectorService.share(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => InspectorShareType, { description: "收回借出的人员" })
  async unshareInspector(@Arg("id", () => ID) id: string): Promise<InspectorShareType> {
    return InspectorShareType.from(await inspectorService.unshare(id));
  }

  @FieldResolver(() => TenantType, { description: "所属部门" })
  async department(@Root() i: InspectorType): Promise<TenantType> {
    const t = await tenantLoader().load(i.tenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }

  @FieldResolver(() => [InspectorShareType], { description: "借出记录（仅所属部门可见）" })
  async shares(@Root() i: InspectorType): Promise<InspectorShareType[]> {
    return (await inspectorService.shares(i.id)).map(InspectorShareType.from);
  }
}

@Resolver(() => InspectorShareType)
export class InspectorShareResolver {
  @FieldResolver(() => TenantType, { description: "借入部门" })
  async partner(@Root() s: InspectorShareType): Promise<TenantType> {
    const t = await tenantLoader().load(s.partnerTenantId);
    if (!t) throw notFound("部门");
    return TenantType.from(t);
  }
}

@Resolver(() => InspectorConflictType)
export class InspectorConflictResolver {
  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.INSPECTOR)
  @Query(() => InspectorConflictPage, { description: "本部门回避声明", complexity: listComplexity })
  async inspectorConflicts(
    @Args() { limit, offset }: PageArgs,
    @Arg("inspectorId", () => ID, { nullable: true }) inspectorId?: string,
    @Arg("subjectId", () => ID, { nullable: true }) subjectId?: string,
    @Arg("activeOn", () => String, { nullable: true, description: "只看该日有效的声明" }) activeOn?: string,
  ): Promise<InspectorConflictPage> {
    const [rows, total] = await conflictService.list({ inspectorId, subjectId, activeOn }, limit, offset);
    return Object.assign(new InspectorConflictPage(), { items: rows.map(InspectorConflictType.from), total });
  }

  @Authorized(Role.ADMIN, Role.INSPECTOR)
  @Mutation(() => InspectorConflictType, { description: "声明回避（检查人员本人或管理员）" })
  async declareConflict(@Arg("input") input: ConflictInput): Promise<InspectorConflictType> {
    return InspectorConflictType.from(await conflictService.declare(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => InspectorConflictType, { description: "结束回避声明的有效期（记录保留）" })
  async endConflict(
    @Arg("id", () => ID) id: string,
    @Arg("validTo", () => String, { nullable: true }) validTo?: string,
  ): Promise<InspectorConflictType> {
    return InspectorConflictType.from(await conflictService.end(id, validTo));
  }

  @FieldResolver(() => InspectorType)
  async inspector(@Root() c: InspectorConflictType): Promise<InspectorType> {
    const i = await inspectorLoader().load(c.inspectorId);
    if (!i) throw notFound("执法检查人员");
    return InspectorType.from(i);
  }

  @FieldResolver(() => SubjectType)
  async subject(@Root() c: InspectorConflictType): Promise<SubjectType> {
    const s = await subjectLoader().load(c.subjectId);
    if (!s) throw notFound("检查对象");
    return SubjectType.from(s);
  }
}
