import { Column, Entity, PrimaryColumn } from "typeorm";

/** 留痕记录: one link of a tenant's hash chain. Insert-only; seq, prev_hash, occurred_at, hash come from a trigger. */
@Entity("audit_event")
export class AuditEventEntity {
  @PrimaryColumn("uuid", { name: "tenant_id" }) tenantId: string;
  /** bigint, gap-free per tenant; a decimal string. */
  @PrimaryColumn("bigint") seq: string;
  @Column("timestamptz", { name: "occurred_at" }) occurredAt: Date;
  @Column("text", { name: "request_id", nullable: true }) requestId: string | null;
  @Column("text") actor: string;
  @Column("text") action: string;
  @Column("text", { name: "entity_type" }) entityType: string;
  @Column("text", { name: "entity_id", nullable: true }) entityId: string | null;
  @Column("text", { name: "before_digest", nullable: true }) beforeDigest: string | null;
  @Column("text", { name: "after_digest", nullable: true }) afterDigest: string | null;
  /** Canonical JSON of a redacted summary. */
  @Column("text", { nullable: true }) summary: string | null;
  @Column("text", { name: "prev_hash" }) prevHash: string;
  @Column("text") hash: string;
}
