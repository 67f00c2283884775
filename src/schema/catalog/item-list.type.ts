import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { versionLabel } from "../../domain/catalog/version-label";
import type { CheckItemEntity } from "../../entities/catalog/check-item.entity";
import type { ItemListVersionEntity } from "../../entities/catalog/item-list-version.entity";
import type { JointItemEntryEntity } from "../../entities/catalog/joint-item-entry.entity";
import { CheckMethod, ItemClass, ItemListStatus, LegalBasisKind, SubjectKind } from "./catalog.enum";

@ObjectType("LegalBasis", { description: "检查依据（一条引用）" })
export class LegalBasisType {
  @Field(() => LegalBasisKind) kind: LegalBasisKind;
  @Field({ description: "名称，如《粮食流通管理条例》" }) title: string;
  @Field({ description: "条款，如 第十七条、第二十条" }) articles: string;
  @Field({ description: "条文（可为富文本）" }) text: string;
}

/** One item of a 随机抽查事项清单 version. */
@ObjectType("CheckItem", { description: "随机抽查事项" })
export class CheckItemType {
  @Field(() => ID) id: string;
  tenantId: string;
  @Field(() => ID) listVersionId: string;
  @Field({ description: "抽查事项编码" }) code: string;
  @Field({ description: "抽查类别" }) category: string;
  @Field({ description: "抽查事项" }) name: string;
  @Field({ description: "抽查内容（可为富文本）" }) content: string;
  @Field(() => [CheckMethod]) methods: CheckMethod[];
  @Field(() => [LegalBasisType]) legalBasis: LegalBasisType[];
  @Field(() => [SubjectKind], { description: "适用的检查对象类型" }) targetKinds: SubjectKind[];
  @Field(() => [String], { description: "适用行业（国民经济行业分类代码前缀）；空表示不限行业" })
  targetIndustryCodes: string[];
  @Field(() => String, { nullable: true, description: "检查对象（清单原文）" }) targetDescription: string | null;
  @Field(() => ItemClass) itemClass: ItemClass;
  @Field(() => Float, { nullable: true, description: "抽查比例上限（0–1）；一般事项必填" }) ratioCap: number | null;
  @Field(() => Float, { nullable: true, description: "默认抽查比例（0–1）" }) defaultRatio: number | null;
  @Field(() => String, { nullable: true, description: "抽查频次" }) frequency: string | null;
  @Field(() => [String], { description: "检查人员须具备的执法类别" }) requiredCategories: string[];
  initiatingTenantId: string;
  cooperatingTenantIds: string[];

  static from(e: CheckItemEntity): CheckItemType {
    const { sortOrder: _s, updatedAt: _u, ...rest } = e;
    return Object.assign(new CheckItemType(), rest, {
      legalBasis: e.legalBasis.map((b) => Object.assign(new LegalBasisType(), b)),
    });
  }
}

/** A version of a department's 随机抽查事项清单. */
@ObjectType("ItemListVersion", { description: "随机抽查事项清单版本" })
export class ItemListVersionType {
  @Field(() => ID) id: string;
  tenantId: string;
  @Field(() => Int) versionNo: number;
  @Field({ description: "第一版、第二版……" }) label: string;
  @Field(() => ItemListStatus) status: ItemListStatus;
  @Field(() => String, { nullable: true, description: "生效日期" }) effectiveDate: string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "草稿最近修改时间" }) draftChangedAt: Date | null;
  @Field({ description: "草稿修改后超过本部门设定的工作日数（默认 10 个）仍未发布" }) draftChangeOverdue: boolean;

  static from(e: ItemListVersionEntity, draftChangeOverdue = false): ItemListVersionType {
    return Object.assign(new ItemListVersionType(), {
      id: e.id,
      tenantId: e.tenantId,
      versionNo: e.versionNo,
      label: versionLabel(e.versionNo),
      status: e.status,
      effectiveDate: e.effectiveDate,
      publishedAt: e.publishedAt,
      draftChangedAt: e.status === "DRAFT" ? e.draftChangedAt : null,
      draftChangeOverdue,
    });
  }
}

@ObjectType("CheckItemChange", { description: "两个版本之间有变化的事项" })
export class CheckItemChangeType {
  @Field() code: string;
  @Field(() => [String], { description: "有变化的字段" }) fields: string[];
  @Field(() => CheckItemType) before: CheckItemType;
  @Field(() => CheckItemType) after: CheckItemType;
}

@ObjectType("ItemListDiff", { description: "两个清单版本的差异（按事项编码比较）" })
export class ItemListDiffType {
  @Field(() => ItemListVersionType) from: ItemListVersionType;
  @Field(() => ItemListVersionType) to: ItemListVersionType;
  @Field(() => [CheckItemType]) added: CheckItemType[];
  @Field(() => [CheckItemType]) removed: CheckItemType[];
  @Field(() => [CheckItemChangeType]) changed: CheckItemChangeType[];
}

/** An entry of the coordinator's 部门联合随机抽查事项清单. */
@ObjectType("JointItemEntry", { description: "部门联合随机抽查事项清单条目" })
export class JointItemEntryType {
  @Field(() => ID) id: string;
  @Field({ description: "行业（一业一册）" }) industry: string;
  @Field({ description: "同一事项的归并键：键相同的事项联合检查时只查一次" }) equivalenceKey: string;
  checkItemId: string;
  departmentTenantId: string;
  @Field(() => Int) sortOrder: number;

  static from(e: JointItemEntryEntity): JointItemEntryType {
    const { tenantId: _t, createdAt: _c, ...rest } = e;
    return Object.assign(new JointItemEntryType(), rest);
  }
}
