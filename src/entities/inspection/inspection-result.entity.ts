import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { PublicContent, WithholdableField, WithholdKind } from "../../domain/inspection/redaction";
import type { ResultStatus } from "../../domain/inspection/result.lifecycle";

export type { ResultStatus };

/** 检查结果类别 (shared code table). */
@Entity("result_code")
export class ResultCodeEntity {
  @PrimaryColumn("text") code: string;
  @Column("text") name: string;
  @Column("boolean", { name: "problem_found" }) problemFound: boolean;
  @Column("int", { name: "sort_order" }) sortOrder: number;
  /** Null for the shared table; else the department that added the code (e.g. 已迁出). */
  @Column("uuid", { name: "tenant_id", nullable: true }) tenantId: string | null;
}

/** A department's mapping to the provincial platform's result codes. */
@Entity("result_code_mapping")
export class ResultCodeMappingEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") code: string;
  @Column("text", { name: "provincial_code" }) provincialCode: string;
}

/** 检查结果: per department, target and assignment. */
@Entity("inspection_result")
export class InspectionResultEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "assignment_id" }) assignmentId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("uuid", { name: "record_id" }) recordId: string;
  @Column("text", { name: "category_code" }) categoryCode: string;
  @Column("text") problems: string;
  @Column("text") handling: string;
  @Column("jsonb") withheld: Array<{ field: WithholdableField; kind: WithholdKind }>;
  @Column("text") status: ResultStatus;
  @Column("int") version: number;
  @Column("text", { name: "returned_reason", nullable: true }) returnedReason: string | null;
  @Column("timestamptz", { name: "submitted_at", nullable: true }) submittedAt: Date | null;
  @Column("uuid", { name: "submitted_by", nullable: true }) submittedBy: string | null;
  @Column("timestamptz", { name: "approved_at", nullable: true }) approvedAt: Date | null;
  @Column("uuid", { name: "approved_by", nullable: true }) approvedBy: string | null;
  @Column("timestamptz", { name: "published_at", nullable: true }) publishedAt: Date | null;
  @Column("timestamptz", { name: "first_published_at", nullable: true }) firstPublishedAt: Date | null;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}

/** 结果公示: a redacted snapshot of one published version (public). */
@Entity("result_publication")
export class ResultPublicationEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "result_id" }) resultId: string;
  @Column("int") version: number;
  @Column("text", { name: "subject_name" }) subjectName: string;
  @Column("text", { name: "credit_code", nullable: true }) creditCode: string | null;
  @Column("text", { name: "category_code" }) categoryCode: string;
  @Column("date", { name: "inspected_on" }) inspectedOn: string;
  @Column("timestamptz", { name: "published_at" }) publishedAt: Date;
  @Column("jsonb") content: PublicContent;
  @Column("text", { name: "correction_reason", nullable: true }) correctionReason: string | null;
  @Column("jsonb", { nullable: true }) changes: string[] | null;
  @Column("timestamptz", { name: "superseded_at", nullable: true }) supersededAt: Date | null;
}
