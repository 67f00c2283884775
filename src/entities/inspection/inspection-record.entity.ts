import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export type InspectionMode = "ON_SITE" | "WRITTEN" | "ONLINE_MONITORING" | "POSTAL" | "SELF_INSPECTION" | "THIRD_PARTY";

/** One check item's line of the record (检查项目). */
export interface RecordLine {
  checkItemId: string;
  itemName: string;
  checked: boolean;
  notCheckedReason: string | null;
  result: string;
  rectificationOrdered: boolean;
  rectified: boolean;
  notes: string | null;
  legalBasis: string | null;
}

export interface InspectorSignoff {
  inspectorId: string;
  signedAt: string;
}

/** 抽查情况记录表 (seed 004 附件5), one per assignment. */
@Entity("inspection_record")
export class InspectionRecordEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "assignment_id" }) assignmentId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("uuid", { name: "accepted_by", array: true }) acceptedBy: string[];
  @Column("text", { nullable: true }) mode: InspectionMode | null;
  @Column("date", { name: "materials_due", nullable: true }) materialsDue: string | null;
  @Column("text", { name: "third_party_org", nullable: true }) thirdPartyOrg: string | null;
  @Column("date", { name: "inspected_on", nullable: true }) inspectedOn: string | null;
  @Column("jsonb") lines: RecordLine[];
  @Column("text", { nullable: true }) situation: string | null;
  @Column("text", { name: "handling_opinion", nullable: true }) handlingOpinion: string | null;
  @Column("boolean", { name: "identity_shown", nullable: true }) identityShown: boolean | null;
  @Column("boolean", { name: "notice_shown", nullable: true }) noticeShown: boolean | null;
  @Column("text", { name: "target_signer_name", nullable: true }) targetSignerName: string | null;
  @Column("text", { name: "target_signer_role", nullable: true }) targetSignerRole: string | null;
  @Column("timestamptz", { name: "target_signed_at", nullable: true }) targetSignedAt: Date | null;
  @Column("text", { name: "refusal_reason", nullable: true }) refusalReason: string | null;
  @Column("text", { name: "refusal_witness", nullable: true }) refusalWitness: string | null;
  @Column("jsonb", { name: "inspector_signoffs" }) inspectorSignoffs: InspectorSignoff[];
  @Column("timestamptz", { name: "started_at", nullable: true }) startedAt: Date | null;
  @Column("timestamptz", { name: "recorded_at", nullable: true }) recordedAt: Date | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}

/** 证据材料 (append-only; a new version supersedes, never replaces). */
@Entity("inspection_attachment")
export class InspectionAttachmentEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "record_id" }) recordId: string;
  @Column("text", { name: "file_name" }) fileName: string;
  @Column("text", { name: "mime_type" }) mimeType: string;
  @Column("int", { name: "size_bytes" }) sizeBytes: number;
  @Column("text") sha256: string;
  @Column("bytea", { select: false }) content: Buffer;
  @Column("int") version: number;
  @Column("uuid", { name: "supersedes_id", nullable: true }) supersedesId: string | null;
  @Column("timestamptz", { name: "taken_at", nullable: true }) takenAt: Date | null;
  @Column("double precision", { nullable: true }) latitude: number | null;
  @Column("double precision", { nullable: true }) longitude: number | null;
  @Column("uuid", { name: "uploaded_by" }) uploadedBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
