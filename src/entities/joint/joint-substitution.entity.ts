import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { SubstitutionEntry, SubstitutionEntryV2 } from "../../draw";

/** 回避/递补 in a joint team: one department's inspector replaced from that department's ranking in the record. */
@Entity("joint_substitution")
export class JointSubstitutionEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  /** The department whose inspector was recused (its SUPERVISOR approved). */
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "task_id" }) taskId: string;
  @Column("uuid", { name: "draw_id" }) drawId: string;
  @Column("uuid", { name: "target_id" }) targetId: string;
  /** Position in the draw's chain of substitutions (1, 2, …): the record's order. */
  @Column("int") sequence: number;
  @Column("uuid", { name: "recused_id" }) recusedId: string;
  @Column("uuid", { name: "substitute_id" }) substituteId: string;
  @Column("text", { name: "reason_code" }) reasonCode: string;
  @Column("text", { name: "reason_note" }) reasonNote: string;
  @Column("text", { name: "requested_by" }) requestedBy: string;
  @Column("uuid", { name: "approved_by" }) approvedBy: string;
  @Column("jsonb") entry: SubstitutionEntry | SubstitutionEntryV2;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
