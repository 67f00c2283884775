import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/** A subject's membership in one department's 检查对象名录库 (tenant-owned). */
@Entity("directory_entry")
export class DirectoryEntryEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  /** The department's own risk/credit class (A/B/C/D or its own scale). */
  @Column("text", { name: "risk_class", nullable: true }) riskClass: string | null;
  @Column("text", { name: "risk_source", nullable: true }) riskSource: string | null;
  @Column("date", { name: "risk_assessed_on", nullable: true }) riskAssessedOn: string | null;
  /** 行业标签 */
  @Column("text", { array: true }) tags: string[];
  /** 子库 names */
  @Column("text", { name: "sub_libraries", array: true }) subLibraries: string[];
  @Column("date", { name: "supervised_since", nullable: true }) supervisedSince: string | null;
  @Column("text", { nullable: true }) notes: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
