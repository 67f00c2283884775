import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/** 联席会议成员单位: kept by the coordinator (tenant_id); linked to its tenant once the unit is on the platform. */
@Entity("joint_member_unit")
export class JointMemberUnitEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  /** The coordinator (联席会议办公室) that keeps the register. */
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") name: string;
  @Column("uuid", { name: "member_tenant_id", nullable: true }) memberTenantId: string | null;
  /** 成员: the unit's 分管负责同志 on the joint meeting (name and post). */
  @Column("text") representative: string;
  /** 联络员 */
  @Column("text", { name: "liaison_name" }) liaisonName: string;
  @Column("text", { name: "liaison_phone" }) liaisonPhone: string;
  @Column("timestamptz", { name: "liaison_changed_at", nullable: true }) liaisonChangedAt: Date | null;
  @Column("int", { name: "sort_order" }) sortOrder: number;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
