import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One status change of a subject (存续 → 注销 …). */
@Entity("subject_status_history")
export class SubjectStatusHistoryEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") status: string;
  @Column("timestamptz", { name: "changed_at" }) changedAt: Date;
  @Column("uuid", { name: "changed_by_tenant_id", nullable: true }) changedByTenantId: string | null;
  @Column("uuid", { name: "changed_by", nullable: true }) changedBy: string | null;
  @Column("text", { nullable: true }) note: string | null;
}
