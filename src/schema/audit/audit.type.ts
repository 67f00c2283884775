import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ChainVerification } from "../../domain/audit-chain";
import type { AuditEventEntity } from "../../entities/audit/audit-event.entity";

@ObjectType("AuditEvent", { description: "留痕记录：租户哈希链中的一环（只增不改）" })
export class AuditEventType {
  @Field({ description: "本部门内的连续序号（bigint，十进制字符串）" }) seq: string;
  @Field({ description: "发生时间（数据库服务器时钟）" }) occurredAt: Date;
  @Field({ description: "操作者：user:<id>、apikey:<id> 或 anonymous" }) actor: string;
  @Field({ description: "操作，如 user.create" }) action: string;
  @Field({ description: "对象类型" }) entityType: string;
  @Field(() => String, { nullable: true, description: "对象编号" }) entityId: string | null;
  @Field(() => String, { nullable: true, description: "变更前内容摘要（SHA-256，已脱敏的规范 JSON）" })
  beforeDigest: string | null;
  @Field(() => String, { nullable: true, description: "变更后内容摘要（SHA-256，已脱敏的规范 JSON）" })
  afterDigest: string | null;
  @Field(() => String, { nullable: true, description: "已脱敏的摘要信息（JSON 文本）" }) summary: string | null;
  @Field(() => String, { nullable: true, description: "请求编号" }) requestId: string | null;
  @Field({ description: "上一环的哈希" }) prevHash: string;
  @Field({ description: "本环哈希" }) hash: string;

  static from(e: AuditEventEntity): AuditEventType {
    return Object.assign(new AuditEventType(), {
      seq: e.seq,
      occurredAt: e.occurredAt,
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      beforeDigest: e.beforeDigest,
      afterDigest: e.afterDigest,
      summary: e.summary,
      requestId: e.requestId,
      prevHash: e.prevHash,
      hash: e.hash,
    });
  }
}

@ObjectType("AuditEventPage")
export class AuditEventPage {
  @Field(() => [AuditEventType]) items: AuditEventType[];
  @Field(() => Int) total: number;
}

export enum AuditChainBreakReason {
  SEQ_GAP = "SEQ_GAP",
  PREV_HASH_MISMATCH = "PREV_HASH_MISMATCH",
  HASH_MISMATCH = "HASH_MISMATCH",
  TENANT_MISMATCH = "TENANT_MISMATCH",
}
registerEnumType(AuditChainBreakReason, {
  name: "AuditChainBreakReason",
  valuesConfig: {
    SEQ_GAP: { description: "序号不连续：有记录被删除或插入" },
    PREV_HASH_MISMATCH: { description: "与上一环的哈希不一致：上一环或本环被改动" },
    HASH_MISMATCH: { description: "本环内容与其哈希不一致：本环被改动" },
    TENANT_MISMATCH: { description: "记录不属于本部门" },
  },
});

const MESSAGES: Record<AuditChainBreakReason, (seq: string) => string> = {
  SEQ_GAP: (seq) => `第 ${seq} 条记录之前的序号不连续，可能有记录被删除`,
  PREV_HASH_MISMATCH: (seq) => `第 ${seq} 条记录与上一条记录的哈希不一致，记录可能被篡改`,
  HASH_MISMATCH: (seq) => `第 ${seq} 条记录的内容与其哈希不一致，记录可能被篡改`,
  TENANT_MISMATCH: (seq) => `第 ${seq} 条记录不属于本部门`,
};

@ObjectType("AuditChainBreak", { description: "第一个断开的环节" })
export class AuditChainBreakType {
  @Field({ description: "序号" }) seq: string;
  @Field(() => AuditChainBreakReason) reason: AuditChainBreakReason;
  @Field({ description: "说明" }) message: string;
}

@ObjectType("AuditChainVerification", { description: "留痕哈希链校验结果" })
export class AuditChainVerificationType {
  @Field({ description: "整条链完好" }) valid: boolean;
  @Field(() => Int, { description: "已校验的记录数（到第一个断点为止）" }) checked: number;
  @Field(() => AuditChainBreakType, { nullable: true }) firstBroken: AuditChainBreakType | null;

  static from(v: ChainVerification): AuditChainVerificationType {
    const broken = v.firstBroken
      ? Object.assign(new AuditChainBreakType(), {
          seq: v.firstBroken.seq,
          reason: v.firstBroken.reason as AuditChainBreakReason,
          message: MESSAGES[v.firstBroken.reason as AuditChainBreakReason](v.firstBroken.seq),
        })
      : null;
    return Object.assign(new AuditChainVerificationType(), { valid: v.valid, checked: v.checked, firstBroken: broken });
  }
}
