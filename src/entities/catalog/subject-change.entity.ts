import { Column, Entity, PrimaryColumn } from "typeorm";

/** One change of a shared subject's master data (登记、修改、合并), written by the registry's trigger only. */
@Entity("subject_change")
export class SubjectChangeEntity {
  /** bigint: pg returns it as a decimal string. */
  @PrimaryColumn("bigint") id: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("timestamptz", { name: "changed_at" }) changedAt: Date;
  /** The department that made the change (null: a migration). */
  @Column("uuid", { name: "tenant_id", nullable: true }) tenantId: string | null;
  @Column("uuid", { name: "changed_by", nullable: true }) changedBy: string | null;
  @Column("text") action: string;
  /** {column: {from, to}} */
  @Column("jsonb") changes: Record<string, { from: unknown; to: unknown } | unknown>;
  @Column("text", { nullable: true }) note: string | null;
}
