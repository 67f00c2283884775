import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 部门联合抽查计划: owned by the coordinator tenant (联席会议办公室). */
@Entity("joint_plan")
export class JointPlanEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("int") year: number;
  @Column("text") title: string;
  @Column("date", { name: "due_date" }) dueDate: string;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
