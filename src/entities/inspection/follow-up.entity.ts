import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { FollowUpStatus, TransferStatus } from "../../domain/inspection/follow-up.lifecycle";

export type FollowUpAction =
  | "CORRECTED_ON_SITE"
  | "RECTIFY_BY_DEADLINE"
  | "CASE_OPENED"
  | "ADMINISTRATIVE_PENALTY"
  | "TRANSFER_DEPARTMENT"
  | "TRANSFER_JUDICIAL"
  | "CREDIT_LISTING"
  | "REINSPECTION";

/** 后续处置台账 entry. */
@Entity("follow_up")
export class FollowUpEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "result_id", nullable: true }) resultId: string | null;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") action: FollowUpAction;
  @Column("text") description: string;
  @Column("text", { name: "responsible_person" }) responsiblePerson: string;
  @Column("date", { name: "due_date" }) dueDate: string;
  @Column("date", { name: "rectify_deadline", nullable: true }) rectifyDeadline: string | null;
  @Column("text") status: FollowUpStatus;
  @Column("uuid", { name: "source_transfer_id", nullable: true }) sourceTransferId: string | null;
  @Column("text", { name: "closing_note", nullable: true }) closingNote: string | null;
  /** 案件编号 */
  @Column("text", { name: "case_number", nullable: true }) caseNumber: string | null;
  /** 行政处罚决定 and its date; its publication (行政处罚信息公示) is due N working days later. */
  @Column("text", { name: "penalty_decision", nullable: true }) penaltyDecision: string | null;
  @Column("date", { name: "penalty_decided_on", nullable: true }) penaltyDecidedOn: string | null;
  @Column("date", { name: "penalty_published_on", nullable: true }) penaltyPublishedOn: string | null;
  @Column("timestamptz", { name: "closed_at", nullable: true }) closedAt: Date | null;
  @Column("uuid", { name: "closed_by", nullable: true }) closedBy: string | null;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}

export type TransferKind = "TRANSFER" | "NOTIFY" | "RISK_CLASS_PROPOSAL";

/** 移交/抄告 (and risk-class proposals) between departments: visible to sender and receiver only. */
@Entity("follow_up_transfer")
export class FollowUpTransferEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "from_tenant_id" }) fromTenantId: string;
  @Column("uuid", { name: "to_tenant_id" }) toTenantId: string;
  @Column("uuid", { name: "follow_up_id" }) followUpId: string;
  @Column("text") kind: TransferKind;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text", { name: "subject_name" }) subjectName: string;
  @Column("text") note: string;
  @Column("text", { name: "proposed_risk_class", nullable: true }) proposedRiskClass: string | null;
  @Column("text") status: TransferStatus;
  @Column("text", { name: "response_note", nullable: true }) responseNote: string | null;
  @Column("uuid", { name: "responded_by", nullable: true }) respondedBy: string | null;
  @Column("timestamptz", { name: "responded_at", nullable: true }) respondedAt: Date | null;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
