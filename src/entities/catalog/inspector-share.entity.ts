import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** An inspector lent by the owning department (tenantId) to a partner department's sub-library for joint work. */
@Entity("inspector_share")
export class InspectorShareEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("uuid", { name: "inspector_id" }) inspectorId: string;
  @Column("uuid", { name: "partner_tenant_id" }) partnerTenantId: string;
  @Column("text", { name: "sub_library" }) subLibrary: string;
  @Column("date", { name: "valid_from" }) validFrom: string;
  @Column("date", { name: "valid_to", nullable: true }) validTo: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
