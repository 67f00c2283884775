import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { Role } from "../../auth/roles";

@Entity("app_user")
export class UserEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "tenant_id" }) tenantId: string;
  @Column("text") username: string;
  @Column("text", { name: "display_name" }) displayName: string;
  @Column("text", { name: "password_hash", select: false }) passwordHash: string;
  @Column("text", { array: true }) roles: Role[];
  @Column("boolean") active: boolean;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
