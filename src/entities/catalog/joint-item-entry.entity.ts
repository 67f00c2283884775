import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** An entry of the coordinator's 部门联合随机抽查事项清单, referencing a department's published item (一业一册). */
@Entity("joint_item_entry")
export class JointItemEntryEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") industry: string;
  @Column("uuid", { name: "check_item_id" }) checkItemId: string;
  @Column("uuid", { name: "department_tenant_id" }) departmentTenantId: string;
  /** Entries sharing this key are the same matter, checked once on a joint visit. */
  @Column("text", { name: "equivalence_key" }) equivalenceKey: string;
  @Column("int", { name: "sort_order" }) sortOrder: number;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
