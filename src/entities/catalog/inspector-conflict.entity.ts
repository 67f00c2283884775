import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 回避声明: an inspector's conflict of interest with a subject, valid for a period. */
@Entity("inspector_conflict")
export class InspectorConflictEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "inspector_id" }) inspectorId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") reason: string;
  @Column("text", { nullable: true }) note: string | null;
  @Column("uuid", { name: "declared_by" }) declaredBy: string;
  @Column("date", { name: "valid_from" }) validFrom: string;
  @Column("date", { name: "valid_to", nullable: true }) validTo: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
