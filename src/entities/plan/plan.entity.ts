import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { PlanStatus } from "../../domain/plan/plan.lifecycle";

export type { PlanStatus };

/** 年度抽查计划 */
@Entity("annual_plan")
export class AnnualPlanEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("int") year: number;
  @Column("text") title: string;
  @Column("text") status: PlanStatus;
  @Column("date", { name: "due_date" }) dueDate: string;
  @Column("text", { name: "returned_reason", nullable: true }) returnedReason: string | null;
  @Column("timestamptz", { name: "submitted_at", nullable: true }) submittedAt: Date | null;
  @Column("uuid", { name: "submitted_by", nullable: true }) submittedBy: string | null;
  @Column("timestamptz", { name: "approved_at", nullable: true }) approvedAt: Date | null;
  @Column("uuid", { name: "approved_by", nullable: true }) approvedBy: string | null;
  @Column("timestamptz", { name: "published_at", nullable: true }) publishedAt: Date | null;
  /** 备案: filed with the coordinator. */
  @Column("timestamptz", { name: "filed_with_coordinator_at", nullable: true }) filedAt: Date | null;
  /** 抽查频次 "每年不少于 N 次": the rounds (drawn random tasks) the plan requires in its year; null = none set. */
  @Column("int", { name: "required_rounds", nullable: true }) requiredRounds: number | null;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
