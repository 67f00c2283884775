import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { JointParticipationStatus } from "../../joint/joint-participation.lifecycle";

/** The states of src/joint/joint-participation.lifecycle.ts. */
export type ParticipationStatus = JointParticipationStatus;

/** A department's own team rule for its share of the mixed teams. */
export interface JointTeamRule {
  minSize: number;
  maxSize: number;
  requiredCategories: string[];
  subLibrary: string | null;
  requireLeader: boolean;
  maxAssignments: number | null;
  rotationMonths: number;
  /** 随行专家/辅助人员 of this department, drawn per target from its expert sub-library (as a department task's). */
  experts?: { count: number; subLibrary: string } | null;
}

/** 参与部门: one department's participation in one joint task (the row RLS visibility is keyed on). */
@Entity("joint_participation")
export class JointParticipationEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  @Column("uuid", { name: "plan_id" }) planId: string;
  /** The participating department. */
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "coordinator_tenant_id" }) coordinatorTenantId: string;
  @Column("boolean", { name: "is_initiator" }) isInitiator: boolean;
  @Column("text") status: ParticipationStatus;
  /** Suggested by the coordinator: check item ids or joint item entry ids. */
  @Column("uuid", { name: "proposed_item_ids", array: true }) proposedItemIds: string[];
  /** Confirmed: the department's published check items (joint entries resolved to their items). */
  @Column("uuid", { name: "item_ids", array: true }) itemIds: string[];
  @Column("uuid", { name: "joint_entry_ids", array: true }) jointEntryIds: string[];
  @Column("jsonb", { name: "team_rule", nullable: true }) teamRule: JointTeamRule | null;
  @Column("text", { name: "decline_reason", nullable: true }) declineReason: string | null;
  @Column("timestamptz", { name: "confirmed_at", nullable: true }) confirmedAt: Date | null;
  @Column("timestamptz", { name: "declined_at", nullable: true }) declinedAt: Date | null;
  @Column("uuid", { name: "responded_by", nullable: true }) respondedBy: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
