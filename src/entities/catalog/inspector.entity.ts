import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/** 执法检查人员 (tenant-owned). The identity number is kept only as a keyed hash and its last four characters. */
@Entity("inspector")
export class InspectorEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") name: string;
  @Column("text", { nullable: true }) gender: string | null;
  @Column("text", { name: "id_number_hash", nullable: true, select: false }) idNumberHash: string | null;
  @Column("text", { name: "id_number_last4", nullable: true }) idNumberLast4: string | null;
  /** 执法证号 */
  @Column("text", { name: "certificate_no" }) certificateNo: string;
  @Column("text", { name: "enforcement_categories", array: true }) enforcementCategories: string[];
  /** 执法岗位 / 非执法岗位 */
  @Column("text") post: string;
  @Column("text", { nullable: true }) position: string | null;
  @Column("text", { array: true }) expertise: string[];
  @Column("text", { name: "region_code", nullable: true }) regionCode: string | null;
  @Column("text") status: string;
  @Column("date", { name: "status_since" }) statusSince: string;
  @Column("boolean", { name: "is_external_expert" }) isExternalExpert: boolean;
  @Column("text", { nullable: true }) organisation: string | null;
  @Column("uuid", { name: "user_id", nullable: true }) userId: string | null;
  @Column("boolean", { name: "leader_eligible" }) leaderEligible: boolean;
  @Column("text", { name: "sub_libraries", array: true }) subLibraries: string[];
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
