import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { Role } from "../../auth/roles";

@Entity("api_key")
export class ApiKeyEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") name: string;
  @Column("text", { name: "secret_hash", select: false }) secretHash: string;
  @Column("text", { array: true }) roles: Role[];
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @Column("timestamptz", { name: "revoked_at", nullable: true }) revokedAt: Date | null;
  @Column("timestamptz", { name: "last_used_at", nullable: true }) lastUsedAt: Date | null;
}
