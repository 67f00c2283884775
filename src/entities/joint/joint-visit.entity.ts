import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { DrawStatus } from "../../domain/plan/draw.lifecycle";
import type { VoidEntry } from "../../draw";
import type { JointTargetStatus, JointTeam, JointVisit, JointVisitStatus } from "../../joint";
import type { AnyDrawRecord } from "../draw/draw.entity";

export type JointDrawStatus = DrawStatus;

/** The initiating department's joint draw (append-only; voidable by its SUPERVISOR with a reason). */
@Entity("joint_draw")
export class JointDrawEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  /** 第几次抽取 of the task (a voided draw keeps its number). */
  @Column("int") sequence: number;
  @Column("text") status: JointDrawStatus;
  @Column("jsonb") record: AnyDrawRecord;
  @Column("text", { name: "seal_digest" }) sealDigest: string;
  @Column("int", { name: "population_size" }) populationSize: number;
  @Column("int", { name: "drawn_count" }) drawnCount: number;
  @Column("uuid", { name: "operator_id" }) operatorId: string;
  @Column("uuid", { name: "witness_id" }) witnessId: string;
  @Column("timestamptz", { name: "drawn_at" }) drawnAt: Date;
  /** End of the embargo: from then on the record is public once the plan is published. */
  @Column("timestamptz", { name: "public_after", nullable: true }) publicAfter: Date | null;
  @Column("text", { name: "void_reason", nullable: true }) voidReason: string | null;
  @Column("uuid", { name: "voided_by", nullable: true }) voidedBy: string | null;
  @Column("timestamptz", { name: "voided_at", nullable: true }) voidedAt: Date | null;
  @Column("jsonb", { name: "void_entry", nullable: true }) voidEntry: VoidEntry | null;
  @Column("uuid", { name: "lock_id", nullable: true }) lockId: string | null;
}

export type { JointTargetStatus };

/** One target of a joint task and its mixed team (联合检查组); team is null for a consolidation. */
@Entity("joint_target")
export class JointTargetEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  @Column("uuid", { name: "draw_id", nullable: true }) drawId: string | null;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text") stratum: string;
  /** CANCELLED with its draw (作废); kept for the history. */
  @Column("text") status: JointTargetStatus;
  @Column("jsonb", { nullable: true }) team: JointTeam | null;
  @Column("uuid", { name: "member_ids", array: true }) memberIds: string[];
  /** "tenantId:userId" of members linked to a user account: routes ASSIGNMENT events (never exposed). */
  @Column("text", { name: "member_user_keys", array: true }) memberUserKeys: string[];
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}

export type { JointVisitStatus };

/** 一次上门: the one visit to a target; `state` is the src/joint state machine's value once a date is proposed. */
@Entity("joint_visit")
export class JointVisitEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  @Column("uuid", { name: "target_id" }) targetId: string;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("uuid", { name: "coordinator_tenant_id" }) coordinatorTenantId: string;
  @Column("uuid", { name: "participant_ids", array: true }) participantIds: string[];
  @Column("text") status: JointVisitStatus;
  @Column("date", { name: "proposed_date", nullable: true }) proposedDate: string | null;
  @Column("date", { name: "agreed_date", nullable: true }) agreedDate: string | null;
  @Column("jsonb", { nullable: true }) state: JointVisit | null;
  /** Lines of the merged checklist (counted as items checked once the visit is complete). */
  @Column("int", { name: "items_checked" }) itemsChecked: number;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
