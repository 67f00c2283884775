import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role, TENANT_STAFF } from "../../auth/roles";
import { subjectChangesLoader, subjectHistoryLoader, subjectLoader } from "../../context/catalog-loaders";
import { tenantLoader } from "../../context/loaders";
import { notFound } from "../../errors";
import {
  DirectoryEntryInput,
  DirectoryFilter,
  NewDirectoryEntryInput,
  SubjectFilter,
  SubjectInput,
} from "../../schema/catalog/directory.input";
import { DirectoryEntryPage, DirectoryEntryType } from "../../schema/catalog/directory-entry.type";
import {
  SubjectChangeType,
  SubjectPage,
  SubjectStatusChangeType,
  SubjectType,
} from "../../schema/catalog/subject.type";
import { ConnectionArgs, connectionFields, listComplexity, pageRequest } from "../../schema/pagination";
import { TenantType } from "../../schema/system/tenant.type";
import { directoryService } from "../../services/catalog/directory.service";
import { subjectService } from "../../services/catalog/subject.service";

@Resolver(() => DirectoryEntryType)
export class DirectoryEntryResolver {
  @Authorized(...TENANT_STAFF)
  @Query(() => DirectoryEntryPage, { description: "本部门检查对象名录库", complexity: listComplexity })
  async directoryEntries(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => DirectoryFilter, { nullable: true }) filter?: DirectoryFilter,
  ): Promise<DirectoryEntryPage> {
    const result = await directoryService.list(filter ?? {}, pageRequest(page));
    return Object.assign(new DirectoryEntryPage(), connectionFields(result, DirectoryEntryType.from));
  }

  @Authorized()
  @Query(() => DirectoryEntryType, { description: "本部门名录库条目" })
  async directoryEntry(@Arg("id", () => ID) id: string): Promise<DirectoryEntryType> {
    return DirectoryEntryType.from(await directoryService.get(id));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DirectoryEntryType, { description: "将检查对象纳入本部门名录库（按统一社会信用代码去重）" })
  async addDirectoryEntry(@Arg("input") input: NewDirectoryEntryInput): Promise<DirectoryEntryType> {
    return DirectoryEntryType.from(await directoryService.create(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DirectoryEntryType, { description: "修改本部门名录库条目（风险分类、标签、子库等）" })
  async updateDirectoryEntry(
    @Arg("id", () => ID) id: string,
    @Arg("input") input: DirectoryEntryInput,
  ): Promise<DirectoryEntryType> {
    return DirectoryEntryType.from(await directoryService.update(id, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DirectoryEntryType, { description: "从本部门名录库移除（检查对象本身及其历史保留）" })
  async removeDirectoryEntry(@Arg("id", () => ID) id: string): Promise<DirectoryEntryType> {
    return DirectoryEntryType.from(await directoryService.remove(id));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubjectType, { description: "修改本部门名录库中检查对象的共享信息（状态变更留存历史）" })
  async updateSubject(
    @Arg("entryId", () => ID) entryId: string,
    @Arg("input") input: SubjectInput,
    @Arg("note", () => String, { nullable: true }) note?: string | null,
  ): Promise<SubjectType> {
    return SubjectType.from(await directoryService.updateSubject(entryId, input, note));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubjectType, {
    description: "联席会议办公室：将检查对象的维护部门移交给本行政区划内的另一部门（须说明理由，记入登记变更历史）",
  })
  async handOverSubjectStewardship(
    @Arg("subjectId", () => ID) subjectId: string,
    @Arg("toDepartmentId", () => ID) toDepartmentId: string,
    @Arg("note") note: string,
  ): Promise<SubjectType> {
    return SubjectType.from(await subjectService.handOverStewardship(subjectId, toDepartmentId, note));
  }

  @FieldResolver(() => SubjectType)
  async subject(@Root() e: DirectoryEntryType): Promise<SubjectType> {
    const s = await subjectLoader().load(e.subjectId);
    if (!s) throw notFound("检查对象");
    return SubjectType.from(s);
  }
}

@Resolver(() => SubjectType)
export class SubjectResolver {
  @Authorized()
  @Query(() => SubjectPage, { description: "共享检查对象库（各部门可查）", complexity: listComplexity })
  async subjects(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => SubjectFilter, { nullable: true }) filter?: SubjectFilter,
  ): Promise<SubjectPage> {
    const result = await subjectService.search(filter ?? {}, pageRequest(page));
    return Object.assign(new SubjectPage(), connectionFields(result, SubjectType.from));
  }

  @Authorized()
  @Query(() => SubjectType, { description: "检查对象" })
  async subject(@Arg("id", () => ID) id: string): Promise<SubjectType> {
    return SubjectType.from(await subjectService.get(id));
  }

  @FieldResolver(() => TenantType, {
    nullable: true,
    description: "维护部门（登记该对象的部门；它和联席会议办公室可修改已登记的信息）",
  })
  async steward(@Root() s: SubjectType): Promise<TenantType | null> {
    const t = s.stewardTenantId ? await tenantLoader().load(s.stewardTenantId) : null;
    return t ? TenantType.from(t) : null;
  }

  @FieldResolver(() => [SubjectChangeType], { description: "登记信息变更历史（哪个部门、何时、改了什么）" })
  async changes(@Root() s: SubjectType): Promise<SubjectChangeType[]> {
    return (await subjectChangesLoader().load(s.id)).map(SubjectChangeType.from);
  }

  @FieldResolver(() => [SubjectStatusChangeType], { description: "状态变更历史" })
  async statusHistory(@Root() s: SubjectType): Promise<SubjectStatusChangeType[]> {
    return (await subjectHistoryLoader().load(s.id)).map(SubjectStatusChangeType.from);
  }
}

@Resolver(() => SubjectChangeType)
export class SubjectChangeResolver {
  @FieldResolver(() => TenantType, { nullable: true, description: "做出变更的部门（空：系统迁移）" })
  async department(@Root() c: SubjectChangeType): Promise<TenantType | null> {
    const t = c.tenantId ? await tenantLoader().load(c.tenantId) : null;
    return t ? TenantType.from(t) : null;
  }
}
