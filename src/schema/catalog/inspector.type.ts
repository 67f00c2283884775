import { Field, ID, Int, ObjectType } from "type-graphql";
import type { InspectorEntity } from "../../entities/catalog/inspector.entity";
import type { InspectorConflictEntity } from "../../entities/catalog/inspector-conflict.entity";
import type { InspectorShareEntity } from "../../entities/catalog/inspector-share.entity";
import { ConflictReason, Gender, InspectorPost, InspectorStatus } from "./catalog.enum";

/** 执法检查人员. Only the last four characters of the identity number are ever returned. */
@ObjectType("Inspector", { description: "执法检查人员" })
export class InspectorType {
  @Field(() => ID) id: string;
  tenantId: string;
  @Field() name: string;
  @Field(() => Gender, { nullable: true }) gender: Gender | null;
  @Field(() => String, { nullable: true, description: "身份证号码后四位" }) idNumberLast4: string | null;
  @Field({ description: "执法证号" }) certificateNo: string;
  @Field(() => [String], { description: "执法类别" }) enforcementCategories: string[];
  @Field(() => InspectorPost) post: InspectorPost;
  @Field(() => String, { nullable: true, description: "职务" }) position: string | null;
  @Field(() => [String], { description: "专业特长" }) expertise: string[];
  @Field(() => String, { nullable: true, description: "执法区域" }) regionCode: string | null;
  @Field(() => InspectorStatus) status: InspectorStatus;
  @Field({ description: "当前状态起始日期" }) statusSince: string;
  @Field({ description: "是否外部专家" }) isExternalExpert: boolean;
  @Field(() => String, { nullable: true, description: "所在单位（专家）" }) organisation: string | null;
  @Field(() => ID, { nullable: true, description: "关联的用户账号（接收检查任务）" }) userId: string | null;
  @Field({ description: "可担任检查组组长" }) leaderEligible: boolean;
  @Field(() => [String], { description: "子库" }) subLibraries: string[];

  static from(e: InspectorEntity): InspectorType {
    const { idNumberHash: _h, createdAt: _c, updatedAt: _u, ...rest } = e;
    return Object.assign(new InspectorType(), rest);
  }
}

@ObjectType("InspectorPage")
export class InspectorPage {
  @Field(() => [InspectorType]) items: InspectorType[];
  @Field(() => Int) total: number;
}

@ObjectType("InspectorConflict", { description: "回避声明" })
export class InspectorConflictType {
  @Field(() => ID) id: string;
  inspectorId: string;
  subjectId: string;
  @Field(() => ConflictReason) reason: ConflictReason;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => ID, { description: "声明人（用户）" }) declaredBy: string;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;

  static from(e: InspectorConflictEntity): InspectorConflictType {
    const { tenantId: _t, createdAt: _c, ...rest } = e;
    return Object.assign(new InspectorConflictType(), rest);
  }
}

@ObjectType("InspectorConflictPage")
export class InspectorConflictPage {
  @Field(() => [InspectorConflictType]) items: InspectorConflictType[];
  @Field(() => Int) total: number;
}

@ObjectType("InspectorShare", { description: "借给其他部门子库的执法检查人员（联合抽查）" })
export class InspectorShareType {
  @Field(() => ID) id: string;
  inspectorId: string;
  tenantId: string;
  partnerTenantId: string;
  @Field({ description: "对方部门的子库名称" }) subLibrary: string;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true }) validTo: string | null;

  static from(e: InspectorShareEntity): InspectorShareType {
    return Object.assign(new InspectorShareType(), e);
  }
}
