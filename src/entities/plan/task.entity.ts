import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { TaskStatus } from "../../domain/plan/task.lifecycle";
import type { SamplingRule } from "../../draw";

export type { TaskStatus };

export type TaskKind = "DIRECTED" | "UNDIRECTED" | "COMPLAINT";
export type StratifyBy = "RISK_CLASS" | "TAG" | "NONE" | "CREDIT";
/** 任务来源: the department's own random task, 上级下发 (assigned from a higher level) or 跨区域 (cross-region). */
export type TaskOrigin = "OWN" | "HIGHER_LEVEL" | "CROSS_REGION";

/** 定向 filters: which directory entries are in the population. */
export interface TaskFilters {
  subjectKinds?: string[];
  regionCodes?: string[];
  industryCodes?: string[];
  tags?: string[];
  subLibraries?: string[];
  riskClasses?: string[];
  campaignReason?: string | null;
}

/** 回避/轮换 and caps for the inspector draw. */
export interface TaskTeamRule {
  minSize: number;
  maxSize: number;
  requiredCategories: string[];
  subLibrary: string | null;
  requireLeader: boolean;
  maxAssignments: number | null;
  rotationMonths: number;
  allowDirectAssignment: boolean;
  /**
   * 随行专家/辅助人员: drawn per target from their own sub-library beside the enforcement team, never counted toward
   * minSize (the draw's second inspector config, see src/services/draw/inspector-pool.service.ts).
   */
  experts?: { count: number; subLibrary: string } | null;
}

/** Population exclusions (each optional); months of 0 or null switch one off. */
export interface TaskExclusions {
  inspectedBySelfWithinMonths: number | null;
  inspectedByAnyWithinMonths: number | null;
  yearlyCapAcrossDepartments: number | null;
  excludeNonActive: boolean;
  /** 上次检查未发现问题的，间隔 N 个月内不再抽取 (ARCH: at least a year). */
  cleanResultWithinMonths?: number | null;
}

/** 抽查任务 */
@Entity("inspection_task")
export class InspectionTaskEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "plan_id" }) planId: string;
  @Column("text") name: string;
  @Column("text") kind: TaskKind;
  @Column("uuid", { name: "item_ids", array: true }) itemIds: string[];
  @Column("jsonb") filters: TaskFilters;
  @Column("date", { name: "window_from" }) windowFrom: string;
  @Column("date", { name: "window_to" }) windowTo: string;
  @Column("jsonb", { name: "sampling_rule" }) samplingRule: SamplingRule;
  @Column("text", { name: "stratify_by" }) stratifyBy: StratifyBy;
  @Column("text", { name: "policy_override_reason", nullable: true }) policyOverrideReason: string | null;
  @Column("jsonb", { name: "team_rule" }) teamRule: TaskTeamRule;
  @Column("jsonb") exclusions: TaskExclusions;
  @Column("text") status: TaskStatus;
  /** SHA-256 of the secret server seed, published at approval. */
  @Column("text", { nullable: true }) commitment: string | null;
  @Column("timestamptz", { name: "approved_at", nullable: true }) approvedAt: Date | null;
  @Column("uuid", { name: "approved_by", nullable: true }) approvedBy: string | null;
  /** Embargo: the drawn list becomes public at this time. */
  @Column("timestamptz", { name: "publish_draw_at", nullable: true }) publishDrawAt: Date | null;
  @Column("int", { name: "draw_embargo_days" }) drawEmbargoDays: number;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @Column("text", { default: "OWN" }) origin: TaskOrigin;
  /** 上级下发: the issuing authority; 跨区域: the other region (or its department). Null for OWN. */
  @Column("text", { name: "origin_authority", nullable: true }) originAuthority: string | null;
  /** 文号 of the higher-level instruction or the cross-region agreement. */
  @Column("text", { name: "origin_reference", nullable: true }) originReference: string | null;
  /** 专项检查/专项整治 this task belongs to. */
  @Column("uuid", { name: "campaign_id", nullable: true }) campaignId: string | null;
}

export type CampaignKind = "SPECIAL_CHECK" | "SPECIAL_RECTIFICATION";

/** 专项检查 / 专项整治: a named campaign with its own period, grouping directed tasks of one department. */
@Entity("inspection_campaign")
export class InspectionCampaignEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") name: string;
  @Column("text") kind: CampaignKind;
  @Column("date", { name: "period_from" }) periodFrom: string;
  @Column("date", { name: "period_to" }) periodTo: string;
  @Column("text") basis: string;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
