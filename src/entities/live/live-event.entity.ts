import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { LiveTopic } from "../../domain/live/topics";

/** 实时事件: one row of the live event log; `cursor` orders a stream and is what clients catch up "since". */
@Entity("live_event")
export class LiveEventEntity {
  @PrimaryGeneratedColumn({ type: "bigint" }) cursor: string;
  /** null: a public event (PUBLIC_RESULT). */
  @Column("uuid", { name: "tenant_id", nullable: true }) tenantId: string | null;
  /** Set for user-targeted topics (ASSIGNMENT, NOTICE). */
  @Column("uuid", { name: "user_id", nullable: true }) userId: string | null;
  @Column("text") topic: LiveTopic;
  @Column("jsonb") payload: Record<string, unknown>;
  @Column("uuid", { name: "published_by_tenant" }) publishedByTenant: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
