import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type TenantKind = "COUNTY_BUREAU" | "TOWNSHIP_GOVERNMENT" | "OTHER" | "PLATFORM";

/** 部门: one tenant. */
@Entity("tenant")
export class TenantEntity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") code: string;
  @Column("text") name: string;
  /** 行政区划代码 */
  @Column("text", { name: "region_code" }) regionCode: string;
  @Column("text") kind: TenantKind;
  /** 联席会议办公室: coordinates joint plans. */
  @Column("boolean", { name: "is_coordinator" }) isCoordinator: boolean;
  /** A body designated to supervise the region's draws (纪委监委, 公证): its supervisors may witness them. */
  @Column("boolean", { name: "supervises_draws", default: false }) supervisesDraws: boolean;
  @Column("jsonb") settings: Record<string, unknown>;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
