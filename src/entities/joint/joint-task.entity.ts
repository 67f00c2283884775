import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { SamplingRule } from "../../draw";
import type { JointTaskStatus } from "../../joint/joint-task.lifecycle";
import type { StratifyBy } from "../plan/task.entity";

export type { JointTaskStatus };
/** DRAW: drawn by the initiating department; CONSOLIDATION: departments' own draws sharing one visit. */
export type JointTaskOrigin = "DRAW" | "CONSOLIDATION";

/** 检查对象范围 of the initiating department's directory. */
export interface JointTargetScope {
  subjectKinds?: string[];
  industryCodes?: string[];
  regionCodes?: string[];
  subLibraries?: string[];
  tags?: string[];
}

/** 联合抽查任务 (row of the coordinator; the initiating department approves and draws it). */
@Entity("joint_task")
export class JointTaskEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  /** The coordinator tenant. */
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "plan_id" }) planId: string;
  @Column("text") name: string;
  @Column("text") origin: JointTaskOrigin;
  /** 发起部门 */
  @Column("uuid", { name: "initiating_tenant_id" }) initiatingTenantId: string;
  @Column("date", { name: "window_from" }) windowFrom: string;
  @Column("date", { name: "window_to" }) windowTo: string;
  @Column("jsonb", { name: "target_scope" }) targetScope: JointTargetScope;
  @Column("jsonb", { name: "sampling_rule", nullable: true }) samplingRule: SamplingRule | null;
  @Column("text", { name: "stratify_by" }) stratifyBy: StratifyBy;
  /** 需准备的材料, printed on the notice. */
  @Column("text", { array: true }) materials: string[];
  @Column("text") status: JointTaskStatus;
  @Column("text", { nullable: true }) commitment: string | null;
  @Column("timestamptz", { name: "approved_at", nullable: true }) approvedAt: Date | null;
  @Column("uuid", { name: "approved_by", nullable: true }) approvedBy: string | null;
  @Column("uuid", { name: "consolidated_task_ids", array: true }) consolidatedTaskIds: string[];
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
