import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { AssignmentStatus } from "../../domain/inspection/inspection-record.lifecycle";
import type { DrawStatus } from "../../domain/plan/draw.lifecycle";
import type { DrawRecord, DrawRecordV2, VoidEntry } from "../../draw";

export type { AssignmentStatus, DrawStatus };

/** A v1 record (before issue 11) or a v2 one. */
export type AnyDrawRecord = DrawRecord | DrawRecordV2;

/** 随机抽取 (append-only; voiding keeps the row). */
@Entity("draw")
export class DrawEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  @Column("int") sequence: number;
  @Column("text") status: DrawStatus;
  @Column("jsonb") record: AnyDrawRecord;
  @Column("text", { name: "seal_digest" }) sealDigest: string;
  @Column("int", { name: "population_size" }) populationSize: number;
  @Column("int", { name: "drawn_count" }) drawnCount: number;
  @Column("uuid", { name: "operator_id" }) operatorId: string;
  @Column("uuid", { name: "witness_id" }) witnessId: string;
  @Column("timestamptz", { name: "drawn_at" }) drawnAt: Date;
  @Column("timestamptz", { name: "public_after", nullable: true }) publicAfter: Date | null;
  @Column("text", { name: "void_reason", nullable: true }) voidReason: string | null;
  @Column("uuid", { name: "voided_by", nullable: true }) voidedBy: string | null;
  @Column("timestamptz", { name: "voided_at", nullable: true }) voidedAt: Date | null;
  /** v2: the void's chain entry (docs/DRAW.md §15.8). */
  @Column("jsonb", { name: "void_entry", nullable: true }) voidEntry: VoidEntry | null;
  @Column("uuid", { name: "lock_id", nullable: true }) lockId: string | null;
}

/** JOINT: one department's part of a joint target (its members of the mixed team); no inspection_task. */
export type AssignmentKind = "RANDOM" | "DIRECT" | "COMPLAINT" | "JOINT";

/** One drawn target and its team (检查任务). */
@Entity("assignment")
export class AssignmentEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  /** Null for a JOINT part (its task is the joint task). */
  @Column("uuid", { name: "task_id", nullable: true }) taskId: string | null;
  @Column("uuid", { name: "joint_task_id", nullable: true }) jointTaskId: string | null;
  @Column("uuid", { name: "joint_target_id", nullable: true }) jointTargetId: string | null;
  /** RANDOM from a draw; JOINT from a joint draw (random too); DIRECT 指派 or COMPLAINT 投诉举报核查 never count as random checks. */
  @Column("text") kind: AssignmentKind;
  @Column("uuid", { name: "draw_id", nullable: true }) drawId: string | null;
  @Column("text", { name: "direct_reason", nullable: true }) directReason: string | null;
  @Column("uuid", { name: "assigned_by", nullable: true }) assignedBy: string | null;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") stratum: string;
  @Column("uuid", { name: "leader_id" }) leaderId: string;
  @Column("uuid", { name: "member_ids", array: true }) memberIds: string[];
  /** 随行专家/辅助人员 (not enforcement members: they neither count toward the team nor sign as inspectors). */
  @Column("uuid", { name: "expert_ids", array: true, default: () => "'{}'" }) expertIds: string[];
  @Column("date", { name: "window_from" }) windowFrom: string;
  @Column("date", { name: "window_to" }) windowTo: string;
  @Column("text") status: AssignmentStatus;
  @Column("date", { name: "inspected_on", nullable: true }) inspectedOn: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
