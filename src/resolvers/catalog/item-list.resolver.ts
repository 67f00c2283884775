import { Arg, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Public } from "../../auth/operation-rule";
import { Role } from "../../auth/roles";
import { tenantLoader } from "../../context/loaders";
import type { ItemListVersionEntity } from "../../entities/catalog/item-list-version.entity";
import { badInput, notFound } from "../../errors";
import { CheckItemInput, JointItemEntryInput } from "../../schema/catalog/item-list.input";
import {
  CheckItemChangeType,
  CheckItemType,
  ItemListDiffType,
  ItemListVersionType,
  JointItemEntryType,
} from "../../schema/catalog/item-list.type";
import { listComplexity, MAX_PAGE_SIZE } from "../../schema/pagination";
import { TenantType } from "../../schema/system/tenant.type";
import { checkItemLoader, itemListService, itemsByVersionLoader } from "../../services/catalog/item-list.service";
import { jointItemService } from "../../services/joint/joint-item.service";

async function versionType(v: ItemListVersionEntity): Promise<ItemListVersionType> {
  return ItemListVersionType.from(v, await itemListService.draftChangeOverdue(v));
}

async function department(id: string): Promise<TenantType> {
  const t = await tenantLoader().load(id);
  if (!t) throw notFound("部门");
  return TenantType.from(t);
}

@Resolver(() => ItemListVersionType)
export class ItemListVersionResolver {
  @Public()
  @Query(() => [ItemListVersionType], {
    description: "某部门的随机抽查事项清单版本（公开：已发布版本；本部门另见草稿）",
  })
  async itemListVersions(@Arg("tenantCode") tenantCode: string): Promise<ItemListVersionType[]> {
    return Promise.all((await itemListService.versions(tenantCode)).map(versionType));
  }

  @Public()
  @Query(() => ItemListVersionType, { nullable: true, description: "某部门现行的已发布清单（公开）" })
  async currentItemList(@Arg("tenantCode") tenantCode: string): Promise<ItemListVersionType | null> {
    const v = await itemListService.current(tenantCode);
    return v ? versionType(v) : null;
  }

  @Public()
  @Query(() => [CheckItemType], {
    complexity: listComplexity,
    description: "公示查询：各部门现行清单中名称或编码包含关键词的抽查事项（公开）",
  })
  async publicItemSearch(
    @Arg("text") text: string,
    @Arg("limit", () => Int, { defaultValue: 50, description: `最多条数（1–${MAX_PAGE_SIZE}）` }) limit: number,
  ): Promise<CheckItemType[]> {
    if (text.length > 100) throw badInput("text", "关键词最多 100 个字符");
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw badInput("limit", `最多条数须在 1–${MAX_PAGE_SIZE} 之间`);
    return (await itemListService.searchCurrent(text, limit)).map(CheckItemType.from);
  }

  @Public()
  @Query(() => ItemListVersionType, { description: "清单版本（公开：已发布版本）" })
  async itemListVersion(@Arg("id", () => ID) id: string): Promise<ItemListVersionType> {
    return versionType(await itemListService.version(id));
  }

  @Public()
  @Query(() => ItemListDiffType, { description: "同一部门两个清单版本的差异（公开）" })
  async itemListDiff(
    @Arg("fromVersionId", () => ID) fromVersionId: string,
    @Arg("toVersionId", () => ID) toVersionId: string,
  ): Promise<ItemListDiffType> {
    const { from, to, diff } = await itemListService.diff(fromVersionId, toVersionId);
    return Object.assign(new ItemListDiffType(), {
      from: await versionType(from),
      to: await versionType(to),
      added: diff.added.map(CheckItemType.from),
      removed: diff.removed.map(CheckItemType.from),
      changed: diff.changed.map((c) =>
        Object.assign(new CheckItemChangeType(), {
          code: c.code,
          fields: c.fields,
          before: CheckItemType.from(c.before),
          after: CheckItemType.from(c.after),
        }),
      ),
    });
  }

  @Authorized(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR)
  @Query(() => ItemListVersionType, { nullable: true, description: "本部门清单草稿" })
  async itemListDraft(): Promise<ItemListVersionType | null> {
    const v = await itemListService.draft();
    return v ? versionType(v) : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ItemListVersionType, { description: "新建清单草稿（复制最新已发布版本；已有草稿则返回它）" })
  async createItemListDraft(): Promise<ItemListVersionType> {
    return versionType(await itemListService.createDraft());
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CheckItemType, { description: "在草稿中新增或按编码替换事项（无草稿时自动新建）" })
  async saveCheckItem(@Arg("input") input: CheckItemInput): Promise<CheckItemType> {
    return CheckItemType.from(await itemListService.saveItem(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CheckItemType, { description: "修改草稿中的事项（已发布版本不能修改）" })
  async updateCheckItem(@Arg("id", () => ID) id: string, @Arg("input") input: CheckItemInput): Promise<CheckItemType> {
    return CheckItemType.from(await itemListService.updateItem(id, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CheckItemType, { description: "从草稿中删除事项" })
  async removeCheckItem(@Arg("id", () => ID) id: string): Promise<CheckItemType> {
    return CheckItemType.from(await itemListService.removeItem(id));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ItemListVersionType, { description: "发布草稿为新版本（第N版），发布后不可修改" })
  async publishItemList(@Arg("effectiveDate", { description: "生效日期 YYYY-MM-DD" }) effectiveDate: string) {
    return versionType(await itemListService.publish(effectiveDate));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: "放弃草稿" })
  async discardItemListDraft(): Promise<boolean> {
    return itemListService.discardDraft();
  }

  @FieldResolver(() => [CheckItemType])
  async items(@Root() v: ItemListVersionType): Promise<CheckItemType[]> {
    return (await itemsByVersionLoader().load(v.id)).map(CheckItemType.from);
  }

  @FieldResolver(() => TenantType)
  async department(@Root() v: ItemListVersionType): Promise<TenantType> {
    return department(v.tenantId);
  }
}

@Resolver(() => CheckItemType)
export class CheckItemResolver {
  @FieldResolver(() => TenantType, { description: "发起部门" })
  async initiatingDepartment(@Root() i: CheckItemType): Promise<TenantType> {
    return department(i.initiatingTenantId);
  }

  @FieldResolver(() => [TenantType], { description: "配合部门" })
  async cooperatingDepartments(@Root() i: CheckItemType): Promise<TenantType[]> {
    return Promise.all(i.cooperatingTenantIds.map(department));
  }

  @FieldResolver(() => TenantType, { description: "清单所属部门" })
  async department(@Root() i: CheckItemType): Promise<TenantType> {
    return department(i.tenantId);
  }
}

@Resolver(() => JointItemEntryType)
export class JointItemEntryResolver {
  @Public()
  @Query(() => [JointItemEntryType], { description: "部门联合随机抽查事项清单（一业一册，向社会公开）" })
  async jointItemList(
    @Arg("industry", () => String, { nullable: true }) industry?: string | null,
  ): Promise<JointItemEntryType[]> {
    return (await jointItemService.list(industry)).map(JointItemEntryType.from);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointItemEntryType, { description: "牵头部门：将某部门已发布的事项加入联合清单" })
  async addJointItemEntry(@Arg("input") input: JointItemEntryInput): Promise<JointItemEntryType> {
    return JointItemEntryType.from(await jointItemService.add(input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => JointItemEntryType, { description: "牵头部门：从联合清单移除条目" })
  async removeJointItemEntry(@Arg("id", () => ID) id: string): Promise<JointItemEntryType> {
    return JointItemEntryType.from(await jointItemService.remove(id));
  }

  @FieldResolver(() => CheckItemType)
  async item(@Root() e: JointItemEntryType): Promise<CheckItemType> {
    const i = await checkItemLoader().load(e.checkItemId);
    if (!i) throw notFound("抽查事项");
    return CheckItemType.from(i);
  }

  @FieldResolver(() => TenantType)
  async department(@Root() e: JointItemEntryType): Promise<TenantType> {
    return department(e.departmentTenantId);
  }
}
