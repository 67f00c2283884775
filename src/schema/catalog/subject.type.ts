import { Field, ID, Int, ObjectType } from "type-graphql";
import { UNDRAWABLE_STATUSES } from "../../domain/catalog/code-tables";
import { COUNT_CAP } from "../../domain/paging";
import type { SubjectEntity } from "../../entities/catalog/subject.entity";
import type { SubjectChangeEntity } from "../../entities/catalog/subject-change.entity";
import type { SubjectStatusHistoryEntity } from "../../entities/catalog/subject-status-history.entity";
import { edgeType, PageInfoType } from "../pagination";
import { SubjectKind, SubjectStatus } from "./catalog.enum";

/** 检查对象: shared regional master data. */
@ObjectType("Subject", { description: "检查对象（全区域共享的主体信息）" })
export class SubjectType {
  @Field(() => ID) id: string;
  @Field(() => SubjectKind) kind: SubjectKind;
  @Field({ description: "名称" }) name: string;
  @Field(() => String, { nullable: true, description: "统一社会信用代码" }) creditCode: string | null;
  @Field(() => String, { nullable: true, description: "注册号" }) registrationNo: string | null;
  @Field(() => String, { nullable: true, description: "法定代表人（负责人）" }) legalRepresentative: string | null;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field(() => String, { nullable: true, description: "行政区划代码" }) regionCode: string | null;
  @Field(() => String, { nullable: true, description: "国民经济行业分类代码" }) industryCode: string | null;
  @Field(() => SubjectStatus) status: SubjectStatus;
  @Field() statusChangedAt: Date;
  @Field(() => String, { nullable: true, description: "列入经营异常名录日期" }) abnormalListSince: string | null;
  @Field(() => String, { nullable: true, description: "列入严重违法失信名单日期" }) blacklistSince: string | null;
  @Field({ description: "可参与随机抽取（注销、吊销的对象自动排除）" }) drawable: boolean;
  @Field() updatedAt: Date;
  /** Resolved to `steward` (the Tenant). */
  stewardTenantId: string | null;

  static from(e: SubjectEntity): SubjectType {
    return Object.assign(new SubjectType(), {
      id: e.id,
      kind: e.kind,
      name: e.name,
      creditCode: e.creditCode,
      registrationNo: e.registrationNo,
      legalRepresentative: e.legalRepresentative,
      address: e.address,
      regionCode: e.regionCode,
      industryCode: e.industryCode,
      status: e.status,
      statusChangedAt: e.statusChangedAt,
      abnormalListSince: e.abnormalListSince,
      blacklistSince: e.blacklistSince,
      drawable: !(UNDRAWABLE_STATUSES as readonly string[]).includes(e.status),
      updatedAt: e.updatedAt,
      stewardTenantId: e.stewardTenantId ?? null,
    });
  }
}

@ObjectType("SubjectStatusChange", { description: "检查对象状态变更记录" })
export class SubjectStatusChangeType {
  @Field(() => SubjectStatus) status: SubjectStatus;
  @Field() changedAt: Date;
  @Field(() => String, { nullable: true }) note: string | null;

  static from(e: SubjectStatusHistoryEntity): SubjectStatusChangeType {
    return Object.assign(new SubjectStatusChangeType(), { status: e.status, changedAt: e.changedAt, note: e.note });
  }
}

@ObjectType("SubjectFieldChange", { description: "一项登记信息的变更" })
export class SubjectFieldChangeType {
  @Field({ description: "字段（数据库列名，如 name、status）" }) field: string;
  @Field(() => String, { nullable: true, description: "原值" }) from: string | null;
  @Field(() => String, { nullable: true, description: "新值" }) to: string | null;
}

@ObjectType("SubjectChange", { description: "检查对象登记信息的变更记录（共享主体库）" })
export class SubjectChangeType {
  @Field(() => ID) id: string;
  @Field() changedAt: Date;
  @Field({ description: "REGISTER 登记 / UPDATE 修改或补充 / MERGE 合并重复登记" }) action: string;
  @Field(() => [SubjectFieldChangeType]) fields: SubjectFieldChangeType[];
  @Field(() => String, { nullable: true }) note: string | null;
  /** Resolved to `department`. */
  tenantId: string | null;

  static from(e: SubjectChangeEntity): SubjectChangeType {
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const fields = Object.entries(e.changes ?? {})
      .filter(([, v]) => typeof v === "object" && v !== null && "to" in v)
      .map(([field, v]) => {
        const { from, to } = v as { from: unknown; to: unknown };
        return Object.assign(new SubjectFieldChangeType(), { field, from: text(from), to: text(to) });
      });
    return Object.assign(new SubjectChangeType(), {
      id: e.id,
      changedAt: e.changedAt,
      action: e.action,
      fields,
      note: e.note,
      tenantId: e.tenantId,
    });
  }
}

const SubjectEdge = edgeType("SubjectEdge", SubjectType);

@ObjectType("SubjectPage", { description: "检查对象列表（也是 Relay connection：edges + pageInfo）" })
export class SubjectPage {
  @Field(() => [SubjectType]) items: SubjectType[];
  @Field(() => Int) total: number;
  @Field({ description: `total 为估计值：超过 ${COUNT_CAP.toLocaleString("en-US")} 条时按统计信息估计，不再逐条计数` })
  totalIsEstimate: boolean;
  @Field(() => [SubjectEdge]) edges: Array<InstanceType<typeof SubjectEdge>>;
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}
