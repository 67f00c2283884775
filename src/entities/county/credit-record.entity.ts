import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type CreditRecordKind = "INSPECTION_PROBLEM" | "ABNORMAL_LIST" | "ADMINISTRATIVE_PENALTY";

/** 信用记录: one public credit fact about a subject, written by the department whose work produced it. */
@Entity("credit_record")
export class CreditRecordEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") kind: CreditRecordKind;
  @Column("text") basis: string;
  @Column("date", { name: "recorded_on" }) recordedOn: string;
  @Column("uuid", { name: "source_publication_id", nullable: true }) sourcePublicationId: string | null;
  @Column("uuid", { name: "source_follow_up_id", nullable: true }) sourceFollowUpId: string | null;
  @Column("timestamptz", { name: "superseded_at", nullable: true }) supersededAt: Date | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
