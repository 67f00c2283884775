import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/** 检查对象: regional master data shared by all departments (not tenant-owned). */
@Entity("subject")
export class SubjectEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") kind: string;
  @Column("text") name: string;
  /** 统一社会信用代码 (GB 32100-2015), optional. */
  @Column("text", { name: "credit_code", nullable: true }) creditCode: string | null;
  /** 注册号 for targets without a credit code. */
  @Column("text", { name: "registration_no", nullable: true }) registrationNo: string | null;
  @Column("text", { name: "legal_representative", nullable: true }) legalRepresentative: string | null;
  @Column("text", { nullable: true }) address: string | null;
  @Column("text", { name: "region_code", nullable: true }) regionCode: string | null;
  /** 国民经济行业分类 (GB/T 4754). */
  @Column("text", { name: "industry_code", nullable: true }) industryCode: string | null;
  @Column("text") status: string;
  @Column("timestamptz", { name: "status_changed_at" }) statusChangedAt: Date;
  /** 列入经营异常名录 since. */
  @Column("date", { name: "abnormal_list_since", nullable: true }) abnormalListSince: string | null;
  /** 列入严重违法失信名单（黑名单） since. */
  @Column("date", { name: "blacklist_since", nullable: true }) blacklistSince: string | null;
  /** 维护部门: the department that registered the subject; it and the coordinator may change set master fields. */
  @Column({ type: "uuid", name: "steward_tenant_id", nullable: true, insert: false, update: false })
  stewardTenantId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
